package io.spidernet.spiderpool.core.coordinator.status;

import static io.spidernet.spiderpool.core.coordinator.status.Fixtures.cni;
import static io.spidernet.spiderpool.core.coordinator.status.Fixtures.configMap;
import static io.spidernet.spiderpool.core.coordinator.status.Fixtures.kubeadmCalico;
import static io.spidernet.spiderpool.core.coordinator.status.Fixtures.objects;
import static io.spidernet.spiderpool.core.coordinator.status.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.spidernet.spiderpool.core.coordinator.status.StatusDiscovery.Recomputed;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorSpec;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorStatus;
import io.spidernet.spiderpool.core.model.coordinator.PodCidrType;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The whole recompute, named by upstream's SpiderCoordinator e2e cases where one maps. */
class StatusDiscoveryTest {
    private static final List<String> KUBEADM_POD = List.of("172.40.0.0/16", "fd40::/48");
    private static final List<String> KUBEADM_SERVICE = List.of("10.233.0.0/18", "fd00:10:233::/116");

    @Test
    void V00001_autoDetectsTheClusterCniFromTheCniConfigDirectory() {
        assertSynced(run(PodCidrType.AUTO, kubeadmCalico()), List.of("10.244.0.0/16", "fd00:10:244::/64", "10.245.0.0/16"),
                KUBEADM_SERVICE);
        assertSynced(run(PodCidrType.AUTO, with(kubeadmCalico(), s -> cniOf(s, cni("10-flannel.conflist")))), KUBEADM_POD,
                KUBEADM_SERVICE);
        assertSynced(run(PodCidrType.AUTO, cilium(configMap("cilium-config.yaml"))), List.of("10.0.0.0/8", "fd00::/104"),
                KUBEADM_SERVICE);
    }

    @Test
    void V00002_autoWithoutCniFilesIsNone() {
        Recomputed r = run(PodCidrType.AUTO, with(kubeadmCalico(), s -> cniOf(s, CniConfigDir.empty("/etc/cni/net.d"))));
        assertSynced(r, List.of(), KUBEADM_SERVICE);
    }

    @Test
    void V00003_calicoPoolsIncludingADisabledOneThatStillHoldsPods() {
        assertSynced(run(PodCidrType.CALICO, kubeadmCalico()), List.of("10.244.0.0/16", "fd00:10:244::/64", "10.245.0.0/16"),
                KUBEADM_SERVICE);
    }

    @Test
    void V00004_ciliumClusterPoolKubernetesAndMultiPool() {
        assertSynced(run(PodCidrType.CILIUM, cilium(configMap("cilium-config.yaml"))), List.of("10.0.0.0/8", "fd00::/104"),
                KUBEADM_SERVICE);
        assertSynced(run(PodCidrType.CILIUM, cilium(ipam("cluster-pool-v2beta"))), List.of("10.0.0.0/8", "fd00::/104"),
                KUBEADM_SERVICE);
        assertSynced(run(PodCidrType.CILIUM, cilium(ipam("kubernetes"))), KUBEADM_POD, KUBEADM_SERVICE);
        assertSynced(run(PodCidrType.CILIUM, cilium(ipam("multi-pool"))), List.of("10.10.0.0/16", "10.20.0.0/16", "fd00:20::/96"),
                KUBEADM_SERVICE);
        // cluster-pool needs no CiliumPodIPPool kind (upstream refuses every mode without it)
        ClusterSnapshot noPoolKind = with(cilium(configMap("cilium-config.yaml")), s -> new ClusterSnapshot(s.cniConfigDir(),
                s.kubeadmConfig(), s.controllerManagers(), s.ciliumConfigName(), s.ciliumConfig(), s.calicoPools(),
                Optional.empty(), s.serviceCidrs()));
        assertSynced(run(PodCidrType.CILIUM, noPoolKind), List.of("10.0.0.0/8", "fd00::/104"), KUBEADM_SERVICE);
    }

    @Test
    void V00004_ciliumModesWithoutCidrsAreNotReady() {
        assertNotReady(run(PodCidrType.CILIUM, cilium(ipam("eni"))), "Cilium IPAM mode \"eni\"", "spec.podCIDRType");
        assertNotReady(run(PodCidrType.CILIUM, cilium(withData(configMap("cilium-config.yaml"), "cluster-pool-ipv4-cidr", "10.0.0.0"))),
                "cluster-pool-ipv4-cidr of kube-system/cilium-config holds \"10.0.0.0\"");
        Recomputed missing = run(PodCidrType.CILIUM, cilium(null));
        assertNotReady(missing, "ConfigMap kube-system/cilium-config was not found", "SPIDERPOOL_CILIUM_CONFIGMAP_NAMESPACE_NAME");
        assertThat(missing.events()).extracting(DiscoveryEvent::reason).containsExactly(DiscoveryEvent.CILIUM_NOT_READY);
    }

    @Test
    void V00005_noneHasNoPodCidrButTheServiceCidr() {
        assertSynced(run(PodCidrType.NONE, kubeadmCalico()), List.of(), KUBEADM_SERVICE);
    }

    @Test
    void V00006_notReadyEmptiesBothListsAndSaysWhatToDo() {
        SpiderCoordinator held = coordinator(PodCidrType.CILIUM);
        held.setStatus(status("Synced", null, List.of("10.244.0.0/16"), KUBEADM_SERVICE));
        // Calico's cluster, podCIDRType cilium: upstream's e2e "invalid type" step
        Recomputed r = StatusDiscovery.recompute(held, PodCidrType.CILIUM, kubeadmCalico());
        assertNotReady(r, "Cilium's ConfigMap kube-system/cilium-config was not found");
        assertThat(r.status().getOverlayPodCIDR()).isEmpty();
        assertThat(r.status().getServiceCIDR()).isEmpty();
        assertThat(r.changed()).isTrue();
    }

    @Test
    void V00009_kubeadmConfigFirstThenKubeControllerManager() {
        ClusterSnapshot rke2 = with(kubeadmCalico(), s -> new ClusterSnapshot(s.cniConfigDir(), null,
                List.of(pod("kube-controller-manager-rke2.yaml")), s.ciliumConfigName(), null, s.calicoPools(), s.ciliumPools(),
                s.serviceCidrs()));
        assertSynced(run(PodCidrType.CLUSTER, kubeadmCalico()), KUBEADM_POD, KUBEADM_SERVICE);
        assertSynced(run(PodCidrType.CLUSTER, rke2), List.of("10.42.0.0/16"), List.of("10.43.0.0/16"));
        // a kubeadm-config without serviceSubnet: the pod CIDR from it, the service CIDR from the flags
        ClusterSnapshot partial = with(rke2, s -> new ClusterSnapshot(s.cniConfigDir(),
                withData(configMap("kubeadm-config.yaml"), "ClusterConfiguration", "networking:\n  podSubnet: 10.50.0.0/16\n"),
                s.controllerManagers(), s.ciliumConfigName(), null, s.calicoPools(), s.ciliumPools(), s.serviceCidrs()));
        assertSynced(run(PodCidrType.CLUSTER, partial), List.of("10.50.0.0/16"), List.of("10.43.0.0/16"));
    }

    @Test
    void V00010_serviceCidrObjectsWinOverTheClusterConfiguration() {
        ClusterSnapshot s = withServiceCidrs(kubeadmCalico(), Optional.of(objects("servicecidrs.yaml")));
        assertSynced(run(PodCidrType.NONE, s), List.of(),
                List.of("10.233.0.0/18", "fd00:10:233::/116", "10.234.0.0/16", "fd00:10:234::/116"));
        // the API is served but holds none (yet): the cluster's configuration still answers
        assertSynced(run(PodCidrType.NONE, withServiceCidrs(kubeadmCalico(), Optional.of(List.of()))), List.of(), KUBEADM_SERVICE);
    }

    @Test
    void V00011_neitherKubeadmConfigNorKubeControllerManagerIsNotReady() {
        ClusterSnapshot bare = withoutCluster(kubeadmCalico());
        Recomputed r = run(PodCidrType.CLUSTER, bare);
        assertNotReady(r, "the cluster's pod CIDR is unknown: neither ConfigMap kube-system/kubeadm-config nor a pod labelled"
                + " component=kube-controller-manager was found");
        assertThat(r.events()).extracting(DiscoveryEvent::reason).containsExactly(DiscoveryEvent.CLUSTER_NOT_READY);
        assertThat(r.events().getFirst().warning()).isTrue();
        // calico with ServiceCIDRs needs neither (upstream would still be NotReady)
        assertSynced(run(PodCidrType.CALICO, withServiceCidrs(bare, Optional.of(objects("servicecidrs.yaml")))),
                List.of("10.244.0.0/16", "fd00:10:244::/64", "10.245.0.0/16"),
                List.of("10.233.0.0/18", "fd00:10:233::/116", "10.234.0.0/16", "fd00:10:234::/116"));
        // without ServiceCIDRs the service CIDR is missing
        assertNotReady(run(PodCidrType.CALICO, bare), "the cluster's service CIDR is unknown", "ServiceCIDR API");
    }

    @Test
    void aControllerManagerWithoutTheFlagIsNamedInTheReason() {
        ClusterSnapshot noFlag = with(kubeadmCalico(), s -> new ClusterSnapshot(s.cniConfigDir(), null,
                List.of(new io.fabric8.kubernetes.api.model.PodBuilder(pod("kube-controller-manager-rke2.yaml")).editSpec()
                        .editFirstContainer().withArgs(List.of("--v=2")).endContainer().endSpec().build()),
                s.ciliumConfigName(), null, s.calicoPools(), s.ciliumPools(), s.serviceCidrs()));
        Recomputed r = run(PodCidrType.CLUSTER, noFlag);
        assertNotReady(r, "there is no ConfigMap kube-system/kubeadm-config and the kube-controller-manager pod has no valid --cluster-cidr");
        assertThat(r.events()).isEmpty();
    }

    @Test
    void calicoWithoutItsKindOrPoolsIsNotReady() {
        assertNotReady(run(PodCidrType.CALICO, with(kubeadmCalico(), s -> new ClusterSnapshot(s.cniConfigDir(), s.kubeadmConfig(),
                s.controllerManagers(), s.ciliumConfigName(), null, Optional.empty(), s.ciliumPools(), s.serviceCidrs()))),
                "no Calico IPPool kind (crd.projectcalico.org/v1)");
        assertNotReady(run(PodCidrType.CALICO, with(kubeadmCalico(), s -> new ClusterSnapshot(s.cniConfigDir(), s.kubeadmConfig(),
                s.controllerManagers(), s.ciliumConfigName(), null, Optional.of(List.of()), s.ciliumPools(), s.serviceCidrs()))),
                "no Calico IPPool (crd.projectcalico.org/v1) exists");
    }

    @Test
    void anUnsetPodCidrTypeIsAuto() {
        SpiderCoordinator c = coordinator(null);
        assertThat(StatusDiscovery.declaredType(c)).isEqualTo(PodCidrType.AUTO);
        assertSynced(StatusDiscovery.recompute(c, null, kubeadmCalico()),
                List.of("10.244.0.0/16", "fd00:10:244::/64", "10.245.0.0/16"), KUBEADM_SERVICE);
    }

    @Test
    void aStatusAlreadyHeldIsNotWrittenAgainAndItsWarningNotRepeated() {
        SpiderCoordinator c = coordinator(PodCidrType.CLUSTER);
        c.setStatus(status("Synced", "", KUBEADM_POD, KUBEADM_SERVICE));
        assertThat(StatusDiscovery.recompute(c, PodCidrType.CLUSTER, kubeadmCalico()).changed()).isFalse();

        Recomputed first = StatusDiscovery.recompute(c, PodCidrType.CLUSTER, withoutCluster(kubeadmCalico()));
        assertThat(first.events()).hasSize(1);
        c.setStatus(first.status());
        Recomputed again = StatusDiscovery.recompute(c, PodCidrType.CLUSTER, withoutCluster(kubeadmCalico()));
        assertThat(again.changed()).isFalse();
        assertThat(again.events()).isEmpty();
    }

    @Test
    void aChangedPodCidrTypeIsANormalEvent() {
        Recomputed r = StatusDiscovery.recompute(coordinator(PodCidrType.CALICO), PodCidrType.AUTO, kubeadmCalico());
        assertThat(r.events()).containsExactly(new DiscoveryEvent(false, DiscoveryEvent.POD_CIDR_TYPE_CHANGED,
                "Pod CIDR type changed from auto to calico"));
        assertThat(StatusDiscovery.recompute(coordinator(PodCidrType.CALICO), null, kubeadmCalico()).events()).isEmpty();
    }

    @Test
    void moreCidrsThanTheBoundIsNotReady() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= CidrLists.MAX_CIDRS; i++) {
            many.add("10." + (i / 256) + "." + (i % 256) + ".0/24");
        }
        ConfigMap kubeadm = withData(configMap("kubeadm-config.yaml"), "ClusterConfiguration",
                "networking:\n  podSubnet: " + String.join(",", many) + "\n  serviceSubnet: 10.96.0.0/12\n");
        ClusterSnapshot s = with(kubeadmCalico(), x -> new ClusterSnapshot(x.cniConfigDir(), kubeadm, x.controllerManagers(),
                x.ciliumConfigName(), null, x.calicoPools(), x.ciliumPools(), x.serviceCidrs()));
        assertNotReady(run(PodCidrType.CLUSTER, s), "257 CIDRs, more than the 256");
    }

    private static Recomputed run(PodCidrType type, ClusterSnapshot snapshot) {
        return StatusDiscovery.recompute(coordinator(type), type, snapshot);
    }

    private static void assertSynced(Recomputed r, List<String> pod, List<String> service) {
        assertThat(r.status().getReason()).as("reason").isNull();
        assertThat(r.status().getPhase()).isEqualTo(CoordinatorStatus.PHASE_SYNCED);
        assertThat(r.status().getOverlayPodCIDR()).as("overlayPodCIDR").isEqualTo(pod);
        assertThat(r.status().getServiceCIDR()).as("serviceCIDR").isEqualTo(service);
    }

    private static void assertNotReady(Recomputed r, String... reasonParts) {
        assertThat(r.status().getPhase()).isEqualTo(CoordinatorStatus.PHASE_NOT_READY);
        assertThat(r.status().getReason()).contains(reasonParts);
        assertThat(r.status().getOverlayPodCIDR()).isEmpty();
        assertThat(r.status().getServiceCIDR()).isEmpty();
    }

    static SpiderCoordinator coordinator(PodCidrType type) {
        SpiderCoordinator c = new SpiderCoordinator();
        c.setMetadata(new ObjectMetaBuilder().withName("default").withResourceVersion("7").build());
        CoordinatorSpec spec = new CoordinatorSpec();
        spec.setPodCIDRType(type);
        c.setSpec(spec);
        return c;
    }

    private static CoordinatorStatus status(String phase, String reason, List<String> pod, List<String> service) {
        CoordinatorStatus s = new CoordinatorStatus();
        s.setPhase(phase);
        s.setReason(reason);
        s.setOverlayPodCIDR(pod);
        s.setServiceCIDR(service);
        return s;
    }

    private static ClusterSnapshot with(ClusterSnapshot s, UnaryOperator<ClusterSnapshot> change) {
        return change.apply(s);
    }

    private static ClusterSnapshot cniOf(ClusterSnapshot s, CniConfigDir dir) {
        return new ClusterSnapshot(dir, s.kubeadmConfig(), s.controllerManagers(), s.ciliumConfigName(), s.ciliumConfig(),
                s.calicoPools(), s.ciliumPools(), s.serviceCidrs());
    }

    private static ClusterSnapshot withServiceCidrs(ClusterSnapshot s, Optional<List<io.fabric8.kubernetes.api.model.GenericKubernetesResource>> cidrs) {
        return new ClusterSnapshot(s.cniConfigDir(), s.kubeadmConfig(), s.controllerManagers(), s.ciliumConfigName(),
                s.ciliumConfig(), s.calicoPools(), s.ciliumPools(), cidrs);
    }

    private static ClusterSnapshot withoutCluster(ClusterSnapshot s) {
        return new ClusterSnapshot(s.cniConfigDir(), null, List.of(), s.ciliumConfigName(), s.ciliumConfig(),
                s.calicoPools(), s.ciliumPools(), s.serviceCidrs());
    }

    /** A Cilium cluster (its CNI file, pools of the multi-pool fixture) with this cilium-config. */
    private static ClusterSnapshot cilium(ConfigMap ciliumConfig) {
        ClusterSnapshot s = kubeadmCalico();
        return new ClusterSnapshot(cni("05-cilium.conflist"), s.kubeadmConfig(), s.controllerManagers(), "kube-system/cilium-config",
                ciliumConfig, Optional.empty(), Optional.of(objects("cilium-podippools.yaml")), s.serviceCidrs());
    }

    private static ConfigMap ipam(String mode) {
        return withData(configMap("cilium-config.yaml"), "ipam", mode);
    }

    private static ConfigMap withData(ConfigMap cm, String key, String value) {
        return new ConfigMapBuilder(cm).addToData(key, value).build();
    }
}
