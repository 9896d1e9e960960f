package io.spidernet.spiderpool.controller.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.spidernet.spiderpool.controller.reconcile.ReconcileEvents;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorSpec;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorStatus;
import io.spidernet.spiderpool.core.model.coordinator.PodCidrType;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status controller against the CRUD test server, one source at a time, with the objects of
 * spiderpool-core's fixtures (a kind cluster's kubeadm-config and controller-manager pod, Calico's
 * and Cilium's pools, ServiceCIDRs). Foreign kinds exist only once their CRD is created here, as in
 * a cluster that installs them.
 */
@EnableKubernetesMockClient(crud = true)
class CoordinatorStatusDutyTest {
    static final Path FIXTURES = Path.of("../spiderpool-core/src/test/resources/coordinator-status");
    private static final Duration WAIT = Duration.ofSeconds(20);

    KubernetesClient client;
    @TempDir
    Path cniDir;
    private CoordinatorStatusDuty duty;

    @BeforeEach
    void crds() {
        try (InputStream in = Files.newInputStream(Path.of("../deploy/crds/spidercoordinators.spiderpool.spidernet.io.yaml"))) {
            client.apiextensions().v1().customResourceDefinitions().load(in).create();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        if (duty != null) {
            duty.stop();
        }
    }

    @Test
    void V00009_theClusterCidrsFromKubeadmConfig() {
        load("kubeadm-config.yaml");
        createCoordinator(PodCidrType.CLUSTER);
        start();
        assertThat(awaitStatus(s -> "Synced".equals(s.getPhase())).getOverlayPodCIDR()).containsExactly("172.40.0.0/16", "fd40::/48");
        assertThat(coordinator().getStatus().getServiceCIDR()).containsExactly("10.233.0.0/18", "fd00:10:233::/116");
    }

    @Test
    void V00009_theClusterCidrsFromTheControllerManagerWhenKubeadmConfigIsDeleted() {
        load("kubeadm-config.yaml");
        load("kube-controller-manager-rke2.yaml");
        createCoordinator(PodCidrType.CLUSTER);
        start();
        awaitStatus(s -> List.of("172.40.0.0/16", "fd40::/48").equals(s.getOverlayPodCIDR()));
        client.configMaps().inNamespace("kube-system").withName("kubeadm-config").delete();
        CoordinatorStatus s = awaitStatus(x -> List.of("10.42.0.0/16").equals(x.getOverlayPodCIDR()));
        assertThat(s.getPhase()).isEqualTo("Synced");
        assertThat(s.getServiceCIDR()).containsExactly("10.43.0.0/16");
    }

    @Test
    void V00011_neitherSourceIsNotReadyWithItsReasonAndAnEventThenSyncedOnceOneAppears() {
        createCoordinator(PodCidrType.CLUSTER);
        start();
        CoordinatorStatus s = awaitStatus(x -> "NotReady".equals(x.getPhase()));
        assertThat(s.getReason()).contains("neither ConfigMap kube-system/kubeadm-config nor a pod labelled"
                + " component=kube-controller-manager was found");
        assertThat(s.getOverlayPodCIDR()).isEmpty();
        awaitEvent("ClusterNotReady");

        load("kube-controller-manager-kind.yaml");
        assertThat(awaitStatus(x -> "Synced".equals(x.getPhase())).getServiceCIDR())
                .containsExactly("10.233.0.0/18", "fd00:10:233::/116");
        assertThat(coordinator().getStatus().getReason()).isNull();
    }

    @Test
    void V00001_V00003_autoDetectsCalicoAndReadsItsPoolsDisabledIncluded() throws IOException {
        Files.copy(FIXTURES.resolve("cni/00-multus.conf"), cniDir.resolve("00-multus.conf"));
        Files.copy(FIXTURES.resolve("cni/10-calico.conflist"), cniDir.resolve("10-calico.conflist"));
        foreignCrd("crd.projectcalico.org", "v1", "ippools", "IPPool");
        load("kubeadm-config.yaml");
        createCoordinator(PodCidrType.AUTO);
        start();
        awaitStatus(x -> "NotReady".equals(x.getPhase()) && x.getReason().contains("no Calico IPPool"));
        ResourceDefinitionContext ippools = new ResourceDefinitionContext.Builder().withGroup("crd.projectcalico.org")
                .withVersion("v1").withPlural("ippools").withKind("IPPool").withNamespaced(false).build();
        loadAll("calico-ippools.yaml", ippools);
        // the test server stamps creationTimestamp itself, so the order (oldest first) is core's tests' concern
        awaitStatus(x -> Set.of("10.244.0.0/16", "fd00:10:244::/64", "10.245.0.0/16", "10.250.0.0/16")
                .equals(Set.copyOf(x.getOverlayPodCIDR())));
        // the API server keeps an object with finalizers, marked as being deleted: its CIDR goes
        client.genericKubernetesResources(ippools).withName("retired-ippool").delete();
        assertThat(client.genericKubernetesResources(ippools).withName("retired-ippool").get().getMetadata().getDeletionTimestamp())
                .isNotNull();
        assertThat(awaitStatus(x -> x.getOverlayPodCIDR().size() == 3).getOverlayPodCIDR())
                .containsExactlyInAnyOrder("10.244.0.0/16", "fd00:10:244::/64", "10.245.0.0/16");
    }

    @Test
    void V00004_ciliumMultiPoolFromItsConfigMapAndPodIpPools() {
        foreignCrd("cilium.io", "v2alpha1", "ciliumpodippools", "CiliumPodIPPool");
        load("kubeadm-config.yaml");
        ConfigMap cilium = client.getKubernetesSerialization().unmarshal(text("cilium-config.yaml"), ConfigMap.class);
        cilium.getData().put("ipam", "multi-pool");
        client.resource(cilium).create();
        loadAll("cilium-podippools.yaml", new ResourceDefinitionContext.Builder().withGroup("cilium.io").withVersion("v2alpha1")
                .withPlural("ciliumpodippools").withKind("CiliumPodIPPool").withNamespaced(false).build());
        createCoordinator(PodCidrType.CILIUM);
        start();
        assertThat(awaitStatus(x -> "Synced".equals(x.getPhase())).getOverlayPodCIDR())
                .containsExactlyInAnyOrder("10.10.0.0/16", "10.20.0.0/16", "fd00:20::/96");
    }

    @Test
    void V00004_ciliumNotInstalledIsNotReadyWithCiliumNotReady() {
        load("kubeadm-config.yaml");
        createCoordinator(PodCidrType.CILIUM);
        start();
        assertThat(awaitStatus(x -> "NotReady".equals(x.getPhase())).getReason())
                .contains("Cilium's ConfigMap kube-system/cilium-config was not found");
        awaitEvent("CiliumNotReady");
    }

    @Test
    void V00010_serviceCidrObjectsAndBackToTheClusterServiceCidrWhenDeleted() {
        foreignCrd("networking.k8s.io", "v1", "servicecidrs", "ServiceCIDR");
        load("kubeadm-config.yaml");
        createCoordinator(PodCidrType.NONE);
        start();
        awaitStatus(x -> List.of("10.233.0.0/18", "fd00:10:233::/116").equals(x.getServiceCIDR()));
        ResourceDefinitionContext serviceCidrs = new ResourceDefinitionContext.Builder().withGroup("networking.k8s.io")
                .withVersion("v1").withPlural("servicecidrs").withKind("ServiceCIDR").withNamespaced(false).build();
        GenericKubernetesResource extra = new GenericKubernetesResource();
        extra.setApiVersion("networking.k8s.io/v1");
        extra.setKind("ServiceCIDR");
        extra.setMetadata(new ObjectMetaBuilder().withName("test").build());
        extra.setAdditionalProperty("spec", java.util.Map.of("cidrs", List.of("10.234.0.0/16", "fd00:10:234::/116")));
        client.genericKubernetesResources(serviceCidrs).resource(extra).create();
        CoordinatorStatus s = awaitStatus(x -> x.getServiceCIDR() != null && x.getServiceCIDR().contains("10.234.0.0/16"));
        assertThat(s.getServiceCIDR()).containsExactly("10.234.0.0/16", "fd00:10:234::/116");
        assertThat(s.getOverlayPodCIDR()).isEmpty();

        client.genericKubernetesResources(serviceCidrs).withName("test").delete();
        awaitStatus(x -> List.of("10.233.0.0/18", "fd00:10:233::/116").equals(x.getServiceCIDR()));
    }

    @Test
    void V00002_noCniFileWithAutoIsNoneAndAnUnchangedStatusIsNotWrittenAgain() throws InterruptedException {
        load("kubeadm-config.yaml");
        createCoordinator(PodCidrType.AUTO);
        start();
        CoordinatorStatus s = awaitStatus(x -> "Synced".equals(x.getPhase()));
        assertThat(s.getOverlayPodCIDR()).isEmpty();
        String version = coordinator().getMetadata().getResourceVersion();
        duty.trigger();
        Thread.sleep(500);
        assertThat(coordinator().getMetadata().getResourceVersion()).isEqualTo(version);
    }

    @Test
    void aPodCidrTypeEditIsRecomputedWithAnEvent() {
        load("kubeadm-config.yaml");
        createCoordinator(PodCidrType.NONE);
        start();
        awaitStatus(x -> "Synced".equals(x.getPhase()) && x.getOverlayPodCIDR().isEmpty());
        SpiderCoordinator c = coordinator();
        c.getSpec().setPodCIDRType(PodCidrType.CLUSTER);
        client.resource(c).update();
        awaitStatus(x -> List.of("172.40.0.0/16", "fd40::/48").equals(x.getOverlayPodCIDR()));
        assertThat(awaitEvent("PodCIDRTypeChanged").getMessage()).isEqualTo("Pod CIDR type changed from none to cluster");
    }

    private void start() {
        duty = new CoordinatorStatusDuty(client, new CoordinatorStatusSettings(true, "default", cniDir, "kube-system/cilium-config",
                Duration.ofHours(1), Duration.ofMillis(50)), new ReconcileEvents(client));
        duty.start();
    }

    private void createCoordinator(PodCidrType type) {
        SpiderCoordinator c = new SpiderCoordinator();
        c.setMetadata(new ObjectMetaBuilder().withName("default").build());
        CoordinatorSpec spec = new CoordinatorSpec();
        spec.setPodCIDRType(type);
        c.setSpec(spec);
        client.resource(c).create();
    }

    private SpiderCoordinator coordinator() {
        return client.resources(SpiderCoordinator.class).withName("default").get();
    }

    private CoordinatorStatus awaitStatus(Predicate<CoordinatorStatus> done) {
        long end = System.nanoTime() + WAIT.toNanos();
        CoordinatorStatus last = null;
        while (System.nanoTime() < end) {
            last = coordinator().getStatus();
            if (last != null && done.test(last)) {
                return last;
            }
            sleep();
        }
        throw new AssertionError("status not reached within " + WAIT + "; last: " + client.getKubernetesSerialization().asJson(last));
    }

    private Event awaitEvent(String reason) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            for (Event e : client.v1().events().inNamespace("default").list().getItems()) {
                if (reason.equals(e.getReason()) && "SpiderCoordinator".equals(e.getInvolvedObject().getKind())) {
                    return e;
                }
            }
            sleep();
        }
        throw new AssertionError("no event " + reason + " within " + WAIT);
    }

    private void foreignCrd(String group, String version, String plural, String kind) {
        client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(plural + "." + group).endMetadata()
                .withNewSpec().withGroup(group).withScope("Cluster")
                .withNewNames().withPlural(plural).withKind(kind).withSingular(kind.toLowerCase()).endNames()
                .addNewVersion().withName(version).withServed(true).withStorage(true).endVersion()
                .endSpec().build()).create();
    }

    private void load(String fixture) {
        HasMetadata o = client.getKubernetesSerialization().unmarshal(text(fixture));
        if (o instanceof Pod || o instanceof ConfigMap) {
            client.resource(o).create();
        } else {
            throw new IllegalArgumentException(fixture);
        }
    }

    private void loadAll(String fixture, ResourceDefinitionContext context) {
        List<HasMetadata> all = client.getKubernetesSerialization().unmarshal(text(fixture));
        for (HasMetadata o : all) {
            GenericKubernetesResource g = client.getKubernetesSerialization().convertValue(o, GenericKubernetesResource.class);
            client.genericKubernetesResources(context).resource(g).create();
        }
    }

    static String text(String fixture) {
        try {
            return Files.readString(FIXTURES.resolve(fixture));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
