package io.spidernet.spiderpool.core.selection;

import static io.spidernet.spiderpool.core.allocation.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.error.IpamException;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CandidateSelectorTest {
    private static final PodFacts.TopController DEPLOY =
            new PodFacts.TopController("apps", "v1", "Deployment", "team-a", "web", "d-uid");
    private static final PodFacts POD = new PodFacts("team-a", "web-1", Map.of("app", "web"),
            Map.of("env", "prod"), "node-1", Map.of("zone", "east"), DEPLOY);
    private static final SpiderpoolConf CONF = SpiderpoolConf.defaults();

    private static SpiderIPPool v4(String name, Consumer<IPPoolSpec> tweak) {
        return pool(name, "10.0.0.0/24", List.of("10.0.0.10-10.0.0.20"), tweak);
    }

    private static Selection select(List<SpiderIPPool> pools, NicRequest... nics) {
        return CandidateSelector.select(new CandidateSelector.Request(POD, PoolSource.IPPOOL_ANNOTATION,
                List.of(nics), "kube-system", false, List.of()), pools, CONF);
    }

    private static NicRequest eth0(String... v4Pools) {
        return new NicRequest("eth0", List.of(v4Pools), List.of(), false, "kube-system/macvlan-eth0");
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of("terminating", (Consumer<SpiderIPPool>) p -> p.getMetadata().setDeletionTimestamp(Instant.EPOCH.toString()), "is being deleted"),
                Arguments.of("disable", spec(s -> s.setDisable(true)), "is disabled"),
                Arguments.of("ipVersion", spec(s -> s.setIpVersion(null)), "has no spec.ipVersion"),
                Arguments.of("nodeName", spec(s -> s.setNodeName(List.of("node-2"))), "spec.nodeName [node-2] does not include node node-1"),
                Arguments.of("nodeName replaces nodeAffinity", spec(s -> {
                    s.setNodeName(List.of("node-1"));
                    s.setNodeAffinity(new LabelSelectorBuilder().addToMatchLabels("zone", "west").build());
                }), null),
                Arguments.of("nodeAffinity", spec(s -> s.setNodeAffinity(new LabelSelectorBuilder().addToMatchLabels("zone", "west").build())),
                        "spec.nodeAffinity does not select node node-1: label zone=west is 'east'"),
                Arguments.of("namespaceName", spec(s -> s.setNamespaceName(List.of("team-b"))), "does not include namespace team-a"),
                Arguments.of("namespaceName replaces namespaceAffinity", spec(s -> {
                    s.setNamespaceName(List.of("team-a"));
                    s.setNamespaceAffinity(new LabelSelectorBuilder().addToMatchLabels("env", "dev").build());
                }), null),
                Arguments.of("namespaceAffinity", spec(s -> s.setNamespaceAffinity(new LabelSelectorBuilder().addToMatchLabels("env", "dev").build())),
                        "spec.namespaceAffinity does not select namespace team-a"),
                Arguments.of("podAffinity", spec(s -> s.setPodAffinity(new LabelSelectorBuilder().addToMatchLabels("app", "db").build())),
                        "spec.podAffinity does not select pod team-a/web-1"),
                Arguments.of("auto-pool of another application", autoPool("other"), "belongs to application Deployment team-a/other"),
                Arguments.of("multusName other network", spec(s -> s.setMultusName(List.of("macvlan-eth1"))),
                        "does not include the network of NIC eth0 (kube-system/macvlan-eth0)"));
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("plain pool", spec(s -> { })),
                Arguments.of("nodeName", spec(s -> s.setNodeName(List.of("node-1", "node-2")))),
                Arguments.of("nodeAffinity", spec(s -> s.setNodeAffinity(new LabelSelectorBuilder().addToMatchLabels("zone", "east").build()))),
                Arguments.of("namespaceName", spec(s -> s.setNamespaceName(List.of("team-a")))),
                Arguments.of("namespaceAffinity", spec(s -> s.setNamespaceAffinity(new LabelSelectorBuilder().addToMatchLabels("env", "prod").build()))),
                Arguments.of("podAffinity", spec(s -> s.setPodAffinity(new LabelSelectorBuilder().addToMatchLabels("app", "web").build()))),
                Arguments.of("auto-pool of this application", autoPool("web")),
                Arguments.of("multusName short form", spec(s -> s.setMultusName(List.of("macvlan-eth0")))),
                Arguments.of("multusName qualified", spec(s -> s.setMultusName(List.of("kube-system/macvlan-eth0")))));
    }

    @ParameterizedTest(name = "filter {0} refuses")
    @MethodSource("filters")
    void eachFilterRefusesWithItsReason(String name, Consumer<SpiderIPPool> tweak, String reason) {
        SpiderIPPool p = v4("p", s -> { });
        tweak.accept(p);
        if (reason == null) {
            assertThat(select(List.of(p), eth0("p")).nics().getFirst().candidates().get(IpFamily.V4)).containsExactly("p");
            return;
        }
        assertThatThrownBy(() -> select(List.of(p), eth0("p")))
                .isInstanceOf(IpamException.NoAvailablePool.class)
                .hasMessageContaining("IPPool p: ")
                .hasMessageContaining(reason);
    }

    @ParameterizedTest(name = "filter {0} accepts")
    @MethodSource("accepted")
    void eachFilterAcceptsAMatchingPool(String name, Consumer<SpiderIPPool> tweak) {
        SpiderIPPool p = v4("p", s -> { });
        tweak.accept(p);
        assertThat(select(List.of(p), eth0("p")).nics().getFirst().candidates().get(IpFamily.V4)).containsExactly("p");
    }

    @Test
    void masterSubnetFilterKeepsOnlyPoolsHoldingAMasterAddress() {
        List<SpiderIPPool> pools = List.of(v4("a", s -> { }), pool("b", "10.9.0.0/16", List.of("10.9.0.10")));
        var req = new CandidateSelector.Request(POD, PoolSource.CNI_CONFIG_DEFAULT, List.of(eth0("a", "b")),
                "kube-system", true, List.of(IpAddress.parse("10.9.1.1")));
        Selection s = CandidateSelector.select(req, pools, CONF);
        assertThat(s.nics().getFirst().candidates().get(IpFamily.V4)).containsExactly("b");
        assertThat(s.rejections()).singleElement().extracting(Selection.Rejection::reason).asString()
                .contains("holds no address of the master interface");
    }

    @Test
    void sortsByAffinitySpecificityAndKeepsUserOrderForTies() {
        List<SpiderIPPool> pools = List.of(
                v4("plain-1", s -> { }), v4("plain-2", s -> { }),
                v4("ns", s -> s.setNamespaceName(List.of("team-a"))),
                v4("node", s -> s.setNodeName(List.of("node-1"))),
                v4("pod", s -> s.setPodAffinity(new LabelSelectorBuilder().addToMatchLabels("app", "web").build())),
                v4("multus", s -> s.setMultusName(List.of("macvlan-eth0"))),
                v4("nodeaff", s -> s.setNodeAffinity(new LabelSelectorBuilder().addToMatchLabels("zone", "east").build())));

        Selection s = select(pools, eth0("plain-2", "multus", "ns", "plain-1", "nodeaff", "node", "pod"));

        assertThat(s.nics().getFirst().candidates().get(IpFamily.V4))
                .containsExactly("pod", "node", "nodeaff", "ns", "multus", "plain-2", "plain-1");
    }

    @Test
    void wildcardsExpandToMatchingPoolsOfTheFamilyByName() {
        List<SpiderIPPool> pools = List.of(v4("rail-2", s -> { }), v4("rail-1", s -> { }), v4("other", s -> { }),
                pool("rail-6", "fd00::/120", List.of("fd00::10")));
        Selection s = select(pools, eth0("other", "rail-*"));
        assertThat(s.nics().getFirst().candidates().get(IpFamily.V4)).containsExactly("other", "rail-1", "rail-2");
    }

    @Test
    void aPoolListedTwiceIsWrongInput() {
        assertThatThrownBy(() -> select(List.of(v4("p", s -> { })), eth0("p", "p")))
                .isInstanceOf(IpamException.WrongInput.class).hasMessageContaining("IPPool p is listed twice");
    }

    @Test
    void theErrorNamesEveryCandidateAndWhyItWasRefused() {
        List<SpiderIPPool> pools = List.of(v4("off", s -> s.setDisable(true)), pool("six", "fd00::/120", List.of("fd00::1")));
        assertThatThrownBy(() -> select(pools, eth0("off", "six", "gone", "x-*")))
                .isInstanceOf(IpamException.NoAvailablePool.class)
                .hasMessageContaining("candidates [off, six, gone, x-*] from pod annotation ipam.spidernet.io/ippool")
                .hasMessageContaining("IPPool off: is disabled")
                .hasMessageContaining("IPPool six: is IPv6 but was listed for IPv4")
                .hasMessageContaining("IPPool gone: does not exist")
                .hasMessageContaining("IPPool x-*: matches no IPv4 IPPool");
    }

    @Test
    void aDisabledFamilyIsIgnoredAndASingleFamilyNicIsFine() {
        List<SpiderIPPool> pools = List.of(v4("a", s -> { }), pool("b", "fd00::/120", List.of("fd00::1")));
        var req = new CandidateSelector.Request(POD, PoolSource.IPPOOL_ANNOTATION,
                List.of(new NicRequest("eth0", List.of("a"), List.of("b"), false, null)), "kube-system", false, List.of());

        Selection v4Only = CandidateSelector.select(req, pools, CONF.withFamilies(true, false));

        assertThat(v4Only.nics().getFirst().candidates()).containsOnlyKeys(IpFamily.V4);
        assertThatThrownBy(() -> CandidateSelector.select(req, pools, CONF.withFamilies(false, false)))
                .hasMessageContaining("names no pool of an enabled family");
    }

    private static Consumer<SpiderIPPool> spec(Consumer<IPPoolSpec> s) {
        return p -> s.accept(p.getSpec());
    }

    private static Consumer<SpiderIPPool> autoPool(String appName) {
        return p -> {
            p.setMetadata(new ObjectMetaBuilder(p.getMetadata())
                    .addToLabels("ipam.spidernet.io/owner-application-name", "app").build());
            p.getSpec().setPodAffinity(new LabelSelectorBuilder()
                    .addToMatchLabels("ipam.spidernet.io/app-api-group", "apps")
                    .addToMatchLabels("ipam.spidernet.io/app-api-version", "v1")
                    .addToMatchLabels("ipam.spidernet.io/app-kind", "Deployment")
                    .addToMatchLabels("ipam.spidernet.io/app-namespace", "team-a")
                    .addToMatchLabels("ipam.spidernet.io/app-name", appName).build());
        };
    }
}
