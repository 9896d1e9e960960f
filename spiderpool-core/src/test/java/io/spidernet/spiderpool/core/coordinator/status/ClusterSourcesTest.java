package io.spidernet.spiderpool.core.coordinator.status;

import static io.spidernet.spiderpool.core.coordinator.status.Fixtures.cni;
import static io.spidernet.spiderpool.core.coordinator.status.Fixtures.configMap;
import static io.spidernet.spiderpool.core.coordinator.status.Fixtures.objects;
import static io.spidernet.spiderpool.core.coordinator.status.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.spidernet.spiderpool.core.model.coordinator.PodCidrType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Each discovery source on its own, from real objects of real clusters. */
class ClusterSourcesTest {

    static Stream<Arguments> cniDirectories() {
        return Stream.of(
                Arguments.of(List.of("10-calico.conflist", "calico-kubeconfig"), "10-calico.conflist"),
                // Multus's own file sorts first and delegates to the next one: it is skipped
                Arguments.of(List.of("00-multus.conf", "10-calico.conflist", "multus.d"), "10-calico.conflist"),
                Arguments.of(List.of("10-flannel.conflist", "05-cilium.conflist"), "05-cilium.conflist"),
                // only .conf and .conflist count, as for libcni (a backup left by an operator does not)
                Arguments.of(List.of("05-cilium.conflist-bak", "10-kindnet.conflist"), "10-kindnet.conflist"),
                Arguments.of(List.of("05-cilium.conflist-bak", "00-multus.conf"), null),
                Arguments.of(List.of(), null));
    }

    @ParameterizedTest
    @MethodSource("cniDirectories")
    void theRuntimesFileIsTheFirstConfigurationByNameWithoutMultus(List<String> files, String expected) {
        assertThat(ClusterCni.firstConfigFile(files)).isEqualTo(Optional.ofNullable(expected));
    }

    static Stream<Arguments> cniFiles() {
        return Stream.of(
                Arguments.of("10-calico.conflist", PodCidrType.CALICO),
                Arguments.of("05-cilium.conflist", PodCidrType.CILIUM),
                // flannel's manifest names its network cbr0: the plugin type tells it
                Arguments.of("10-flannel.conflist", PodCidrType.CLUSTER),
                Arguments.of("10-kindnet.conflist", PodCidrType.NONE));
    }

    @ParameterizedTest
    @MethodSource("cniFiles")
    void theClusterCniIsReadFromItsConfiguration(String file, PodCidrType expected) {
        assertThat(ClusterCni.typeOf(cni(file))).isEqualTo(expected);
    }

    @Test
    void aDirectoryWithoutConfigurationIsNone() {
        assertThat(ClusterCni.typeOf(CniConfigDir.empty("/etc/cni/net.d"))).isEqualTo(PodCidrType.NONE);
    }

    @Test
    void anUnreadableConfigurationIsNotReadyNamingTheFile() {
        assertThatThrownBy(() -> ClusterCni.typeOf(new CniConfigDir("/etc/cni/net.d", "10-calico.conflist", "{\"name\":", null)))
                .isInstanceOf(NotReady.class).hasMessageContaining("/etc/cni/net.d/10-calico.conflist")
                .hasMessageContaining("not JSON").hasMessageContaining("spec.podCIDRType");
        assertThatThrownBy(() -> ClusterCni.typeOf(new CniConfigDir("/etc/cni/net.d", "10-x.conflist", "{\"name\":\"calico\"}", null)))
                .isInstanceOf(NotReady.class).hasMessageContaining("no \"plugins\" list");
        assertThatThrownBy(() -> ClusterCni.typeOf(CniConfigDir.unreadable("/host/etc/cni/net.d", "no such directory")))
                .isInstanceOf(NotReady.class).hasMessageContaining("/host/etc/cni/net.d").hasMessageContaining("SPIDERPOOL_CNI_CONFIG_DIR");
        assertThatThrownBy(() -> ClusterCni.typeOf(new CniConfigDir("/d", "1.conf", "[" + "[".repeat(100) + "]".repeat(101), null)))
                .isInstanceOf(NotReady.class);
    }

    @Test
    void kubeadmConfigGivesBothDualStackLists() {
        ClusterCidrs c = ClusterCidrs.ofKubeadm(configMap("kubeadm-config.yaml"));
        assertThat(c.pod()).containsExactly("172.40.0.0/16", "fd40::/48");
        assertThat(c.service()).containsExactly("10.233.0.0/18", "fd00:10:233::/116");
    }

    static Stream<Arguments> kubeadmTexts() {
        return Stream.of(
                Arguments.of("networking:\n  podSubnet: 10.244.0.0/16\n", List.of("10.244.0.0/16"), List.of()),
                // invalid entries are skipped, the rest kept (upstream's rule)
                Arguments.of("networking:\n  podSubnet: 10.244.0.0/16,10.300.0.0/16, fd00::/64\n  serviceSubnet: bad\n",
                        List.of("10.244.0.0/16", "fd00::/64"), List.of()),
                Arguments.of("networking:\n  podSubnet: \"10.244.0.0/16\"\n", List.of("10.244.0.0/16"), List.of()),
                Arguments.of("networking: {}\n", List.of(), List.of()),
                Arguments.of("this: [is not: yaml", List.of(), List.of()),
                Arguments.of("a: &x 1\nb: *x\n", List.of(), List.of()));
    }

    @ParameterizedTest
    @MethodSource("kubeadmTexts")
    void kubeadmClusterConfiguration(String text, List<String> pod, List<String> service) {
        ClusterCidrs c = ClusterCidrs.ofKubeadm(new ConfigMapBuilder().withNewMetadata().withName("kubeadm-config").endMetadata()
                .withData(Map.of("ClusterConfiguration", text)).build());
        assertThat(c.pod()).isEqualTo(pod);
        assertThat(c.service()).isEqualTo(service);
    }

    static Stream<Arguments> controllerManagers() {
        return Stream.of(
                Arguments.of(pod("kube-controller-manager-kind.yaml"), List.of("172.40.0.0/16", "fd40::/48"),
                        List.of("10.233.0.0/18", "fd00:10:233::/116")),
                Arguments.of(pod("kube-controller-manager-rke2.yaml"), List.of("10.42.0.0/16"), List.of("10.43.0.0/16")),
                // one shell item, and the "--flag value" form
                Arguments.of(kcm(List.of("/bin/sh", "-c", "exec kube-controller-manager --cluster-cidr 10.1.0.0/16"
                        + " --service-cluster-ip-range=10.2.0.0/16 --v=2"), null), List.of("10.1.0.0/16"), List.of("10.2.0.0/16")),
                Arguments.of(kcm(List.of("kube-controller-manager", "--allocate-node-cidrs=false"), null), List.of(), List.of()));
    }

    @ParameterizedTest
    @MethodSource("controllerManagers")
    void kubeControllerManagerFlags(Pod pod, List<String> podCidrs, List<String> serviceCidrs) {
        ClusterCidrs c = ClusterCidrs.ofControllerManager(List.of(pod));
        assertThat(c.pod()).isEqualTo(podCidrs);
        assertThat(c.service()).isEqualTo(serviceCidrs);
    }

    @Test
    void ofSeveralControllerManagersTheFirstByNameIsRead() {
        Pod b = new PodBuilder(kcm(List.of("kcm", "--cluster-cidr=10.9.0.0/16"), null)).editMetadata().withName("kcm-b").endMetadata().build();
        Pod a = new PodBuilder(kcm(List.of("kcm", "--cluster-cidr=10.8.0.0/16"), null)).editMetadata().withName("kcm-a").endMetadata().build();
        assertThat(ClusterCidrs.ofControllerManager(List.of(b, a)).pod()).containsExactly("10.8.0.0/16");
    }

    @Test
    void calicoPoolsOldestFirstDisabledKeptDeletingLeftOut() {
        // default-ipv4 is disabled but its pods keep their addresses (upstream #5738); retired-ippool is being deleted
        assertThat(ClusterObjects.calicoPoolCidrs(objects("calico-ippools.yaml")))
                .containsExactly("10.244.0.0/16", "fd00:10:244::/64", "10.245.0.0/16");
    }

    @Test
    void ciliumPoolsAndServiceCidrsEveryCidrOldestFirst() {
        assertThat(ClusterObjects.ciliumPoolCidrs(objects("cilium-podippools.yaml")))
                .containsExactly("10.10.0.0/16", "10.20.0.0/16", "fd00:20::/96");
        assertThat(ClusterObjects.serviceCidrs(objects("servicecidrs.yaml")))
                .containsExactly("10.233.0.0/18", "fd00:10:233::/116", "10.234.0.0/16", "fd00:10:234::/116");
    }

    private static Pod kcm(List<String> command, List<String> args) {
        return new PodBuilder().withNewMetadata().withName("kcm").withNamespace("kube-system")
                .addToLabels("component", "kube-controller-manager").endMetadata()
                .withNewSpec().addNewContainer().withName("kcm").withCommand(command).withArgs(args).endContainer().endSpec().build();
    }
}
