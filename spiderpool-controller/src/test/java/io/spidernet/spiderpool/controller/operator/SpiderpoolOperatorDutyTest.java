package io.spidernet.spiderpool.controller.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import io.spidernet.spiderpool.core.model.operator.AgentSettings;
import io.spidernet.spiderpool.core.model.operator.ControllerSettings;
import io.spidernet.spiderpool.core.model.operator.OperatorCondition;
import io.spidernet.spiderpool.core.model.operator.OperatorGroup;
import io.spidernet.spiderpool.core.model.operator.Spiderpool;
import io.spidernet.spiderpool.core.model.operator.SpiderpoolSpec;
import io.spidernet.spiderpool.core.operator.ManagedObjects;
import io.spidernet.spiderpool.core.operator.OperatorContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator against the CRUD test server: the node side appears from a Spiderpool object, goes
 * Available when the DaemonSet's status says so (played here: no kubelet), rolls when the object
 * changes, is put back when edited by hand, is never written over when not the operator's, and goes
 * with the object. Prints how long each took.
 */
@EnableKubernetesMockClient(crud = true)
class SpiderpoolOperatorDutyTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String NS = "kube-system";
    private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    private static final OperatorContext CONTEXT = new OperatorContext(NS, "ghcr.io/spidernet-io/spiderpool-java/agent:0.1.0",
            false, "spiderpool-controller", 5722, "spiderpool-controller", "spiderpool-controller", "default");

    KubernetesClient client;
    private SpiderpoolOperatorDuty duty;

    @BeforeEach
    void crds() {
        for (String crd : List.of("spiderpools.operator.spiderpool.spidernet.io", "spidercoordinators.spiderpool.spidernet.io")) {
            try (InputStream in = Files.newInputStream(Path.of("../deploy/crds/" + crd + ".yaml"))) {
                client.apiextensions().v1().customResourceDefinitions().load(in).create();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @AfterEach
    void stop() {
        if (duty != null) {
            duty.stop();
        }
    }

    @Test
    void theNodeSideAppearsGoesAvailableRollsIsPutBackAndGoesWithTheObject() {
        start(true);
        long t0 = System.nanoTime();
        create(spec -> { });
        await("DaemonSet, ConfigMap, webhook configurations and SpiderCoordinator", () -> daemonSet() != null && configMap() != null
                && mutating() != null && validating() != null && coordinator() != null);
        double present = ms(t0);
        for (HasMetadata o : List.of(daemonSet(), configMap(), mutating(), validating(), coordinator())) {
            assertThat(o.getMetadata().getLabels()).as(o.getKind()).containsEntry("app.kubernetes.io/managed-by", "spiderpool-operator");
            assertThat(o.getMetadata().getOwnerReferences()).as(o.getKind()).singleElement()
                    .satisfies(r -> assertThat(r.getUid()).isEqualTo(object().getMetadata().getUid()));
        }
        assertThat(object().getMetadata().getFinalizers()).contains(OperatorGroup.FINALIZER);
        assertThat(validating().getWebhooks()).allSatisfy(w -> assertThat(w.getClientConfig().getCaBundle())
                .as("the current CA, so the API server trusts the webhooks at once").isEqualTo(
                        java.util.Base64.getEncoder().encodeToString(CA.getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        awaitCondition(OperatorCondition.PROGRESSING, "True", "RollingOut");
        assertThat(condition(OperatorCondition.AVAILABLE).getStatus()).isEqualTo("False");

        agentsUp(3);
        awaitCondition(OperatorCondition.AVAILABLE, "True", "AgentsAvailable");
        awaitCondition(OperatorCondition.PROGRESSING, "False", "RolloutComplete");
        assertThat(condition(OperatorCondition.DEGRADED).getReason()).isEqualTo("AsExpected");
        assertThat(condition(OperatorCondition.AVAILABLE).getObservedGeneration()).isEqualTo(object().getMetadata().getGeneration());
        double available = ms(t0);

        String firstHash = templateHash();
        long t1 = System.nanoTime();
        edit(spec -> spec.getAgent().setLogLevel(AgentSettings.LogLevel.DEBUG));
        await("a new template hash", () -> !templateHash().equals(firstHash));
        double rolled = ms(t1);
        assertThat(env(daemonSet(), "SPIDERPOOL_LOG_LEVEL")).isEqualTo("debug");
        awaitCondition(OperatorCondition.PROGRESSING, "True", "RollingOut");
        assertThat(object().getStatus().getAgentTemplateHash()).isEqualTo(templateHash());
        agentsUp(3);
        awaitCondition(OperatorCondition.PROGRESSING, "False", "RolloutComplete");

        long t2 = System.nanoTime();
        ConfigMap cm = configMap();
        cm.getData().put("conf.yml", "enableIPv4: false\n");
        client.resource(cm).update();
        DaemonSet ds = daemonSet();
        ds.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage("someone/else:latest");
        client.resource(ds).update();
        await("conf.yml and the image put back", () -> configMap().getData().get("conf.yml").contains("enableIPv4: true")
                && daemonSet().getSpec().getTemplate().getSpec().getContainers().getFirst().getImage().equals(CONTEXT.defaultAgentImage()));
        double driftFixed = ms(t2);

        long t3 = System.nanoTime();
        client.resources(Spiderpool.class).withName("spiderpool").delete();
        await("everything gone, the object too", () -> daemonSet() == null && configMap() == null && mutating() == null
                && validating() == null && coordinator() == null && object() == null);
        double deleted = ms(t3);
        System.out.printf("operator on the test server: objects present %.0f ms, Available %.0f ms (after the status was played),"
                + " roll %.0f ms, drift fixed %.0f ms, delete %.0f ms%n", present, available, rolled, driftFixed, deleted);
    }

    @Test
    void anObjectNotLabelledAsOursIsNotOverwrittenAndDegradedNamesIt() {
        ConfigMap foreign = new ConfigMapBuilder().withMetadata(new ObjectMetaBuilder().withName("spiderpool-conf").withNamespace(NS)
                .build()).withData(Map.of("conf.yml", "enableIPv6: true\n")).build();
        client.resource(foreign).create();
        start(true);
        create(spec -> { });
        awaitCondition(OperatorCondition.DEGRADED, "True", "ObjectNotManaged");
        assertThat(condition(OperatorCondition.DEGRADED).getMessage()).contains("ConfigMap kube-system/spiderpool-conf exists without"
                + " label app.kubernetes.io/managed-by=spiderpool-operator");
        await("the rest created", () -> daemonSet() != null && coordinator() != null);
        assertThat(configMap().getData()).containsExactlyEntriesOf(Map.of("conf.yml", "enableIPv6: true\n"));

        client.resources(Spiderpool.class).withName("spiderpool").delete();
        await("the object gone", () -> object() == null && daemonSet() == null);
        assertThat(configMap()).as("not ours: left in place").isNotNull();
    }

    @Test
    void externalWebhookConfigurationsAreNeitherCreatedNorKept() {
        start(true);
        create(spec -> { });
        await("webhook configurations", () -> mutating() != null && validating() != null);
        edit(spec -> spec.getController().setWebhookConfigurations(ControllerSettings.WebhookConfigurations.External));
        await("ours removed", () -> mutating() == null && validating() == null);
        assertThat(daemonSet()).isNotNull();
    }

    @Test
    void anInvalidSpecIsDegradedAndChangesNothing() {
        start(true);
        create(spec -> { });
        await("the agents", () -> daemonSet() != null);
        String hash = templateHash();
        edit(spec -> spec.getAgent().setCniBinDir("opt/cni/bin"));
        awaitCondition(OperatorCondition.DEGRADED, "True", "InvalidSpec");
        assertThat(condition(OperatorCondition.DEGRADED).getMessage()).contains("spec.agent.cniBinDir");
        assertThat(templateHash()).isEqualTo(hash);
    }

    @Test
    void disabledDoesNothing() throws InterruptedException {
        start(false);
        create(spec -> { });
        Thread.sleep(500);
        assertThat(daemonSet()).isNull();
        assertThat(object().getMetadata().getFinalizers()).isNullOrEmpty();
    }

    /** The rendered webhooks are the ones deploy/controller/webhooks.yaml ships (which the Helm path installs). */
    @Test
    void webhooksMatchTheShippedManifest() throws IOException {
        start(true);
        create(spec -> { });
        await("webhook configurations", () -> mutating() != null && validating() != null);
        List<HasMetadata> shipped;
        try (InputStream in = Files.newInputStream(Path.of("../deploy/controller/webhooks.yaml"))) {
            shipped = client.load(in).items();
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (HasMetadata live : List.of(mutating(), validating())) {
            HasMetadata file = shipped.stream().filter(o -> o.getKind().equals(live.getKind())).findFirst().orElseThrow();
            var want = json.valueToTree(file).path("webhooks");
            var have = (com.fasterxml.jackson.databind.node.ArrayNode) json.valueToTree(live).path("webhooks").deepCopy();
            have.forEach(w -> ((com.fasterxml.jackson.databind.node.ObjectNode) w.path("clientConfig")).remove("caBundle"));
            assertThat((Object) have).as(live.getKind()).isEqualTo(want);
        }
    }

    private void start(boolean enabled) {
        Supplier<Optional<String>> ca = () -> Optional.of(CA);
        duty = new SpiderpoolOperatorDuty(client, new OperatorSettings(enabled, CONTEXT, Duration.ofSeconds(2), Duration.ofMillis(20)),
                new ManagedWrites(client, ca), Clock.systemUTC());
        duty.start();
    }

    private void create(java.util.function.Consumer<SpiderpoolSpec> edit) {
        Spiderpool s = new Spiderpool();
        s.setMetadata(new ObjectMetaBuilder().withName("spiderpool").build());
        SpiderpoolSpec spec = new SpiderpoolSpec();
        spec.setAgent(new AgentSettings());
        spec.setController(new ControllerSettings());
        edit.accept(spec);
        s.setSpec(spec);
        client.resource(s).create();
    }

    /** A user's edit: read, change, write with that version; again on a 409 (the duty adds its finalizer meanwhile). */
    private void edit(java.util.function.Consumer<SpiderpoolSpec> edit) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.resources(Spiderpool.class).withName("spiderpool").edit(s -> {
                    edit.accept(s.getSpec());
                    s.getMetadata().setGeneration(s.getMetadata().getGeneration() == null ? 2 : s.getMetadata().getGeneration() + 1);
                    return s;
                });
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** What the DaemonSet controller would write once {@code n} agents of the current template are up. */
    private void agentsUp(int n) {
        DaemonSet ds = daemonSet();
        Long generation = ds.getMetadata().getGeneration() == null ? 1L : ds.getMetadata().getGeneration();
        ds.setStatus(new DaemonSetStatusBuilder().withObservedGeneration(generation).withDesiredNumberScheduled(n)
                .withCurrentNumberScheduled(n).withUpdatedNumberScheduled(n).withNumberAvailable(n).withNumberReady(n)
                .withNumberUnavailable(0).withNumberMisscheduled(0).build());
        client.resource(ds).updateStatus();
    }

    private String templateHash() {
        return daemonSet().getSpec().getTemplate().getMetadata().getAnnotations().get(ManagedObjects.CONFIG_HASH_ANNOTATION);
    }

    private static String env(DaemonSet ds, String name) {
        return ds.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv().stream()
                .filter(e -> e.getName().equals(name)).findFirst().orElseThrow().getValue();
    }

    private Spiderpool object() {
        return client.resources(Spiderpool.class).withName("spiderpool").get();
    }

    private OperatorCondition condition(String type) {
        Spiderpool o = object();
        if (o == null || o.getStatus() == null || o.getStatus().getConditions() == null) {
            return new OperatorCondition();
        }
        return o.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(new OperatorCondition());
    }

    private void awaitCondition(String type, String status, String reason) {
        await(type + "=" + status + " (" + reason + ")", () -> status.equals(condition(type).getStatus())
                && reason.equals(condition(type).getReason()));
    }

    private DaemonSet daemonSet() {
        return client.apps().daemonSets().inNamespace(NS).withName("spiderpool-agent").get();
    }

    private ConfigMap configMap() {
        return client.configMaps().inNamespace(NS).withName("spiderpool-conf").get();
    }

    private MutatingWebhookConfiguration mutating() {
        return client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("spiderpool-controller").get();
    }

    private ValidatingWebhookConfiguration validating() {
        return client.admissionRegistration().v1().validatingWebhookConfigurations().withName("spiderpool-controller").get();
    }

    private SpiderCoordinator coordinator() {
        return client.resources(SpiderCoordinator.class).withName("default").get();
    }

    private static double ms(long since) {
        return (System.nanoTime() - since) / 1e6;
    }

    private void await(String what, BooleanSupplier done) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                Spiderpool o = object();
                throw new AssertionError("timed out waiting for " + what + "; status: "
                        + (o == null || o.getStatus() == null ? "none" : o.getStatus().getConditions()));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
