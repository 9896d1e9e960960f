package io.spidernet.spiderpool.controller.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.spidernet.spiderpool.controller.ControllerConfig;
import io.spidernet.spiderpool.controller.reconcile.MultusConfigNads;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The admission webhooks as the API server meets them: AdmissionReviews over HTTPS on the webhook
 * port, trusting only the CA the controller put in its Secret and in the webhook configurations
 * (loaded from deploy/controller/webhooks.yaml). Stored objects come from the test API server
 * through the controller's informers. The delete guard is on, as D00004 needs.
 */
@QuarkusTest
@TestProfile(WebhookServerTest.DeleteGuardOn.class)
@WithKubernetesTestServer(crud = true, setup = WebhookServerTest.Cluster.class)
class WebhookServerTest {
    private static final String NS = "kube-system";
    private static final String POOL = "spiderippool";
    private static final String SUBNET = "spidersubnet";

    public static final class DeleteGuardOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("spiderpool.controller.webhook.enable-validating-resources-deleted-webhook", "true");
        }
    }

    /** Before the controller starts: the CRDs and the webhook configurations it must patch. */
    public static final class Cluster implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            KubernetesClient client = server.getClient();
            try {
                for (String plural : List.of("spiderippools", "spidersubnets", "spiderreservedips", "spidercoordinators")) {
                    try (InputStream in = Files.newInputStream(Path.of("../deploy/crds/" + plural + ".spiderpool.spidernet.io.yaml"))) {
                        client.apiextensions().v1().customResourceDefinitions().load(in).create();
                    }
                }
                try (InputStream in = Files.newInputStream(Path.of("../deploy/controller/webhooks.yaml"))) {
                    client.load(in).items().forEach(o -> client.resource(o).create());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    WebhookServer webhooks;

    @Inject
    ControllerConfig controllerConfig;

    private KubernetesClient client;
    private WebhookHttps https;

    @BeforeEach
    void connect() throws Exception {
        client = server.getClient();
        Secret secret = client.secrets().inNamespace(NS).withName("spiderpool-controller-server-certs").get();
        TlsMaterial stored = WebhookCertificates.material(secret).orElseThrow();
        https = new WebhookHttps(webhooks.port(), stored.caCertificate(), "spiderpool-controller.kube-system.svc");
    }

    @Test
    void theCaBundleOfBothWebhookConfigurationsIsTheSecretsCa() {
        Secret secret = client.secrets().inNamespace(NS).withName("spiderpool-controller-server-certs").get();
        String bundle = secret.getData().get(WebhookCertificates.CA_KEY);

        assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(webhooks.tls().certPem()).isEqualTo(decode(secret.getData().get(WebhookCertificates.CERT_KEY)));
        assertThat(client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("spiderpool-controller").get()
                .getWebhooks()).hasSize(5).extracting(MutatingWebhook::getClientConfig).allSatisfy(c -> assertThat(c.getCaBundle()).isEqualTo(bundle));
        assertThat(client.admissionRegistration().v1().validatingWebhookConfigurations().withName("spiderpool-controller").get()
                .getWebhooks()).hasSize(5).extracting(ValidatingWebhook::getClientConfig).allSatisfy(c -> assertThat(c.getCaBundle()).isEqualTo(bundle));
    }

    @Test
    void aSecondStartReusesTheSecret() {
        TlsMaterial again = new WebhookCertificates(client, NS, controllerConfig.webhook(), Clock.systemUTC()).ensure();

        assertThat(again).isEqualTo(webhooks.tls());
    }

    @Test
    void replicasRacingForANewSecretAllServeTheWinnersCertificate() throws Exception {
        // the same settings under another Secret name, and no webhook configurations to patch
        Map<String, String> renamed = Map.of("secretName", "race-certs", "mutatingConfigurationName", "absent",
                "validatingConfigurationName", "absent");
        ControllerConfig.Webhook fresh = (ControllerConfig.Webhook) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ControllerConfig.Webhook.class},
                (proxy, method, args) -> renamed.containsKey(method.getName()) ? renamed.get(method.getName()) : method.invoke(controllerConfig.webhook(), args));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TlsMaterial>> replicas = new ArrayList<>();
        List<TlsMaterial> served = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            for (int i = 0; i < 6; i++) {
                replicas.add(pool.submit(() -> {
                    go.await();
                    return new WebhookCertificates(client, NS, fresh, Clock.systemUTC()).ensure();
                }));
            }
            go.countDown();
            for (Future<TlsMaterial> r : replicas) {
                served.add(r.get());
            }
        }
        TlsMaterial stored = WebhookCertificates.material(client.secrets().inNamespace(NS).withName("race-certs").get()).orElseThrow();
        assertThat(served).allSatisfy(tls -> assertThat(tls).isEqualTo(stored));
    }

    @Test
    void aCertificateAboutToExpireIsReplaced() {
        Map<String, String> renamed = Map.of("secretName", "expiring-certs", "mutatingConfigurationName", "absent",
                "validatingConfigurationName", "absent");
        ControllerConfig.Webhook expiring = (ControllerConfig.Webhook) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ControllerConfig.Webhook.class},
                (proxy, method, args) -> renamed.containsKey(method.getName()) ? renamed.get(method.getName())
                        : method.getName().equals("certificateValidityDays") ? 20 : method.invoke(controllerConfig.webhook(), args));
        TlsMaterial first = new WebhookCertificates(client, NS, expiring, Clock.systemUTC()).ensure();

        TlsMaterial second = new WebhookCertificates(client, NS, expiring, Clock.systemUTC()).ensure();

        assertThat(second).isNotEqualTo(first);
        assertThat(WebhookCertificates.material(client.secrets().inNamespace(NS).withName("expiring-certs").get())).contains(second);
    }

    @Test
    void anIpPoolIsPatchedWithVersionLabelAndFinalizer() throws IOException {
        ObjectNode sent = pool("mut-a", "10.31.0.0/24", "10.31.0.20-10.31.0.29", "10.31.0.10");
        ((ObjectNode) sent.get("spec")).remove("ipVersion");

        JsonNode r = https.post(AdmissionRouter.MUTATE_PREFIX + POOL, WebhookHttps.review("CREATE", "mut-a", sent, null));

        assertThat(r.get("allowed").asBoolean()).isTrue();
        assertThat(r.get("patchType").asText()).isEqualTo("JSONPatch");
        JsonNode after = WebhookHttps.patched(sent, r);
        assertThat(after.at("/spec/ipVersion").asInt()).isEqualTo(4);
        assertThat(after.at("/metadata/finalizers/0").asText()).isEqualTo("spiderpool.spidernet.io");
        assertThat(after.at("/metadata/labels").toString()).contains("10-31-0-0-24");
        assertThat(after.at("/spec/ips/0").asText()).isEqualTo("10.31.0.10");
    }

    @Test
    void d00001AnIpAlreadyInAnotherPoolIsRefused() throws IOException {
        store(pool("d1-a", "10.32.0.0/24", "10.32.0.10-10.32.0.20"), POOL);

        JsonNode r = https.admit(POOL, "CREATE", pool("d1-b", "10.32.0.0/24", "10.32.0.15"), null);

        assertRefused(r, 422, "spec.ips", "IPPool 'd1-a' of the same subnet already holds 10.32.0.15");
    }

    @Test
    void d00003AWrongGatewayOrRouteIsRefused() throws IOException {
        ObjectNode gateway = pool("d3-a", "10.33.0.0/24", "10.33.0.10-10.33.0.20");
        ((ObjectNode) gateway.get("spec")).put("gateway", "10.34.0.1");
        assertRefused(https.admit(POOL, "CREATE", gateway, null), 422, "spec.gateway", "is outside spec.subnet 10.33.0.0/24");

        ObjectNode route = pool("d3-b", "10.33.0.0/24", "10.33.0.10-10.33.0.20");
        ((ObjectNode) route.get("spec")).putArray("routes").addObject().put("dst", "0.0.0.0/0").put("gw", "10.33.0.1");
        assertRefused(https.admit(POOL, "CREATE", route, null), 422, "spec.routes[0].dst", "set spec.gateway instead");
    }

    @Test
    void d00004DeletingAPoolWithAllocatedIpsIsForbidden() throws IOException {
        ObjectNode old = pool("d4-a", "10.35.0.0/24", "10.35.0.10-10.35.0.20");
        old.putObject("status").put("allocatedIPs", "{\"10.35.0.10\":{\"pod\":\"ns/a\",\"podUid\":\"u\"}}").put("allocatedIPCount", 1);

        JsonNode r = https.admit(POOL, "DELETE", null, old);

        assertRefused(r, 403, "status.allocatedIPCount", "delete the pods using them first");
        assertThat(r.at("/status/reason").asText()).isEqualTo("Forbidden");
    }

    @Test
    void i00001I00002SubnetCreateAddIpsAndRemovingIpsAControlledPoolHoldsIsRefused() throws IOException {
        ObjectNode subnet = subnet("i1", "10.40.0.0/16", "10.40.0.10-10.40.0.100");
        assertThat(https.admit(SUBNET, "CREATE", subnet, null).get("allowed").asBoolean()).isTrue();

        ObjectNode stored = subnet("i1", "10.40.0.0/16", "10.40.0.10-10.40.0.100");
        stored.putObject("status").put("controlledIPPools", "{\"i1-pool\":{\"ips\":[\"10.40.0.10-10.40.0.19\"]}}");
        ObjectNode grown = subnet("i1", "10.40.0.0/16", "10.40.0.10-10.40.0.200");
        assertThat(https.admit(SUBNET, "UPDATE", grown, stored).get("allowed").asBoolean()).isTrue();

        ObjectNode shrunk = subnet("i1", "10.40.0.0/16", "10.40.0.15-10.40.0.100");
        assertRefused(https.admit(SUBNET, "UPDATE", shrunk, stored), 422, "spec.ips", "which IPPool 'i1-pool' holds");
    }

    @Test
    void i00018TheIpsOfAnAutoPoolAreImmutable() throws IOException {
        ObjectNode subnet = subnet("i18", "10.41.0.0/16", "10.41.0.10-10.41.0.100");
        subnet.putObject("status").put("controlledIPPools", "{\"auto-i18\":{\"ips\":[\"10.41.0.10-10.41.0.11\"]}}");
        store(subnet, SUBNET);
        ObjectNode old = autoPool("auto-i18", "10.41.0.10-10.41.0.11");

        assertThat(https.admit(POOL, "UPDATE", autoPool("auto-i18", "10.41.0.10-10.41.0.11"), old).get("allowed").asBoolean()).isTrue();
        assertRefused(https.admit(POOL, "UPDATE", autoPool("auto-i18", "10.41.0.10-10.41.0.12"), old), 422, "spec.ips",
                "the IPs of an auto-created IPPool are managed by SpiderSubnet 'i18'");
    }

    @Test
    void s00003AnAllocatedIpCannotBeExcluded() throws IOException {
        ObjectNode old = pool("s3-a", "10.36.0.0/24", "10.36.0.10-10.36.0.20");
        old.putObject("status").put("allocatedIPs", "{\"10.36.0.12\":{\"pod\":\"ns/a\",\"podUid\":\"u\"}}").put("allocatedIPCount", 1);
        ObjectNode now = pool("s3-a", "10.36.0.0/24", "10.36.0.10-10.36.0.20");
        ((ObjectNode) now.get("spec")).putArray("excludeIPs").add("10.36.0.12");

        assertRefused(https.admit(POOL, "UPDATE", now, old), 422, "spec.ips", "removes allocated IPs 10.36.0.12 (pod ns/a)");
    }

    @Test
    void s00004AManualPoolInASubnetTakesOnlyIpsTheSubnetOffersItsExcludeIpsTakeThemOut() throws IOException {
        ObjectNode subnet = subnet("s4", "10.42.0.0/16", "10.42.0.10-10.42.0.100");
        ((ObjectNode) subnet.get("spec")).putArray("excludeIPs").add("10.42.0.50");
        store(subnet, SUBNET);

        assertRefused(https.admit(POOL, "CREATE", pool("s4-a", "10.42.0.0/16", "10.42.0.40-10.42.0.60"), null), 422, "spec.ips",
                "controller SpiderSubnet 's4' does not offer 10.42.0.50");
        ObjectNode excluding = pool("s4-b", "10.42.0.0/16", "10.42.0.40-10.42.0.60");
        ((ObjectNode) excluding.get("spec")).putArray("excludeIPs").add("10.42.0.50");
        assertThat(https.admit(POOL, "CREATE", excluding, null).get("allowed").asBoolean()).isTrue();
    }

    @Test
    void aReservedIpIsDefaultedAndAWrongEntryRefused() throws IOException {
        ObjectNode ok = WebhookHttps.object("""
                apiVersion: spiderpool.spidernet.io/v2beta1
                kind: SpiderReservedIP
                metadata: {name: r1}
                spec: {ips: ["10.37.0.5", "10.37.0.3-10.37.0.4"]}
                """);
        JsonNode mutated = https.post(AdmissionRouter.MUTATE_PREFIX + "spiderreservedip", WebhookHttps.review("CREATE", "r1", ok, null));
        JsonNode after = WebhookHttps.patched(ok, mutated);
        assertThat(after.at("/spec/ipVersion").asInt()).isEqualTo(4);
        assertThat(after.at("/spec/ips").toString()).isEqualTo("[\"10.37.0.3-10.37.0.5\"]");

        ObjectNode bad = WebhookHttps.object("""
                apiVersion: spiderpool.spidernet.io/v2beta1
                kind: SpiderReservedIP
                metadata: {name: r2}
                spec: {ips: ["10.37.0.5", "fd00::1"]}
                """);
        assertRefused(https.admit("spiderreservedip", "CREATE", bad, null), 422, "spec.ips[1]", "expected IPv4");
    }

    @Test
    void aCoordinatorGetsUpstreamsDefaultsAndBadValuesNameTheField() throws IOException {
        ObjectNode c = coordinator("podCIDRType: calico");
        JsonNode after = WebhookHttps.patched(c, https.post(AdmissionRouter.MUTATE_PREFIX + "spidercoordinator",
                WebhookHttps.review("CREATE", "default", c, null)));
        assertThat(after.at("/spec/mode").asText()).isEqualTo("auto");
        assertThat(after.at("/spec/hostRuleTable").asInt()).isEqualTo(500);
        assertThat(after.at("/spec/tunePodRoutes").asBoolean()).isTrue();

        assertRefused(https.admit("spidercoordinator", "CREATE", coordinator("podCIDRType: calico\n  podMACPrefix: \"0b:00\""), null),
                422, "spec.podMACPrefix", "use e.g. '0a:00'");
        JsonNode typo = https.admit("spidercoordinator", "UPDATE", coordinator("podCIDRType: calico\n  mode: underlays"), c);
        assertRefused(typo, 422, "spec.mode", "'underlays' is not supported, use one of auto, underlay, overlay, disabled");
        assertThat(typo.at("/status/details/causes/0/reason").asText()).isEqualTo("FieldValueNotSupported");
    }

    @Test
    void M00011_aSpiderMultusConfigClaimingAnotherOnesNadIsRefusedAndAnUnownedNadIsTakenOver() throws IOException {
        MultusConfigNads.of(client).inNamespace("team").resource(new GenericKubernetesResourceBuilder()
                .withApiVersion(MultusConfigNads.API_VERSION).withKind(MultusConfigNads.KIND).withNewMetadata().withName("claimed")
                .withNamespace("team").addNewOwnerReference().withApiVersion("spiderpool.spidernet.io/v2beta1")
                .withKind("SpiderMultusConfig").withName("first").withUid("u1").withController(true).endOwnerReference()
                .endMetadata().build()).create();
        MultusConfigNads.of(client).inNamespace("team").resource(new GenericKubernetesResourceBuilder()
                .withApiVersion(MultusConfigNads.API_VERSION).withKind(MultusConfigNads.KIND).withNewMetadata().withName("free")
                .withNamespace("team").endMetadata().build()).create();

        assertRefused(https.admit("spidermultusconfig", "CREATE", multusConfig("claimed"), null), 422, "metadata.name",
                "the net-attach-def team/claimed already exists and is managed by SpiderMultusConfig team/first.");
        assertThat(https.admit("spidermultusconfig", "CREATE", multusConfig("free"), null).get("allowed").asBoolean()).isTrue();
        assertThat(https.admit("spidermultusconfig", "CREATE", multusConfig("none-yet"), null).get("allowed").asBoolean()).isTrue();
    }

    private static ObjectNode multusConfig(String name) {
        return WebhookHttps.object("""
                apiVersion: spiderpool.spidernet.io/v2beta1
                kind: SpiderMultusConfig
                metadata: {name: %s, namespace: team}
                spec: {cniType: macvlan, macvlan: {master: [eth0]}}
                """.formatted(name));
    }

    @Test
    void i00009OfAHundredIdenticalSubnetsCreatedAtOnceExactlyOneIsAdmitted() throws Exception {
        List<JsonNode> answers = concurrently(100, i -> subnet("i9-" + i, "10.98.0.0/16", "10.98.0.10-10.98.0.200"), SUBNET);

        assertThat(answers).filteredOn(a -> a.get("allowed").asBoolean()).hasSize(1);
        assertThat(answers).filteredOn(a -> !a.get("allowed").asBoolean()).hasSize(99).allSatisfy(a -> {
            assertThat(a.at("/status/code").asInt()).isEqualTo(422);
            assertThat(a.at("/status/message").asText()).contains("'10.98.0.0/16' overlaps Subnet 'i9-");
        });
    }

    @Test
    void i00010OfAHundredIdenticalPoolsCreatedAtOnceExactlyOneIsAdmitted() throws Exception {
        List<JsonNode> answers = concurrently(100, i -> pool("i10-" + i, "10.99.0.0/24", "10.99.0.10-10.99.0.200"), POOL);

        assertThat(answers).filteredOn(a -> a.get("allowed").asBoolean()).hasSize(1);
        assertThat(answers).filteredOn(a -> !a.get("allowed").asBoolean()).hasSize(99).allSatisfy(a -> {
            assertThat(a.at("/status/code").asInt()).isEqualTo(422);
            assertThat(a.at("/status/message").asText()).contains("of the same subnet already holds 10.99.0.10-10.99.0.200");
        });
    }

    @Test
    void aPathWithoutAWebhookIsNotFound() throws IOException {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> https.post("/validate-spiderpool-spidernet-io-v2beta1-spiderendpoint",
                WebhookHttps.review("CREATE", "x", pool("x", "10.0.0.0/24", "10.0.0.1"), null))).hasMessageContaining("HTTP 404");
    }

    @Test
    void theAdmissionPathsAnswerOnlyPostAndRefuseABodyOverTheCapBeforeReadingIt() throws IOException {
        String path = AdmissionRouter.VALIDATE_PREFIX + POOL;
        try (var socket = https.connect()) {
            assertThat(WebhookHttps.exchange(socket, WebhookHttps.head("GET", path, 0), new byte[0]).status()).isEqualTo(405);
            assertThat(WebhookHttps.exchange(socket, WebhookHttps.head("POST", path, controllerConfig.webhook().maxBodyBytes() + 1),
                    new byte[0]).status()).isEqualTo(413);
        }
    }

    @Test
    void aBodyThatIsNotAReviewGetsAFixedAnswerNotTheParsersText() throws IOException {
        byte[] body = "{\"request\": SECRET-BODY-TEXT}".getBytes(StandardCharsets.UTF_8);
        try (var socket = https.connect()) {
            WebhookHttps.Answer a = WebhookHttps.exchange(socket, WebhookHttps.head("POST", AdmissionRouter.VALIDATE_PREFIX + POOL,
                    body.length), body);

            assertThat(a.status()).isEqualTo(400);
            assertThat(a.body()).isEqualTo("the body is not an AdmissionReview with a request");
        }
    }

    /** The validating answers to {@code n} CREATE reviews posted at once over HTTPS (already mutated objects). */
    private List<JsonNode> concurrently(int n, java.util.function.IntFunction<ObjectNode> object, String kind) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<JsonNode>> calls = new ArrayList<>();
        long started;
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                ObjectNode o = object.apply(i);
                calls.add(pool.submit(() -> {
                    go.await();
                    return https.post(AdmissionRouter.VALIDATE_PREFIX + kind, WebhookHttps.review("CREATE",
                            o.at("/metadata/name").asText(), o, null));
                }));
            }
            started = System.nanoTime();
            go.countDown();
            List<JsonNode> answers = new ArrayList<>();
            for (Future<JsonNode> call : calls) {
                answers.add(call.get());
            }
            System.out.printf("%d concurrent %s CREATE reviews over HTTPS answered in %d ms%n", n, kind,
                    (System.nanoTime() - started) / 1_000_000);
            return answers;
        }
    }

    /** Writes {@code object} straight to the API server and waits until the webhooks' cache has it. */
    private void store(ObjectNode object, String kind) throws IOException {
        GenericKubernetesResource r = WebhookHttps.JSON.treeToValue(object, GenericKubernetesResource.class);
        HasMetadata created = client.resource(r).create();
        if (object.has("status")) {
            r.getMetadata().setResourceVersion(created.getMetadata().getResourceVersion());
            client.resource(r).updateStatus();
        }
        String name = r.getMetadata().getName();
        for (int i = 0; i < 100; i++) {
            // a create of the same name is refused as AlreadyExists once the cache shows the stored one
            JsonNode a = https.post(AdmissionRouter.VALIDATE_PREFIX + kind, WebhookHttps.review("CREATE", name, object, null));
            if (a.at("/status/code").asInt() == 409) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        throw new AssertionError(name + " never reached the webhooks' cache");
    }

    private static void assertRefused(JsonNode r, int code, String field, String says) {
        assertThat(r.get("allowed").asBoolean()).as(r.toString()).isFalse();
        assertThat(r.at("/status/code").asInt()).as(r.toString()).isEqualTo(code);
        assertThat(r.at("/status/details/causes")).as(r.toString()).anySatisfy(c -> {
            assertThat(c.get("field").asText()).isEqualTo(field);
            assertThat(c.get("message").asText()).contains(says);
        });
    }

    private static ObjectNode pool(String name, String cidr, String... ips) {
        return WebhookHttps.object("""
                apiVersion: spiderpool.spidernet.io/v2beta1
                kind: SpiderIPPool
                metadata: {name: %s}
                spec: {ipVersion: 4, subnet: "%s", ips: [%s]}
                """.formatted(name, cidr, String.join(", ", List.of(ips).stream().map(ip -> "\"" + ip + "\"").toList())));
    }

    private static ObjectNode autoPool(String name, String ips) {
        return WebhookHttps.object("""
                apiVersion: spiderpool.spidernet.io/v2beta1
                kind: SpiderIPPool
                metadata:
                  name: %s
                  labels: {ipam.spidernet.io/owner-application-name: app, ipam.spidernet.io/owner-spider-subnet: i18,
                           ipam.spidernet.io/ippool-cidr: 10-41-0-0-16}
                  ownerReferences:
                    - {apiVersion: spiderpool.spidernet.io/v2beta1, kind: SpiderSubnet, name: i18, uid: u-i18, controller: true}
                  finalizers: [spiderpool.spidernet.io]
                spec: {ipVersion: 4, subnet: 10.41.0.0/16, ips: ["%s"]}
                """.formatted(name, ips));
    }

    private static ObjectNode subnet(String name, String cidr, String ips) {
        return WebhookHttps.object("""
                apiVersion: spiderpool.spidernet.io/v2beta1
                kind: SpiderSubnet
                metadata: {name: %s}
                spec: {ipVersion: 4, subnet: "%s", ips: ["%s"]}
                """.formatted(name, cidr, ips));
    }

    private static ObjectNode coordinator(String spec) {
        return WebhookHttps.object("""
                apiVersion: spiderpool.spidernet.io/v2beta1
                kind: SpiderCoordinator
                metadata: {name: default}
                spec:
                  %s
                """.formatted(spec));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }
}
