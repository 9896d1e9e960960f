package io.spidernet.spiderpool.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.spidernet.spiderpool.controller.reconcile.MultusConfigReconciler.Outcome;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.model.multus.BondConfig;
import io.spidernet.spiderpool.core.model.multus.CniType;
import io.spidernet.spiderpool.core.model.multus.MasterLinkConfig;
import io.spidernet.spiderpool.core.model.multus.MultusConfigSpec;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import io.spidernet.spiderpool.core.model.multus.SpiderpoolPools;
import io.spidernet.spiderpool.core.model.multus.SriovConfig;
import io.spidernet.spiderpool.core.model.multus.VlanConfig;
import io.spidernet.spiderpool.core.model.multus.VlanMode;
import io.spidernet.spiderpool.core.multus.MultusConfigRenderer;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorSpec;
import io.spidernet.spiderpool.core.webhook.MultusConfigMutator;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SpiderMultusConfig → NetworkAttachmentDefinition against fabric8's CRUD API server (409 on a stale
 * version, no garbage collector), upstream's M-cases that need no node. Objects are stored as the
 * mutating webhook leaves them.
 */
@EnableKubernetesMockClient(crud = true)
class MultusConfigReconcilerTest {
    private static final String NS = "team";
    private static final ObjectMapper JSON = new ObjectMapper();
    static KubernetesClient client;

    private MultusConfigReconciler reconciler;

    @BeforeEach
    void setUp() {
        TestCrds.create(client, "spidermultusconfigs");
        reconciler = new MultusConfigReconciler(client, new ReconcileEvents(client), true);
    }

    @Test
    void M00001_aMacvlanConfigGetsItsNadControlledByIt() {
        SpiderMultusConfig smc = create("m1", s -> macvlan(s, List.of("eth0"), null));

        assertThat(reconciler.sync(smc)).isEqualTo(Outcome.DONE);

        GenericKubernetesResource nad = nad("m1");
        OwnerReference owner = nad.getMetadata().getOwnerReferences().getFirst();
        assertThat(owner.getKind()).isEqualTo("SpiderMultusConfig");
        assertThat(owner.getUid()).isEqualTo(smc.getMetadata().getUid());
        assertThat(owner.getController()).isTrue();
        JsonNode plugins = plugins(nad);
        assertThat(plugins.get(0).get("type").asText()).isEqualTo("macvlan");
        assertThat(plugins.get(0).get("master").asText()).isEqualTo("eth0");
        assertThat(plugins.get(plugins.size() - 1).get("type").asText()).isEqualTo("coordinator");
        assertThat(reconciler.sync(read("m1"))).as("nothing left to do").isEqualTo(Outcome.DONE);
        assertThat(nad("m1").getMetadata().getResourceVersion()).as("no write when in step").isEqualTo(nad.getMetadata().getResourceVersion());
    }

    @Test
    void M00002_M00003_ipvlanAndSriovConfigsGetTheirNads() {
        reconciler.sync(create("i1", s -> {
            s.setCniType(CniType.IPVLAN);
            s.setIpvlan(new MasterLinkConfig(List.of("eth2"), null, null, null, null, null));
        }));
        reconciler.sync(create("s1", s -> {
            s.setCniType(CniType.SRIOV);
            s.setSriov(new SriovConfig("sriov-test", null, null, null, null, null, null));
        }));

        assertThat(plugins(nad("i1")).get(0).get("type").asText()).isEqualTo("ipvlan");
        assertThat(plugins(nad("s1")).get(0).get("type").asText()).isEqualTo("sriov");
        assertThat(nad("s1").getMetadata().getAnnotations()).containsEntry(SpiderpoolAnnotations.NAD_RESOURCE_NAME, "sriov-test");
    }

    @Test
    void M00004_M00019_aCustomConfigIsUsedVerbatimAndAnEmptyOneGivesANadWithoutConfig() {
        String custom = "{\"cniVersion\":\"0.3.1\",\"name\":\"macvlan-conf\",\"plugins\":[{\"type\":\"macvlan\",\"master\":\"eth0\"}]}";
        reconciler.sync(create("c1", s -> {
            s.setCniType(CniType.CUSTOM);
            s.setCustomCNI(custom);
        }));
        SpiderMultusConfig empty = new SpiderMultusConfig();
        empty.setMetadata(new ObjectMetaBuilder().withName("empty").withNamespace(NS).build());
        reconciler.sync(store(empty));

        assertThat(MultusConfigNadPlan.config(nad("c1"))).hasValue(custom);
        assertThat(MultusConfigNadPlan.config(nad("empty"))).isEmpty();
        assertThat(nad("empty").getMetadata().getOwnerReferences()).hasSize(1);
    }

    @Test
    void M00007_aDeletedNadComesBackAndAnEditedOneIsPutBack() {
        SpiderMultusConfig smc = create("m7", s -> macvlan(s, List.of("eth0"), null));
        reconciler.sync(smc);
        String rendered = MultusConfigNadPlan.config(nad("m7")).orElseThrow();

        MultusConfigNads.of(client).inNamespace(NS).withName("m7").delete();
        assertThat(reconciler.sync(smc)).isEqualTo(Outcome.DONE);
        assertThat(MultusConfigNadPlan.config(nad("m7"))).hasValue(rendered);

        GenericKubernetesResource edited = nad("m7");
        edited.setAdditionalProperties(Map.of("spec", Map.of("config", "{\"edited\":true}")));
        edited.getMetadata().setOwnerReferences(List.of());
        edited.getMetadata().setAnnotations(Map.of("someone", "else"));
        MultusConfigNads.of(client).inNamespace(NS).resource(edited).update();

        assertThat(reconciler.sync(smc)).isEqualTo(Outcome.DONE);
        GenericKubernetesResource back = nad("m7");
        assertThat(MultusConfigNadPlan.config(back)).hasValue(rendered);
        assertThat(back.getMetadata().getOwnerReferences()).extracting(OwnerReference::getUid).containsExactly(smc.getMetadata().getUid());
        assertThat(back.getMetadata().getAnnotations()).doesNotContainKey("someone");
    }

    @Test
    void M00009_M00006_addingABondAndVlanPutsIfacerFirst() {
        SpiderMultusConfig smc = create("b1", s -> {
            macvlan(s, List.of("eth0"), null);
            s.setEnableCoordinator(false);
        });
        reconciler.sync(smc);
        assertThat(plugins(nad("b1"))).hasSize(1);

        SpiderMultusConfig changed = read("b1");
        changed.getSpec().setMacvlan(new MasterLinkConfig(List.of("eth0", "eth1"), 0, 10, new BondConfig("ens1", 0, ""), "", null));
        reconciler.sync(client.resource(changed).update());

        JsonNode plugins = plugins(nad("b1"));
        assertThat(plugins).hasSize(2);
        assertThat(plugins.get(0).get("type").asText()).isEqualTo("ifacer");
        assertThat(plugins.get(1).get("master").asText()).isEqualTo("ens1.10");
    }

    @Test
    void M00010_M00012_crNameNamesTheNadAndCniVersionIsCarried() {
        reconciler.sync(create("n1", s -> macvlan(s, List.of("eth0"), null),
                Map.of(SpiderpoolAnnotations.MULTUS_CR_NAME, "custom-nad", SpiderpoolAnnotations.MULTUS_CNI_VERSION, "0.4.0")));

        GenericKubernetesResource nad = nad("custom-nad");
        assertThat(MultusConfigNads.of(client).inNamespace(NS).withName("n1").get()).isNull();
        assertThat(nad.getMetadata().getAnnotations()).containsEntry(SpiderpoolAnnotations.MULTUS_CNI_VERSION, "0.4.0");
        assertThat(conflist(nad).get("cniVersion").asText()).isEqualTo("0.4.0");
    }

    @Test
    void M00014_anExistingUnmanagedNadIsTakenOver() {
        MultusConfigNads.of(client).inNamespace(NS).resource(new GenericKubernetesResourceBuilder()
                .withApiVersion(MultusConfigNads.API_VERSION).withKind(MultusConfigNads.KIND)
                .withNewMetadata().withName("already").withNamespace(NS).endMetadata().build()).create();

        SpiderMultusConfig smc = create("already", s -> macvlan(s, List.of("eth0"), null));
        assertThat(reconciler.sync(smc)).isEqualTo(Outcome.DONE);

        GenericKubernetesResource nad = nad("already");
        assertThat(nad.getMetadata().getOwnerReferences()).extracting(OwnerReference::getKind).containsExactly("SpiderMultusConfig");
        assertThat(MultusConfigNadPlan.config(nad)).isPresent();
    }

    @Test
    void M00011_aNadControlledByAnotherConfigIsLeftAloneWithAnEvent() {
        SpiderMultusConfig first = create("first", s -> macvlan(s, List.of("eth0"), null),
                Map.of(SpiderpoolAnnotations.MULTUS_CR_NAME, "shared"));
        reconciler.sync(first);
        String version = nad("shared").getMetadata().getResourceVersion();
        // admitted before the first NAD existed, so the webhook could not see the clash
        SpiderMultusConfig second = create("second", s -> macvlan(s, List.of("eth9"), null),
                Map.of(SpiderpoolAnnotations.MULTUS_CR_NAME, "shared"));

        assertThat(reconciler.sync(second)).isEqualTo(Outcome.DONE);

        assertThat(nad("shared").getMetadata().getResourceVersion()).isEqualTo(version);
        assertThat(client.v1().events().inNamespace(NS).list().getItems()).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("NadOwnedByAnother");
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getInvolvedObject().getName()).isEqualTo("second");
            assertThat(e.getMessage()).contains("is managed by SpiderMultusConfig first");
        });
    }

    @Test
    void M00017_disableIpamLeavesTheIpamBlockOut() {
        reconciler.sync(create("d1", s -> {
            macvlan(s, List.of("eth0"), null);
            s.setDisableIPAM(true);
        }));

        assertThat(plugins(nad("d1"))).hasSize(2);
        assertThat(MultusConfigNadPlan.config(nad("d1")).orElseThrow()).doesNotContain("\"spiderpool\"");
    }

    @Test
    void M00021_aChainedPluginIsInTheNad() {
        reconciler.sync(create("ch", s -> {
            macvlan(s, List.of("eth0"), new SpiderpoolPools(null, List.of("default-v4-ippool"), null));
            s.setChainCNIJsonData(List.of("{\"type\":\"tuning\",\"sysctl\":{\"net.core.somaxconn\":\"4096\"}}"));
        }));

        assertThat(plugins(nad("ch"))).anySatisfy(p -> assertThat(p.at("/sysctl/net.core.somaxconn").asText()).isEqualTo("4096"));
    }

    @Test
    void M00022_aCoordinatorBlockWithoutPodRpFilterGivesTwoPluginsAndNoRpFilterKey() {
        reconciler.sync(create("rp", s -> {
            macvlan(s, List.of("eth0"), null);
            s.setCoordinator(new CoordinatorSpec());
        }));

        JsonNode plugins = plugins(nad("rp"));
        assertThat(plugins).hasSize(2);
        assertThat(plugins.get(1).has("podRPFilter")).as("left to the SpiderCoordinator").isFalse();
        assertThat(plugins.get(1).has("mode")).as("left to the SpiderCoordinator").isFalse();
    }

    @Test
    void M00033_M00035_mtuAndRatesReachThePlugins() {
        reconciler.sync(create("mtu", s -> {
            s.setCniType(CniType.MACVLAN);
            s.setMacvlan(new MasterLinkConfig(List.of("eth0"), 1400, null, null, null, null));
        }));
        reconciler.sync(create("sr", s -> {
            s.setCniType(CniType.SRIOV);
            s.setSriov(new SriovConfig("spidernet.io/test", null, 1400, 10, 30, true, null));
        }));

        assertThat(plugins(nad("mtu")).get(0).get("mtu").asInt()).isEqualTo(1400);
        JsonNode sriov = plugins(nad("sr"));
        assertThat(sriov.get(0).get("min_tx_rate").asInt()).isEqualTo(10);
        assertThat(sriov.get(0).get("max_tx_rate").asInt()).isEqualTo(30);
        assertThat(sriov).anySatisfy(p -> {
            assertThat(p.get("type").asText()).isEqualTo("tuning");
            assertThat(p.get("mtu").asInt()).isEqualTo(1400);
        });
    }

    @Test
    void M00039_vlanAutoModeHasNoVlanId() {
        reconciler.sync(create("va", s -> {
            s.setCniType(CniType.VLAN);
            s.setVlan(new VlanConfig(List.of("eth0"), null, VlanMode.AUTO, null, null, null, null));
        }));

        JsonNode vlan = plugins(nad("va")).get(0);
        assertThat(vlan.get("type").asText()).isEqualTo("vlan");
        assertThat(vlan.get("vlanMode").asText()).isEqualTo("auto");
        assertThat(vlan.has("vlanId")).isFalse();
    }

    /** The NAD side of M00038; the pod on the network needs a node with a VLAN-capable master. */
    @Test
    void M00038_aManualVlanNetworkCarriesItsVlanId() {
        reconciler.sync(create("vm", s -> {
            s.setCniType(CniType.VLAN);
            s.setVlan(new VlanConfig(List.of("eth0"), null, VlanMode.MANUAL, 100, null, null, null));
        }));

        JsonNode vlan = plugins(nad("vm")).get(0);
        assertThat(vlan.get("type").asText()).isEqualTo("vlan");
        assertThat(vlan.get("vlanMode").asText()).isEqualTo("manual");
        assertThat(vlan.get("vlanId").asInt()).isEqualTo(100);
    }

    @Test
    void anAnnotationChangeOfTheConfigReachesTheNad() {
        reconciler.sync(create("an", s -> macvlan(s, List.of("eth0"), null)));
        SpiderMultusConfig changed = read("an");
        changed.getMetadata().setAnnotations(new HashMap<>(Map.of(SpiderpoolAnnotations.CNI_CONFIG_NAME, "renamed-conf")));
        reconciler.sync(client.resource(changed).update());

        assertThat(nad("an").getMetadata().getAnnotations()).containsEntry(SpiderpoolAnnotations.CNI_CONFIG_NAME, "renamed-conf");
        assertThat(conflist(nad("an")).get("name").asText()).isEqualTo("renamed-conf");
    }

    @Test
    void aNadBeingDeletedIsWaitedFor() {
        SpiderMultusConfig smc = create("t1", s -> macvlan(s, List.of("eth0"), null));
        MultusConfigNads.of(client).inNamespace(NS).resource(new GenericKubernetesResourceBuilder()
                .withApiVersion(MultusConfigNads.API_VERSION).withKind(MultusConfigNads.KIND).withNewMetadata().withName("t1")
                .withNamespace(NS).withFinalizers("example.com/hold").endMetadata().build()).create();
        MultusConfigNads.of(client).inNamespace(NS).withName("t1").delete();
        String version = nad("t1").getMetadata().getResourceVersion();

        assertThat(reconciler.sync(smc)).isEqualTo(Outcome.RETRY);
        assertThat(nad("t1").getMetadata().getResourceVersion()).isEqualTo(version);
    }

    @Test
    void aWriteOnAStaleVersionIsRetriedNotForced() {
        SpiderMultusConfig smc = create("st", s -> macvlan(s, List.of("eth0"), null));
        reconciler.sync(smc);
        GenericKubernetesResource stale = nad("st");
        GenericKubernetesResource edited = nad("st");
        edited.getMetadata().setAnnotations(Map.of("edit", "1"));
        MultusConfigNads.of(client).inNamespace(NS).resource(edited).update();
        stale.getMetadata().setAnnotations(Map.of("edit", "2"));

        MultusConfigNadPlan plan = MultusConfigNadPlan.of(smc, MultusConfigRenderer.render(smc), Optional.of(stale));
        assertThat(plan).isInstanceOf(MultusConfigNadPlan.Update.class);
        KubernetesClientException thrown = catchThrowableOfType(KubernetesClientException.class,
                () -> MultusConfigNads.of(client).inNamespace(NS).resource(((MultusConfigNadPlan.Update) plan).nad()).update());
        assertThat(thrown.getCode()).as("the update carries the version it was planned from").isEqualTo(409);
        assertThat(reconciler.sync(smc)).isEqualTo(Outcome.DONE);
        assertThat(nad("st").getMetadata().getAnnotations()).doesNotContainKey("edit");
    }

    @Test
    void turnedOffItWritesNothing() {
        SpiderMultusConfig smc = create("off", s -> macvlan(s, List.of("eth0"), null));

        assertThat(new MultusConfigReconciler(client, new ReconcileEvents(client), false).sync(smc)).isEqualTo(Outcome.DONE);
        assertThat(MultusConfigNads.of(client).inNamespace(NS).withName("off").get()).isNull();
    }

    @Test
    void M00008_M00007_theEventsReconcileTheOwnerOfAChangedNadAndDeleteTheNadOfADeletedConfig() throws Exception {
        MultusConfigEvents events = new MultusConfigEvents(client, reconciler);
        List<ResourceID> triggered = Collections.synchronizedList(new ArrayList<>());
        events.setEventHandler((Event e) -> triggered.add(e.getRelatedCustomResourceID()));
        SpiderMultusConfig smc = create("ev", s -> macvlan(s, List.of("eth0"), null));
        reconciler.sync(smc);
        events.start();
        try {
            await("the NAD's add event", () -> triggered.contains(new ResourceID("ev", NS)));
            // the add comes from the informer's list; a delete made before its watch is open would be missed
            await("the informers' watches", events::watching);
            triggered.clear();

            MultusConfigNads.of(client).inNamespace(NS).withName("ev").delete();
            await("the NAD's delete event", () -> triggered.contains(new ResourceID("ev", NS)));
            reconciler.sync(read("ev"));
            await("the NAD back", () -> MultusConfigNads.of(client).inNamespace(NS).withName("ev").get() != null);
            await("the informer to hold the new NAD", () -> events.getSecondaryResources(read("ev")).size() == 1);

            client.resource(read("ev")).delete();
            await("the NAD gone with its config", () -> MultusConfigNads.of(client).inNamespace(NS).withName("ev").get() == null);
        } finally {
            events.stop();
        }
    }

    // --- helpers ------------------------------------------------------------------------------------

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static SpiderMultusConfig create(String name, Consumer<MultusConfigSpec> spec) {
        return create(name, spec, Map.of());
    }

    private static SpiderMultusConfig create(String name, Consumer<MultusConfigSpec> spec, Map<String, String> annotations) {
        SpiderMultusConfig c = new SpiderMultusConfig();
        c.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).withAnnotations(new HashMap<>(annotations)).build());
        MultusConfigSpec s = new MultusConfigSpec();
        spec.accept(s);
        c.setSpec(s);
        return store(c);
    }

    /** As the API server stores it: mutated by the webhook. */
    private static SpiderMultusConfig store(SpiderMultusConfig c) {
        return client.resource(new MultusConfigMutator().mutate(c).object()).create();
    }

    private static SpiderMultusConfig read(String name) {
        return client.resources(SpiderMultusConfig.class).inNamespace(NS).withName(name).get();
    }

    private static void macvlan(MultusConfigSpec s, List<String> masters, SpiderpoolPools pools) {
        s.setCniType(CniType.MACVLAN);
        s.setMacvlan(new MasterLinkConfig(masters, null, null, null, null, pools));
    }

    private static GenericKubernetesResource nad(String name) {
        GenericKubernetesResource nad = MultusConfigNads.of(client).inNamespace(NS).withName(name).get();
        assertThat(nad).as("NAD " + name).isNotNull();
        return nad;
    }

    private static JsonNode conflist(GenericKubernetesResource nad) {
        try {
            return JSON.readTree(MultusConfigNadPlan.config(nad).orElseThrow());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode plugins(GenericKubernetesResource nad) {
        return conflist(nad).get("plugins");
    }
}
