package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.PodIdentity;
import io.spidernet.spiderpool.cni.AgentSocketCalls;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.model.SubnetSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * spiderpoolctl as a user runs it (the packaged launcher, a process per command) against a real
 * controller and agent started here on the test API server, which answers the controller's
 * TokenReviews and SubjectAccessReviews: every command's table and JSON, the controller's CA taken
 * from its webhook configuration by default, a user whose role lacks a verb refused with the RBAC
 * message, and an unknown pod, an unknown token, an unreachable controller, a wrong CA and a missing
 * agent socket each ending with the exit code docs/spiderpoolctl.md gives. Client-certificate users
 * too: the cluster's client CA is published in kube-system/extension-apiserver-authentication; one
 * user is allowed, one is refused by RBAC, one's certificate comes from another CA (fixtures of
 * spiderpoolctl/src/test/resources/client-cert).
 */
class SpiderpoolctlE2ETest {
    private static final Path CTL = Repo.path("spiderpoolctl/target/spiderpoolctl/bin/spiderpoolctl");
    private static final String NS = "ctl-apps";
    private static final String POOL = "ctl-v4";
    private static final String SUBNET = "ctl-s4";
    private static final String NODE = GcSoak.NODES.getFirst();
    private static final String ADMIN = "/spiderpool.controller.v1.Admin/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CLIENT_CERTS = Repo.path("spiderpoolctl/src/test/resources/client-cert");

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
        /** The table's rows as whitespace-split cells, header excluded. */
        List<List<String>> rows() {
            return out.lines().skip(1).map(l -> Arrays.asList(l.trim().split("\\s{2,}"))).toList();
        }

        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    @Test
    void everyCommandAgainstAControllerAndAnAgent() throws Exception {
        Assumptions.assumeTrue(Files.exists(AgentProcess.agentJar()) && Files.exists(ControllerProcess.controllerJar())
                && Files.isExecutable(CTL), "agent, controller or spiderpoolctl not built; package them first");
        try (CountingApiServer api = new CountingApiServer()) {
            KubernetesClient client = api.client();
            try (InputStream in = Files.newInputStream(Repo.path("deploy/controller/webhooks.yaml"))) {
                client.load(in).create();
            }
            GcSoak.createNodes(client);
            client.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
            createPool(client);
            createSubnet(client);
            Pod web0 = pod(client, "web-0");
            pod(client, "web-1");
            api.reviews().register("alice-token", "alice", Set.of(new ReviewAnswers.Grant("get", ADMIN + "PoolUsage"),
                    new ReviewAnswers.Grant("get", ADMIN + "ExplainAllocation"), new ReviewAnswers.Grant("get", ADMIN + "GcPreview"),
                    new ReviewAnswers.Grant("create", ADMIN + "TriggerGc")));
            api.reviews().register("bob-token", "bob", Set.of(new ReviewAnswers.Grant("get", ADMIN + "PoolUsage")));
            // certificate users: the SubjectAccessReview names the user (the CN); the tokens are never sent
            api.reviews().register("carol-unused-token", "carol", Set.of(new ReviewAnswers.Grant("get", ADMIN + "PoolUsage"),
                    new ReviewAnswers.Grant("get", ADMIN + "ExplainAllocation")));
            api.reviews().register("dave-unused-token", "dave", Set.of(new ReviewAnswers.Grant("get", ADMIN + "GcPreview")));
            client.configMaps().inNamespace("kube-system").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("extension-apiserver-authentication").withNamespace("kube-system").endMetadata()
                    .addToData("client-ca-file", Files.readString(CLIENT_CERTS.resolve("ca.crt"))).build()).create();
            try (AgentFleet fleet = AgentFleet.start(api.url(), List.of(NODE))) {
                String address = new AgentSocketCalls(fleet.socket(NODE)).allocate(AllocateRequest.newBuilder()
                        .setContainerId("ctl-" + web0.getMetadata().getUid()).setIfName("eth0").setNetNamespace("/var/run/netns/ctl")
                        .setPod(PodIdentity.newBuilder().setNamespace(NS).setName("web-0").setUid(web0.getMetadata().getUid()))
                        .addDefaultIpv4Ippool(POOL).build()).getIps(0).getAddress();
                String ip = address.substring(0, address.indexOf('/'));
                try (ControllerProcess controller = ControllerProcess.launch("ctl-controller", api.url(), Map.of())) {
                    String port = adminPort(controller);
                    RbacScenario.await("the controller's CA in its webhook configuration", () -> caBundleSet(client), controller);
                    Path alice = kubeconfig("alice", api.url(), "alice-token");
                    List<String> asAlice = List.of("--kubeconfig", alice.toString(), "--controller", "127.0.0.1:" + port);
                    RbacScenario.await("the controller's caches to hold the pool's allocation",
                            () -> ctl(asAlice, "pools").out().contains(POOL) && ctlRows(asAlice, "pools").stream()
                                    .anyMatch(r -> r.getFirst().equals(POOL) && r.get(4).equals("1")), controller);
                    pools(asAlice);
                    subnets(asAlice);
                    explain(asAlice, ip);
                    gc(asAlice, ip);
                    endpoint(asAlice, fleet, address, web0.getMetadata().getUid());
                    ips(asAlice, ip, web0.getMetadata().getUid());
                    refusals(asAlice, api.url(), port, fleet);
                    clientCertificates(api.url(), port, controller);
                }
            }
        }
    }

    private void pools(List<String> as) throws IOException {
        assertThat(ctlRows(as, "pools")).contains(List.of(POOL, "v4", "10.230.0.0/24", "10", "1", "9", "no", "all"));
        assertThat(ctlRows(as, "pools", "--pool", POOL, "--per-node")).as("web-0's address, on the node its endpoint names")
                .containsExactly(List.of(POOL, NODE, "1"));
        JsonNode pool = find(ctl(as, "pools", "--pool", POOL, "-o", "json").json(), "name", POOL);
        assertThat(pool.path("totalIPCount").asText()).isEqualTo("10");
        assertThat(pool.path("allocatedIPCount").asInt()).isEqualTo(1);
        assertThat(pool.path("freeIPCount").asText()).isEqualTo("9");
        assertThat(ctl(as, "pools", "-o", "yaml").out()).contains("name: " + POOL);
        // a figure, not a check: whole-process wall time of five calls each (this machine is shared; see the report)
        System.out.printf("spiderpoolctl --version: %s ms; spiderpoolctl pools: %s ms%n", wallTimes(List.of(), "--version"),
                wallTimes(as, "pools"));
    }

    private List<Long> wallTimes(List<String> as, String... args) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            assertThat(ctl(as, args).status()).isZero();
            millis.add((System.nanoTime() - t0) / 1_000_000);
        }
        return millis;
    }

    private void subnets(List<String> as) throws IOException {
        List<String> row = ctlRows(as, "subnets").stream().filter(r -> r.getFirst().equals(SUBNET)).findFirst().orElseThrow();
        assertThat(row.subList(0, 4)).containsExactly(SUBNET, "v4", "10.231.0.0/24", "50");
        assertThat(row.get(6)).isEqualTo("0");
        JsonNode subnet = find(ctl(as, "subnets", "-o", "json").json(), "name", SUBNET);
        assertThat(subnet.path("totalIPCount").asText()).isEqualTo("50");
        assertThat(subnet.path("freeIPCount").asText()).isEqualTo(row.get(5));
        assertThat(subnet.path("poolCount").asInt()).isZero();
    }

    /** web-1 has no address yet: the pool is its candidate and the answer names the address an ADD would take. */
    private void explain(List<String> as, String taken) throws IOException {
        List<String> args = List.of("explain", NS + "/web-1", "--default-ipv4-pool", POOL);
        List<List<String>> rows = ctlRows(as, args.toArray(String[]::new));
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().subList(0, 4)).containsExactly("eth0", "v4", POOL, "would use");
        assertThat(rows.getFirst().get(4)).matches("10\\.230\\.0\\.1[0-9]").isNotEqualTo(taken);
        JsonNode doc = ctl(as, concat(args, "-o", "json")).json();
        assertThat(doc.path("pod").asText()).isEqualTo(NS + "/web-1");
        assertThat(doc.path("wouldUse").get(0).path("pool").asText()).isEqualTo(POOL);
        assertThat(doc.path("wouldUse").get(0).path("ip").asText()).isEqualTo(rows.getFirst().get(4));
        assertThat(doc.has("refused")).isFalse();
    }

    private void gc(List<String> as, String ip) throws IOException {
        List<String> row = ctlRows(as, "gc", "preview", "--pool", POOL).stream().filter(r -> r.get(1).equals(ip)).findFirst().orElseThrow();
        assertThat(row.subList(0, 4)).containsExactly(POOL, ip, NS + "/web-0", "Keep");
        JsonNode kept = find(ctl(as, "gc", "preview", "-o", "json").json(), "ip", ip);
        assertThat(kept.path("verdict").asText()).isEqualTo("Keep");
        assertThat(kept.path("pod").asText()).isEqualTo(NS + "/web-0");
        assertThat(ctl(as, "gc", "preview", "--releases-only", "-o", "json").json()).isEmpty();

        Run table = ctl(as, "gc", "run");
        assertThat(table.out().lines().findFirst()).contains("RECORDS  RELEASED  TRACED  SPARED  FAILED  ENDPOINTS");
        JsonNode run = ctl(as, "gc", "run", "-o", "json").json();
        assertThat(run.path("records").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(run.path("released").asInt()).isZero();
        assertThat(run.path("failed").asInt()).isZero();
    }

    private void endpoint(List<String> as, AgentFleet fleet, String address, String uid) throws IOException {
        assertThat(ctlRows(as, "endpoint", NS + "/web-0")).containsExactly(List.of(NS + "/web-0", NODE, "eth0", address, POOL, "-", "-"));
        JsonNode ep = ctl(as, "endpoint", NS + "/web-0", "-o", "json").json();
        assertThat(ep.path("podUid").asText()).isEqualTo(uid);
        assertThat(ep.path("interfaces").get(0).path("ipv4").asText()).isEqualTo(address);
        assertThat(ep.path("interfaces").get(0).path("ipv4Pool").asText()).isEqualTo(POOL);

        // node-local: the agent's own record through its socket, no kubeconfig involved
        String socket = fleet.socket(NODE).toString();
        Run local = ctl(List.of(), "endpoint", NS + "/web-0", "--agent-socket", socket);
        assertThat(local.status()).as(local.err()).isZero();
        assertThat(local.rows()).containsExactly(List.of(NS + "/web-0", NODE, "eth0", address, "-", "-", "-"));
        assertThat(ctl(List.of(), "endpoint", NS + "/web-0", "--agent-socket", socket, "-o", "json").json()
                .path("interfaces").get(0).path("ipv4").asText()).isEqualTo(address);
        Run health = ctl(List.of(), "health", "--agent-socket", socket, "-o", "json");
        assertThat(health.json().path("serving").asBoolean()).isTrue();
        assertThat(health.json().path("store").asText()).isEqualTo("kubernetes");
    }

    private void ips(List<String> as, String ip, String uid) throws IOException {
        assertThat(ctlRows(as, "ips", POOL)).containsExactly(List.of(POOL, ip, NS + "/web-0", uid));
        JsonNode held = ctl(as, "ips", POOL, "-o", "json").json();
        assertThat(held).hasSize(1);
        assertThat(held.get(0).path("ip").asText()).isEqualTo(ip);
        assertThat(held.get(0).path("podUid").asText()).isEqualTo(uid);
    }

    private void refusals(List<String> asAlice, String apiUrl, String port, AgentFleet fleet) throws IOException {
        List<String> asBob = List.of("--kubeconfig", kubeconfig("bob", apiUrl, "bob-token").toString(), "--controller", "127.0.0.1:" + port);
        assertThat(ctl(asBob, "pools").status()).as("bob may get PoolUsage").isZero();
        Run bobGc = ctl(asBob, "gc", "run");
        assertThat(bobGc.status()).isEqualTo(4);
        assertThat(bobGc.out()).isEmpty();
        assertThat(bobGc.err()).contains("refused the call: user bob may not create " + ADMIN + "TriggerGc: grant verb create on"
                + " nonResourceURL " + ADMIN + "TriggerGc in a ClusterRole bound to it");

        List<String> asNobody = List.of("--kubeconfig", kubeconfig("nobody", apiUrl, "no-such-token").toString(),
                "--controller", "127.0.0.1:" + port);
        Run nobody = ctl(asNobody, "pools");
        assertThat(nobody.status()).isEqualTo(4);
        assertThat(nobody.err()).contains("does not accept your credentials", "TokenReview: not authenticated");

        Run unknownPod = ctl(asAlice, "explain", NS + "/nope");
        assertThat(unknownPod.status()).isEqualTo(3);
        assertThat(unknownPod.err()).contains(NS + "/nope");
        Run noEndpoint = ctl(asAlice, "endpoint", NS + "/nope");
        assertThat(noEndpoint.status()).isEqualTo(3);
        assertThat(noEndpoint.err()).contains("SpiderEndpoint " + NS + "/nope", "not found");
        Run noPool = ctl(asAlice, "ips", "no-such-pool");
        assertThat(noPool.status()).isEqualTo(3);
        assertThat(noPool.err()).contains("SpiderIPPool no-such-pool not found");

        int closed = closedPort();
        Run unreachable = ctl(List.of("--kubeconfig", asAlice.get(1), "--controller", "127.0.0.1:" + closed), "pools");
        assertThat(unreachable.status()).isEqualTo(5);
        assertThat(unreachable.err()).contains("cannot reach the controller's admin API at 127.0.0.1:" + closed,
                "kubectl -n kube-system port-forward deploy/spiderpool-controller 5723");
        Run wrongCa = ctl(List.of("--kubeconfig", asAlice.get(1), "--controller", "127.0.0.1:" + port, "--controller-ca",
                Repo.path("spiderpoolctl/src/test/resources/test-ca.pem").toString()), "pools");
        assertThat(wrongCa.status()).isEqualTo(5);
        assertThat(wrongCa.err()).contains("a certificate error means --controller-ca or --tls-server-name is wrong");
        Run noAgent = ctl(List.of(), "health", "--agent-socket", dir.resolve("absent.sock").toString());
        assertThat(noAgent.status()).isEqualTo(5);
        assertThat(noAgent.err()).contains("no agent socket at " + dir.resolve("absent.sock.d/grpc.sock"));
        assertThat(ctl(asAlice, "pools", "--bogus").status()).isEqualTo(2);
    }

    /**
     * carol (RSA key, PKCS#1, files beside the kubeconfig) may read usage; dave (EC key, SEC1, inline
     * data) may not, and is told the RBAC rule; mallory's certificate is not the cluster's CA's.
     */
    private void clientCertificates(String apiUrl, String port, ControllerProcess controller) throws Exception {
        RbacScenario.await("the controller to read the cluster's client CA", () -> log(controller)
                .contains("admin API client certificates: 1 client CA certificate(s)"), controller);
        Files.copy(CLIENT_CERTS.resolve("carol.crt"), dir.resolve("carol.crt"));
        Files.copy(CLIENT_CERTS.resolve("carol.key"), dir.resolve("carol.key"));
        List<String> asCarol = List.of("--kubeconfig", certKubeconfig("carol", apiUrl, "client-certificate: carol.crt",
                "client-key: carol.key").toString(), "--controller", "127.0.0.1:" + port);
        Run carol = ctl(asCarol, "pools", "--pool", POOL);
        assertThat(carol.status()).as(carol.err()).isZero();
        assertThat(carol.rows()).extracting(r -> r.subList(0, 5)).containsExactly(List.of(POOL, "v4", "10.230.0.0/24", "10", "1"));

        List<String> asDave = List.of("--kubeconfig", certKubeconfig("dave", apiUrl,
                "client-certificate-data: " + base64(CLIENT_CERTS.resolve("dave.crt")),
                "client-key-data: " + base64(CLIENT_CERTS.resolve("dave.key"))).toString(), "--controller", "127.0.0.1:" + port);
        assertThat(ctl(asDave, "gc", "preview").status()).as("dave may get GcPreview").isZero();
        Run dave = ctl(asDave, "pools");
        assertThat(dave.status()).isEqualTo(4);
        assertThat(dave.out()).isEmpty();
        assertThat(dave.err()).contains("refused the call: user dave may not get " + ADMIN + "PoolUsage: grant verb get on"
                + " nonResourceURL " + ADMIN + "PoolUsage in a ClusterRole bound to it");

        List<String> asMallory = List.of("--kubeconfig", certKubeconfig("mallory", apiUrl,
                "client-certificate-data: " + base64(CLIENT_CERTS.resolve("mallory.crt")),
                "client-key-data: " + base64(CLIENT_CERTS.resolve("mallory.key"))).toString(), "--controller", "127.0.0.1:" + port);
        Run mallory = ctl(asMallory, "pools");
        assertThat(mallory.status()).isEqualTo(4);
        assertThat(mallory.err()).contains("does not accept your credentials", "CN=mallory,O=system:masters",
                "is not signed by a CA of the cluster's client CA bundle");
    }

    private Path certKubeconfig(String user, String server, String cert, String key) throws IOException {
        Path file = dir.resolve(user + ".kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                current-context: test
                clusters:
                - name: test
                  cluster: {server: "%s"}
                contexts:
                - name: test
                  context: {cluster: test, user: %s}
                users:
                - name: %s
                  user:
                    %s
                    %s
                """.formatted(server, user, user, cert, key));
        return file;
    }

    private static String base64(Path file) throws IOException {
        return java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(file));
    }

    private static String log(ControllerProcess controller) {
        try {
            return controller.log();
        } catch (IOException e) {
            return "";
        }
    }

    private Run ctl(List<String> connection, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(CTL.toString());
        cmd.addAll(Arrays.asList(args));
        cmd.addAll(connection);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("HOME", dir.toString());
            pb.environment().remove("KUBECONFIG");
            Process p = pb.start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("spiderpoolctl %s ended", cmd).isTrue();
            return new Run(p.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Run ctl(List<String> connection, List<String> args) {
        return ctl(connection, args.toArray(String[]::new));
    }

    /** The rows of a command that must succeed. */
    private List<List<String>> ctlRows(List<String> connection, String... args) {
        Run r = ctl(connection, args);
        assertThat(r.status()).as("spiderpoolctl %s: %s", String.join(" ", args), r.err()).isZero();
        return r.rows();
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path kubeconfig(String user, String server, String token) throws IOException {
        Path file = dir.resolve(user + ".kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                current-context: test
                clusters:
                - name: test
                  cluster: {server: "%s"}
                contexts:
                - name: test
                  context: {cluster: test, user: %s}
                users:
                - name: %s
                  user: {token: %s}
                """.formatted(server, user, user, token));
        return file;
    }

    private static String adminPort(ControllerProcess controller) throws Exception {
        Pattern logged = Pattern.compile("admin API on TLS port (\\d+)");
        RbacScenario.await("the admin API's port in the log", () -> {
            try {
                return logged.matcher(controller.log()).find();
            } catch (IOException e) {
                return false;
            }
        }, controller);
        Matcher m = logged.matcher(controller.log());
        m.find();
        return m.group(1);
    }

    private static boolean caBundleSet(KubernetesClient client) {
        MutatingWebhookConfiguration config = client.admissionRegistration().v1().mutatingWebhookConfigurations()
                .withName("spiderpool-controller").get();
        return config != null && config.getWebhooks().stream().anyMatch(w -> w.getClientConfig().getCaBundle() != null
                && !w.getClientConfig().getCaBundle().isEmpty());
    }

    private static JsonNode find(JsonNode list, String field, String value) {
        for (JsonNode n : list) {
            if (n.path(field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no entry with " + field + "=" + value + " in " + list);
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(Arrays.asList(b));
        return all;
    }

    private static void createPool(KubernetesClient client) {
        IPPoolSpec spec = new IPPoolSpec();
        spec.setIpVersion(IpVersion.IPV4);
        spec.setSubnet("10.230.0.0/24");
        spec.setIps(List.of("10.230.0.10-10.230.0.19"));
        SpiderIPPool pool = new SpiderIPPool();
        pool.setMetadata(new ObjectMetaBuilder().withName(POOL).build());
        pool.setSpec(spec);
        client.resource(pool).create();
    }

    private static void createSubnet(KubernetesClient client) {
        SubnetSpec spec = new SubnetSpec();
        spec.setIpVersion(IpVersion.IPV4);
        spec.setSubnet("10.231.0.0/24");
        spec.setIps(List.of("10.231.0.10-10.231.0.59"));
        SpiderSubnet subnet = new SpiderSubnet();
        subnet.setMetadata(new ObjectMetaBuilder().withName(SUBNET).build());
        subnet.setSpec(spec);
        client.resource(subnet).create();
    }

    private static Pod pod(KubernetesClient client, String name) {
        return client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .withLabels(Map.of(CountingApiServer.NODE_LABEL, NODE)).endMetadata()
                .withNewSpec().withNodeName(NODE).addNewContainer().withName("app").withImage("registry.k8s.io/pause:3.10").endContainer()
                .endSpec().withNewStatus().withPhase("Running").endStatus().build()).create();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
