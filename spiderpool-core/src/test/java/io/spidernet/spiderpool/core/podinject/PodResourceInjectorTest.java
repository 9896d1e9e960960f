package io.spidernet.spiderpool.core.podinject;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Pod;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The injection rule as a table: pod and SpiderMultusConfigs in, networks and resources or the refusal out. */
class PodResourceInjectorTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final String RDMA = PodResourceInjector.RDMA_INJECT;
    private static final String NET = PodResourceInjector.NETWORK_INJECT;
    private static final PodResourceInjector INJECTOR = new PodResourceInjector(
            InjectScope.of(List.of(), InjectScope.DEFAULT_EXCLUDE));

    /** A SpiderMultusConfig as the SMC webhook leaves it: its inject annotation copied to a label of the same key. */
    static SpiderMultusConfig smc(String ns, String name, String label, String value, String spec) {
        try {
            String labels = label == null ? "{}" : "{\"" + label + "\": \"" + value + "\"}";
            return YAML.readValue("""
                    apiVersion: spiderpool.spidernet.io/v2beta1
                    kind: SpiderMultusConfig
                    metadata: {namespace: %s, name: %s, labels: %s}
                    spec: %s
                    """.formatted(ns, name, labels, spec), SpiderMultusConfig.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String macvlan(String master, String rdma) {
        return "{cniType: macvlan, macvlan: {master: [" + master + "]" + (rdma == null ? "" : ", rdmaResourceName: " + rdma)
                + ", ippools: {ipv4: [v4-pool]}}}";
    }

    static Pod pod(Map<String, String> annotations, String containers) {
        try {
            Pod pod = YAML.readValue("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: p, namespace: team-a}
                    spec: {containers: %s}
                    """.formatted(containers), Pod.class);
            pod.getMetadata().setAnnotations(annotations);
            return pod;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Pod pod(Map<String, String> annotations) {
        return pod(annotations, "[{name: c, image: alpine}]");
    }

    private static InjectDecision decide(Pod pod, List<SpiderMultusConfig> configs) {
        return INJECTOR.decide("team-a", pod, Map::of, () -> configs);
    }

    /** H00001: two macvlan RDMA networks of one group; both networks, both resources on the first container. */
    @Test
    void h00001TwoRdmaNetworksOfAGroupAreInjectedWithTheirResources() {
        List<SpiderMultusConfig> configs = List.of(
                smc("team-a", "nad2", RDMA, "macvlan-rdma", macvlan("eth1", "spidernet.io/rdma_resource_nad2")),
                smc("team-a", "nad1", RDMA, "macvlan-rdma", macvlan("eth1", "spidernet.io/rdma_resource_nad1")));

        InjectDecision d = decide(pod(Map.of(RDMA, "macvlan-rdma")), configs);

        assertThat(d).isEqualTo(new InjectDecision.Inject(RDMA, "macvlan-rdma", "team-a/nad1,team-a/nad2",
                List.of("spidernet.io/rdma_resource_nad1", "spidernet.io/rdma_resource_nad2")));
    }

    static Stream<Arguments> injections() {
        return Stream.of(
                Arguments.of("networks are ordered by master before namespace/name (upstream's rail order)",
                        Map.of(RDMA, "g"), List.of(
                                smc("a", "z-first", RDMA, "g", macvlan("eth1", "r/one")),
                                smc("a", "a-second", RDMA, "g", macvlan("eth2", "r/two"))),
                        "a/z-first,a/a-second", List.of("r/one", "r/two")),
                Arguments.of("a bond orders by its name, sriov by its resource, ib-sriov and ipoib first (no key)",
                        Map.of(RDMA, "g"), List.of(
                                smc("a", "bond", RDMA, "g", "{cniType: ipvlan, ipvlan: {master: [eth9, eth8], bond: {name: bond0,"
                                        + " mode: 1}, rdmaResourceName: r/bond, ippools: {ipv6: [v6]}}}"),
                                smc("a", "vf", RDMA, "g", "{cniType: sriov, sriov: {resourceName: r/vf, ippools: {ipv4: [p]}}}"),
                                smc("a", "ib", RDMA, "g", "{cniType: ib-sriov, ibsriov: {resourceName: r/ib, ippools: {ipv4: [p]}}}")),
                        "a/ib,a/bond,a/vf", List.of("r/ib", "r/bond", "r/vf")),
                Arguments.of("networks of every namespace carrying the label, and one resource shared by two is asked once",
                        Map.of(RDMA, "g"), List.of(
                                smc("b", "n", RDMA, "g", macvlan("eth1", "r/shared")),
                                smc("a", "n", RDMA, "g", macvlan("eth1", "r/shared")),
                                smc("a", "other-group", RDMA, "h", macvlan("eth1", "r/other")),
                                smc("a", "other-kind", NET, "g", macvlan("eth1", "r/other"))),
                        "a/n,b/n", List.of("r/shared")),
                Arguments.of("vlan's rdmaResourceName is injected like macvlan's",
                        Map.of(RDMA, "g"), List.of(smc("a", "v", RDMA, "g",
                                "{cniType: vlan, vlan: {master: [eth1], vlanID: 100, rdmaResourceName: r/vlan, ippools: {ipv4: [p]}}}")),
                        "a/v", List.of("r/vlan")),
                Arguments.of("network injection takes a network without a resource, and its pools are not required then",
                        Map.of(NET, "g"), List.of(smc("a", "plain", NET, "g", "{cniType: macvlan, macvlan: {master: [eth1]}}"),
                                smc("a", "vf", NET, "g", "{cniType: sriov, sriov: {resourceName: r/vf, ippools: {ipv4: [p]}}}")),
                        "a/plain,a/vf", List.of("r/vf")),
                Arguments.of("ipoib is checked by its master and injects no resource",
                        Map.of(RDMA, "g"), List.of(smc("a", "ib", RDMA, "g", "{cniType: ipoib, ipoib: {master: ib0, ippools: {ipv4: [p]}}}")),
                        "a/ib", List.of()),
                Arguments.of("with both annotations rdma wins, as upstream",
                        Map.of(RDMA, "g", NET, "h"), List.of(smc("a", "r", RDMA, "g", macvlan("eth1", "r/r")),
                                smc("a", "n", NET, "h", macvlan("eth1", "r/n"))),
                        "a/r", List.of("r/r")),
                Arguments.of("an empty value is a label value and matches an empty label",
                        Map.of(RDMA, ""), List.of(smc("a", "e", RDMA, "", macvlan("eth1", "r/e"))),
                        "a/e", List.of("r/e")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("injections")
    void injects(String why, Map<String, String> annotations, List<SpiderMultusConfig> configs, String networks,
                 List<String> resources) {
        InjectDecision d = decide(pod(annotations), configs);

        assertThat(d).isInstanceOfSatisfying(InjectDecision.Inject.class, i -> {
            assertThat(i.networks()).isEqualTo(networks);
            assertThat(i.resources()).isEqualTo(resources);
        });
    }

    @Test
    void aResourceAnyContainerAlreadyAsksForIsNotAddedAgain() {
        Pod pod = pod(Map.of(RDMA, "g"), """
                [{name: a, image: x}, {name: b, image: x, resources: {limits: {r/one: 2}}},
                 {name: c, image: x, resources: {requests: {r/two: 1}}}]""");
        List<SpiderMultusConfig> configs = List.of(smc("a", "1", RDMA, "g", macvlan("eth1", "r/one")),
                smc("a", "2", RDMA, "g", macvlan("eth2", "r/two")), smc("a", "3", RDMA, "g", macvlan("eth3", "r/three")));

        InjectDecision d = decide(pod, configs);

        assertThat(((InjectDecision.Inject) d).resources()).containsExactly("r/three");
    }

    @Test
    void aPodWithoutAnnotationsIsUnchangedAndNothingIsRead() {
        Supplier<List<SpiderMultusConfig>> unread = () -> {
            throw new AssertionError("configs read for a pod that asks for nothing");
        };

        assertThat(INJECTOR.decide("team-a", pod(null), Map::of, unread)).isEqualTo(new InjectDecision.Unchanged());
        assertThat(INJECTOR.decide("team-a", pod(Map.of("other", "x")), Map::of, unread)).isEqualTo(new InjectDecision.Unchanged());
    }

    @Test
    void theNamespaceAnnotationAppliesWhenThePodHasNoneAndThePodsOwnWins() {
        List<SpiderMultusConfig> configs = List.of(smc("a", "r", RDMA, "ns-group", macvlan("eth1", "r/r")),
                smc("a", "n", NET, "pod-group", macvlan("eth1", "r/n")));

        InjectDecision fromNamespace = INJECTOR.decide("team-a", pod(null), () -> Map.of(RDMA, "ns-group"), () -> configs);
        InjectDecision podWins = INJECTOR.decide("team-a", pod(Map.of(NET, "pod-group")), () -> Map.of(RDMA, "ns-group"), () -> configs);

        assertThat(((InjectDecision.Inject) fromNamespace).networks()).isEqualTo("a/r");
        assertThat(((InjectDecision.Inject) podWins).networks()).isEqualTo("a/n");
    }

    @Test
    void namespacesOutOfScopeAreLeftAlone() {
        PodResourceInjector only = new PodResourceInjector(InjectScope.of(List.of("team-a", "kube-system"), List.of("kube-system")));
        List<SpiderMultusConfig> configs = List.of(smc("a", "r", RDMA, "g", macvlan("eth1", "r/r")));
        Pod pod = pod(Map.of(RDMA, "g"));

        assertThat(only.decide("team-a", pod, Map::of, () -> configs)).isInstanceOf(InjectDecision.Inject.class);
        assertThat(only.decide("team-b", pod, Map::of, () -> configs)).isEqualTo(new InjectDecision.Unchanged());
        assertThat(only.decide("kube-system", pod, Map::of, () -> configs)).as("exclusion wins").isEqualTo(new InjectDecision.Unchanged());
        assertThat(INJECTOR.decide("istio-system", pod, Map::of, () -> configs)).as("the chart's default exclusions")
                .isEqualTo(new InjectDecision.Unchanged());
    }

    static Stream<Arguments> refusals() {
        List<SpiderMultusConfig> many = new ArrayList<>();
        for (int i = 0; i <= PodResourceInjector.MAX_NETWORKS; i++) {
            many.add(smc("a", "n" + i, RDMA, "g", macvlan("eth1", "r/" + i)));
        }
        return Stream.of(
                Arguments.of("no SpiderMultusConfig in the group", Map.of(RDMA, "g"),
                        List.of(smc("a", "x", RDMA, "other", macvlan("eth1", "r/x"))),
                        "no SpiderMultusConfig has the annotation cni.spidernet.io/rdma-resource-inject: \"g\""),
                Arguments.of("a value no label can hold", Map.of(RDMA, "x".repeat(64)), List.of(), "is not a label value"),
                Arguments.of("a value with a character no label allows", Map.of(NET, "a b"), List.of(), "is not a label value"),
                Arguments.of("too many networks", Map.of(RDMA, "g"), many, "33 SpiderMultusConfigs have the annotation"),
                Arguments.of("ovs", Map.of(NET, "g"), List.of(smc("a", "o", NET, "g", "{cniType: ovs, ovs: {bridge: br1}}")),
                        "SpiderMultusConfig a/o has cniType ovs, which resource injection does not support"),
                Arguments.of("custom", Map.of(RDMA, "g"), List.of(smc("a", "c", RDMA, "g", "{cniType: custom, customCNI: '{}'}")),
                        "SpiderMultusConfig a/c has cniType custom"),
                Arguments.of("rdma without rdmaResourceName", Map.of(RDMA, "g"), List.of(smc("a", "m", RDMA, "g", macvlan("eth1", null))),
                        "SpiderMultusConfig a/m: spec.macvlan.rdmaResourceName is not set"),
                Arguments.of("rdma without sriov resourceName", Map.of(RDMA, "g"),
                        List.of(smc("a", "s", RDMA, "g", "{cniType: sriov, sriov: {ippools: {ipv4: [p]}}}")),
                        "SpiderMultusConfig a/s: spec.sriov.resourceName is not set"),
                Arguments.of("a resource without pools", Map.of(NET, "g"),
                        List.of(smc("a", "s", NET, "g", "{cniType: ib-sriov, ibsriov: {resourceName: r/ib}}")),
                        "SpiderMultusConfig a/s: has no pools in spec.ibsriov.ippools"),
                Arguments.of("a cniType without its settings", Map.of(RDMA, "g"), List.of(smc("a", "v", RDMA, "g", "{cniType: vlan}")),
                        "SpiderMultusConfig a/v has no spec.vlan settings"),
                Arguments.of("a pod without containers to carry the resource", Map.of(RDMA, "g"),
                        List.of(smc("a", "m", RDMA, "g", macvlan("eth1", "r/m"))), "the pod has no container to request r/m"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refuses(String why, Map<String, String> annotations, List<SpiderMultusConfig> configs, String message) {
        Pod pod = why.contains("without containers") ? pod(annotations, "[]") : pod(annotations);

        InjectDecision d = decide(pod, configs);

        assertThat(d).isInstanceOfSatisfying(InjectDecision.Refused.class, r -> {
            assertThat(r.error().path()).isEqualTo("metadata.annotations[" + annotations.keySet().stream().sorted().findFirst()
                    .orElseThrow() + "]");
            assertThat(r.error().detail()).contains(message);
        });
    }

    @Test
    void aRefusalOfTheNamespacesAnnotationSaysSo() {
        InjectDecision d = INJECTOR.decide("team-a", pod(null), () -> Map.of(RDMA, "none"), List::of);

        assertThat(((InjectDecision.Refused) d).error().detail()).endsWith("(set on namespace team-a)");
    }

    @Test
    void scopeListsAreBounded() {
        List<String> tooMany = Stream.iterate(0, i -> i + 1).limit(InjectScope.MAX_NAMESPACES + 1).map(i -> "ns" + i).toList();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> InjectScope.of(tooMany, List.of()))
                .hasMessageContaining("podResourceInject.namespacesInclude lists 1001 namespaces");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> InjectScope.of(List.of(), List.of(" ")))
                .hasMessageContaining("empty namespace name");
    }
}
