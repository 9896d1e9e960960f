package io.spidernet.spiderpool.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.spidernet.spiderpool.agent.ipam.NodeFailure;
import io.spidernet.spiderpool.api.agent.v1.CoordinatorConfig;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.PolicyRoute;
import io.spidernet.spiderpool.core.model.Route;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorMode;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorSpec;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorStatus;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CoordinatorConfigsTest {
    private static final String NIC_ANNOTATION = "ipam.spidernet.io/default-route-nic";

    /** One row per CoordinatorConfig field: how to set it on the object, what it reads when set, and when not. */
    static Stream<Arguments> eachField() {
        return Stream.of(
                row("mode", c -> c.getSpec().setMode(CoordinatorMode.UNDERLAY), CoordinatorConfig::getMode, "underlay", "auto"),
                // passed on in the CRD's spelling: upstream's plugin knows only "disable", so ours must read both
                row("mode disabled", c -> c.getSpec().setMode(CoordinatorMode.DISABLED), CoordinatorConfig::getMode,
                        "disabled", "auto"),
                row("overlayPodCIDR, from status", c -> c.getStatus().setOverlayPodCIDR(List.of("10.244.0.0/16", "fd00:10:244::/56")),
                        CoordinatorConfig::getOverlayPodCidrList, List.of("10.244.0.0/16", "fd00:10:244::/56"), List.of()),
                row("serviceCIDR, from status", c -> c.getStatus().setServiceCIDR(List.of("10.96.0.0/12")),
                        CoordinatorConfig::getServiceCidrList, List.of("10.96.0.0/12"), List.of()),
                row("tunePodRoutes", c -> c.getSpec().setTunePodRoutes(false), CoordinatorConfig::getTunePodRoutes, false, true),
                row("hijackCIDR", c -> c.getSpec().setHijackCIDR(List.of("169.254.0.0/16")),
                        CoordinatorConfig::getHijackCidrList, List.of("169.254.0.0/16"), List.of()),
                row("policyRoutes", c -> c.getSpec().setPolicyRoutes(List.of(new Route("10.10.0.0/16", "172.18.0.1"))),
                        CoordinatorConfig::getPolicyRoutesList,
                        List.of(PolicyRoute.newBuilder().setDst("10.10.0.0/16").setGw("172.18.0.1").build()), List.of()),
                row("podMACPrefix", c -> c.getSpec().setPodMACPrefix("0a:1b"), CoordinatorConfig::getPodMacPrefix, "0a:1b", ""),
                row("podDefaultRouteNIC", c -> c.getSpec().setPodDefaultRouteNIC("net1"),
                        CoordinatorConfig::getPodDefaultRouteNic, "net1", ""),
                row("hostRuleTable", c -> c.getSpec().setHostRuleTable(600), CoordinatorConfig::getHostRuleTable, 600L, 500L),
                row("podRPFilter, negative leaves it alone", c -> c.getSpec().setPodRPFilter(-1),
                        CoordinatorConfig::getPodRpFilter, -1L, 0L),
                row("txQueueLen", c -> c.getSpec().setTxQueueLen(1000), CoordinatorConfig::getTxQueueLen, 1000L, 0L),
                row("vethLinkAddress", c -> c.getSpec().setVethLinkAddress("169.254.100.1"),
                        CoordinatorConfig::getVethLinkAddress, "169.254.100.1", ""),
                row("vethMTU", c -> c.getSpec().setVethMTU(1400), CoordinatorConfig::getVethMtu, 1400L, 1500L));
    }

    private static Arguments row(String field, Consumer<SpiderCoordinator> set, Function<CoordinatorConfig, Object> read,
                                 Object whenSet, Object whenAbsent) {
        return Arguments.of(field, set, read, whenSet, whenAbsent);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eachField")
    void aSetFieldIsPassedOn(String field, Consumer<SpiderCoordinator> set, Function<CoordinatorConfig, Object> read,
                             Object whenSet, Object whenAbsent) {
        SpiderCoordinator c = synced();
        set.accept(c);
        assertThat(read.apply(CoordinatorConfigs.of("default", c, Map.of()))).isEqualTo(whenSet);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eachField")
    void anAbsentFieldTakesUpstreamsDefault(String field, Consumer<SpiderCoordinator> set,
                                            Function<CoordinatorConfig, Object> read, Object whenSet, Object whenAbsent) {
        assertThat(read.apply(CoordinatorConfigs.of("default", synced(), Map.of()))).isEqualTo(whenAbsent);
    }

    @Test
    void aCoordinatorWithoutSpecTakesEveryDefault() {
        SpiderCoordinator c = synced();
        c.setSpec(null);
        assertThat(CoordinatorConfigs.of("default", c, null)).isEqualTo(CoordinatorConfigs.of("default", synced(), null));
    }

    static Stream<Arguments> defaultRouteNic() {
        return Stream.of(
                Arguments.of("annotation wins over the spec", Map.of(NIC_ANNOTATION, "net2"), "net2"),
                Arguments.of("an empty annotation clears the spec's NIC", Map.of(NIC_ANNOTATION, ""), ""),
                Arguments.of("other annotations leave the spec's NIC", Map.of("ipam.spidernet.io/ippool", "{"), "net1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaultRouteNic")
    void thePodsAnnotationChoosesTheDefaultRouteNic(String why, Map<String, String> annotations, String expected) {
        SpiderCoordinator c = synced();
        c.getSpec().setPodDefaultRouteNIC("net1");
        assertThat(CoordinatorConfigs.of("default", c, annotations).getPodDefaultRouteNic()).isEqualTo(expected);
    }

    static Stream<Arguments> notServed() {
        return Stream.of(
                Arguments.of("missing", null,
                        "SpiderCoordinator default not found; create it (the Helm chart does with coordinator.enabled=true)"
                                + " or configure the agent with the name of the one that exists"),
                Arguments.of("no status", withStatus(null),
                        "SpiderCoordinator default has no status yet; spiderpool-controller writes it once it has looked"
                                + " up the pod and service CIDRs: check that it runs"),
                Arguments.of("NotReady with a reason", withStatus(status("NotReady", "no kube-controller-manager pod found")),
                        "SpiderCoordinator default is NotReady: no kube-controller-manager pod found; fix that (often"
                                + " spec.podCIDRType, or the CNI or kubeadm config it reads) and wait for"
                                + " spiderpool-controller to set status.phase Synced"),
                Arguments.of("NotReady without a reason", withStatus(status("NotReady", null)),
                        "SpiderCoordinator default is NotReady: no reason given; fix that (often spec.podCIDRType, or"
                                + " the CNI or kubeadm config it reads) and wait for spiderpool-controller to set"
                                + " status.phase Synced"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notServed")
    void onlyASyncedCoordinatorIsServed(String why, SpiderCoordinator c, String message) {
        assertThatThrownBy(() -> CoordinatorConfigs.of("default", c, Map.of()))
                .isInstanceOfSatisfying(NodeFailure.class, f -> assertThat(f.kind()).isEqualTo(Failure.Kind.NOT_READY))
                .hasMessage(message);
    }

    @Test
    void aPodMissingFromTheCacheIsNotReady() {
        NodeFailure f = CoordinatorConfigs.podMissing("ns1", "web-0");
        assertThat(f.kind()).isEqualTo(Failure.Kind.NOT_READY);
        assertThat(f).hasMessageStartingWith("pod ns1/web-0 is not in the agent's pod cache;");
    }

    @Test
    void aCoordinatorAsAUserWritesItIsServedWithTheControllersStatus() {
        SpiderCoordinator c = Serialization.unmarshal("""
                apiVersion: spiderpool.spidernet.io/v2beta1
                kind: SpiderCoordinator
                metadata:
                  name: default
                spec:
                  mode: underlay
                  podCIDRType: calico
                  hijackCIDR:
                  - 169.254.0.0/16
                  policyRoutes:
                  - dst: 10.10.0.0/16
                    gw: 172.18.0.1
                  podMACPrefix: "0a:1b"
                  tunePodRoutes: false
                  hostRuleTable: 600
                  podRPFilter: 2
                  vethMTU: 1400
                # written by spiderpool-controller, not by the user
                status:
                  phase: Synced
                  overlayPodCIDR:
                  - 10.233.64.0/18
                  serviceCIDR:
                  - 10.233.0.0/18
                """, SpiderCoordinator.class);

        assertThat(CoordinatorConfigs.of("default", c, Map.of(NIC_ANNOTATION, "net1"))).isEqualTo(CoordinatorConfig.newBuilder()
                .setMode("underlay")
                .addOverlayPodCidr("10.233.64.0/18")
                .addServiceCidr("10.233.0.0/18")
                .setTunePodRoutes(false)
                .addHijackCidr("169.254.0.0/16")
                .addPolicyRoutes(PolicyRoute.newBuilder().setDst("10.10.0.0/16").setGw("172.18.0.1"))
                .setPodMacPrefix("0a:1b")
                .setPodDefaultRouteNic("net1")
                .setHostRuleTable(600)
                .setPodRpFilter(2)
                .setTxQueueLen(0)
                .setVethLinkAddress("")
                .setVethMtu(1400)
                .build());
    }

    private static SpiderCoordinator synced() {
        return withStatus(status(CoordinatorStatus.PHASE_SYNCED, null));
    }

    private static SpiderCoordinator withStatus(CoordinatorStatus status) {
        SpiderCoordinator c = new SpiderCoordinator();
        c.setMetadata(new ObjectMetaBuilder().withName("default").build());
        c.setSpec(new CoordinatorSpec());
        c.setStatus(status);
        return c;
    }

    private static CoordinatorStatus status(String phase, String reason) {
        CoordinatorStatus s = new CoordinatorStatus();
        s.setPhase(phase);
        s.setReason(reason);
        return s;
    }
}
