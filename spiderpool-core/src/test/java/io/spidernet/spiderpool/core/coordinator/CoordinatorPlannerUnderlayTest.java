package io.spidernet.spiderpool.core.coordinator;

import static io.spidernet.spiderpool.core.coordinator.PlanOps.LINK;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.MAIN;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.UNIVERSE;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.V4;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.V6;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.addRoute;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.announce;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.connmark;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.deleteNeighbours;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.deleteRoutesTo;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.neigh;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.rpFilter;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.rule;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.sysctl;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.up;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Underlay mode: macvlan eth0 with the veth0 helper pair (§4.4, §4.6 left column). */
class CoordinatorPlannerUnderlayTest {
    static final String CID = "0123456789abcdef0123456789abcdef";
    static final String HOST_VETH = "veth0123456789a";
    static final String POD_VETH_MAC = "0a:00:00:00:00:a0";
    static final String HOST_VETH_MAC = "0a:00:00:00:00:b0";
    static final String ETH0_MAC = "0a:11:00:00:00:01";

    /** A SpiderCoordinator as Helm makes it, dual-stack cluster CIDRs, no hijackCIDR. */
    static final CoordinatorDefaults AGENT = new CoordinatorDefaults("auto",
            List.of("10.233.64.0/18", "fd00:10:233:64::/64"), List.of("10.233.0.0/18", "fd00:10:233::/112"), true,
            List.of(), List.of(), "", "", 500, 0, 0, "", 1500);

    static CoordinatorSettings settings(String nadFields) {
        return CoordinatorSettings.merge(CoordinatorSettingsTest.nad(nadFields), AGENT);
    }

    static List<NetOp> ops(Object... items) {
        List<NetOp> out = new ArrayList<>();
        for (Object item : items) {
            if (item instanceof NetOp op) {
                out.add(op);
            } else {
                for (Object o : (List<?>) item) {
                    out.add((NetOp) o);
                }
            }
        }
        return out;
    }

    /** The node: ens3 holds its addresses; docker0 and lo are not "the node" for a pod. */
    static PodFactsBuilder node(PodFactsBuilder b) {
        return b.hostLink(1, "lo", "00:00:00:00:00:00", "127.0.0.1/8", "::1/128")
                .hostLink(2, "ens3", "52:54:00:00:00:02", "192.0.2.2/24", "2001:db8:1::2/64", "fe80::5054:ff:fe00:2/64")
                .hostLink(3, "docker0", "02:42:00:00:00:01", "172.17.0.1/16");
    }

    static PodFacts ipv4Pod() {
        return node(new PodFactsBuilder().podLo()
                .podLink(2, "eth0", false, "macvlan", ETH0_MAC, 0, "192.0.2.10/24")
                .podRoute(MAIN, "192.0.2.0/24", null, "eth0", LINK, "192.0.2.10")
                .podRoute(MAIN, "0.0.0.0/0", "192.0.2.1", "eth0", UNIVERSE, null)
                .hostSource("192.0.2.10", "192.0.2.2")).build();
    }

    static List<NetOp> ipv4HostOps(int table) {
        return ops(deleteNeighbours("192.0.2.10"), neigh(HOST_VETH, "192.0.2.10", POD_VETH_MAC),
                rule(V4, 1000, table, null, 0), deleteRoutesTo(table, "192.0.2.10/32"),
                addRoute(table, "192.0.2.10/32", null, HOST_VETH, LINK, null));
    }

    @Test
    void C00001_underlaySingleNicIpv4() {
        CoordinatorPlan plan = CoordinatorPlanner.plan(settings(""), "eth0", CID, ipv4Pod());

        assertThat(plan.pod()).containsExactlyElementsOf(ops(
                up("eth0"),
                new NetOp.CreateVethPair("veth0", HOST_VETH, 1500, POD_VETH_MAC, HOST_VETH_MAC),
                rpFilter("0"),
                neigh("veth0", "192.0.2.2", HOST_VETH_MAC),
                addRoute(101, "192.0.2.2/32", null, "veth0", LINK, "192.0.2.10"),
                addRoute(MAIN, "192.0.2.2/32", null, "veth0", LINK, "192.0.2.10"),
                addRoute(MAIN, "10.233.64.0/18", "192.0.2.2", "veth0", UNIVERSE, "192.0.2.10"),
                addRoute(MAIN, "10.233.0.0/18", "192.0.2.2", "veth0", UNIVERSE, "192.0.2.10"),
                connmark(V4),
                rule(V4, 1000, 100, null, 1),
                addRoute(100, "0.0.0.0/0", "192.0.2.2", "veth0", UNIVERSE, "192.0.2.10")));
        assertThat(plan.host()).containsExactlyElementsOf(ipv4HostOps(500));
    }

    @Test
    void C00001_underlaySingleNicIpv6TakesTheFamilyFromTheInterfaceAndGivesNoIpv6Source() {
        PodFacts facts = node(new PodFactsBuilder().podLo()
                .podLink(2, "eth0", false, "macvlan", ETH0_MAC, 0, "2001:db8:1::10/64", "fe80::811:ff:fe00:1/64")
                .podRoute(MAIN, "2001:db8:1::/64", null, "eth0", LINK, null)
                .podRoute(MAIN, "fe80::/64", null, "eth0", LINK, null)
                .podRoute(MAIN, "::/0", "2001:db8:1::1", "eth0", UNIVERSE, null)
                .hostSource("2001:db8:1::10", "2001:db8:1::2")).build();

        CoordinatorPlan plan = CoordinatorPlanner.plan(settings("\"vethLinkAddress\": \"169.254.100.1\""), "eth0", CID,
                facts);

        assertThat(plan.pod()).containsExactlyElementsOf(ops(
                up("eth0"),
                new NetOp.CreateVethPair("veth0", HOST_VETH, 1500, POD_VETH_MAC, HOST_VETH_MAC),
                sysctl("net.ipv6.conf.all.disable_ipv6", "0"),
                rpFilter("0"),
                neigh("veth0", "2001:db8:1::2", HOST_VETH_MAC),
                addRoute(101, "2001:db8:1::2/128", null, "veth0", LINK, null),
                addRoute(MAIN, "2001:db8:1::2/128", null, "veth0", LINK, null),
                addRoute(MAIN, "fd00:10:233:64::/64", "2001:db8:1::2", "veth0", UNIVERSE, null),
                addRoute(MAIN, "fd00:10:233::/112", "2001:db8:1::2", "veth0", UNIVERSE, null),
                connmark(V6),
                rule(V6, 1000, 100, null, 1),
                addRoute(100, "::/0", "2001:db8:1::2", "veth0", UNIVERSE, null)));
        assertThat(plan.host()).containsExactlyElementsOf(ops(
                deleteNeighbours("2001:db8:1::10"), neigh(HOST_VETH, "2001:db8:1::10", POD_VETH_MAC),
                rule(V6, 1000, 500, null, 0), deleteRoutesTo(500, "2001:db8:1::10/128"),
                addRoute(500, "2001:db8:1::10/128", null, HOST_VETH, LINK, null)));
    }

    @Test
    void C00001_underlaySingleNicDualStack() {
        PodFacts facts = node(new PodFactsBuilder().podLo()
                .podLink(2, "eth0", false, "macvlan", ETH0_MAC, 0, "192.0.2.10/24", "2001:db8:1::10/64")
                .hostSource("192.0.2.10", "192.0.2.2").hostSource("2001:db8:1::10", "2001:db8:1::2")).build();

        CoordinatorPlan plan = CoordinatorPlanner.plan(settings("\"vethLinkAddress\": \"169.254.100.1\""), "eth0", CID,
                facts);

        assertThat(plan.pod()).containsExactlyElementsOf(ops(
                up("eth0"),
                new NetOp.CreateVethPair("veth0", HOST_VETH, 1500, POD_VETH_MAC, HOST_VETH_MAC),
                new NetOp.AddAddress("veth0", Cidr.parse("169.254.100.1/32")),
                sysctl("net.ipv6.conf.all.disable_ipv6", "0"),
                rpFilter("0"),
                neigh("veth0", "192.0.2.2", HOST_VETH_MAC),
                neigh("veth0", "2001:db8:1::2", HOST_VETH_MAC),
                addRoute(101, "192.0.2.2/32", null, "veth0", LINK, "192.0.2.10"),
                addRoute(MAIN, "192.0.2.2/32", null, "veth0", LINK, "192.0.2.10"),
                addRoute(101, "2001:db8:1::2/128", null, "veth0", LINK, null),
                addRoute(MAIN, "2001:db8:1::2/128", null, "veth0", LINK, null),
                addRoute(MAIN, "10.233.64.0/18", "192.0.2.2", "veth0", UNIVERSE, "192.0.2.10"),
                addRoute(MAIN, "fd00:10:233:64::/64", "2001:db8:1::2", "veth0", UNIVERSE, null),
                addRoute(MAIN, "10.233.0.0/18", "192.0.2.2", "veth0", UNIVERSE, "192.0.2.10"),
                addRoute(MAIN, "fd00:10:233::/112", "2001:db8:1::2", "veth0", UNIVERSE, null),
                connmark(V4), connmark(V6),
                rule(V4, 1000, 100, null, 1),
                addRoute(100, "0.0.0.0/0", "192.0.2.2", "veth0", UNIVERSE, "192.0.2.10"),
                rule(V6, 1000, 100, null, 1),
                addRoute(100, "::/0", "2001:db8:1::2", "veth0", UNIVERSE, null)));
        assertThat(plan.host()).containsExactlyElementsOf(ops(
                deleteNeighbours("192.0.2.10"), deleteNeighbours("2001:db8:1::10"),
                neigh(HOST_VETH, "192.0.2.10", POD_VETH_MAC), neigh(HOST_VETH, "2001:db8:1::10", POD_VETH_MAC),
                rule(V4, 1000, 500, null, 0), rule(V6, 1000, 500, null, 0),
                deleteRoutesTo(500, "192.0.2.10/32"), addRoute(500, "192.0.2.10/32", null, HOST_VETH, LINK, null),
                deleteRoutesTo(500, "2001:db8:1::10/128"),
                addRoute(500, "2001:db8:1::10/128", null, HOST_VETH, LINK, null)));
    }

    @Test
    void vethLinkAddressGoesOnVeth0AsA32() {
        CoordinatorPlan plan = CoordinatorPlanner.plan(settings("\"vethLinkAddress\": \"169.254.100.1\""), "eth0", CID,
                ipv4Pod());

        assertThat(plan.pod().subList(1, 3)).containsExactly(
                new NetOp.CreateVethPair("veth0", HOST_VETH, 1500, POD_VETH_MAC, HOST_VETH_MAC),
                new NetOp.AddAddress("veth0", Cidr.parse("169.254.100.1/32")));
    }

    @Test
    void C00023_vethMtuSizesThePair() {
        CoordinatorPlan plan = CoordinatorPlanner.plan(settings("\"vethMTU\": 1400"), "eth0", CID, ipv4Pod());

        assertThat(plan.pod()).contains(new NetOp.CreateVethPair("veth0", HOST_VETH, 1400, POD_VETH_MAC, HOST_VETH_MAC));
    }

    @Test
    void C00008_C00022_podMacPrefixRewritesTheMacFromTheFirstIpAndAnnouncesEveryIp() {
        PodFacts facts = node(new PodFactsBuilder().podLo()
                .podLink(2, "eth0", false, "macvlan", ETH0_MAC, 0, "192.0.2.10/24", "2001:db8:1::a:b/64")
                .hostSource("192.0.2.10", "192.0.2.2")).build();

        CoordinatorPlan plan = CoordinatorPlanner.plan(settings("\"podMACPrefix\": \"0A:1b\""), "eth0", CID, facts);

        assertThat(plan.pod().subList(2, 5)).containsExactly(new NetOp.SetMac("eth0", "0a:1b:c0:00:02:0a"),
                announce("eth0", "192.0.2.10"), announce("eth0", "2001:db8:1::a:b"));
        assertThat(plan.macSetOn("eth0")).as("what the result must name").contains("0a:1b:c0:00:02:0a");
        assertThat(plan.macSetOn("net1")).isEmpty();
        assertThat(CoordinatorPlanner.plan(settings(""), "eth0", CID, facts).macSetOn("eth0")).isEmpty();
    }

    @Test
    void txQueueLenIsSetOnTheNicInsideThePod() {
        CoordinatorPlan plan = CoordinatorPlanner.plan(settings("\"txQueueLen\": 2000"), "eth0", CID, ipv4Pod());

        assertThat(plan.pod().get(2)).isEqualTo(new NetOp.SetTxQueueLen("eth0", 2000));
        assertThat(plan.host()).noneMatch(op -> op instanceof NetOp.SetTxQueueLen);
    }

    @Test
    void C00021_podRpFilterIsWrittenAndANegativeOneLeavesItAlone() {
        assertThat(CoordinatorPlanner.plan(settings("\"podRPFilter\": 1"), "eth0", CID, ipv4Pod()).pod())
                .containsSubsequence(rpFilter("1"));
        assertThat(CoordinatorPlanner.plan(settings("\"podRPFilter\": -1"), "eth0", CID, ipv4Pod()).pod())
                .noneMatch(op -> op instanceof NetOp.SetSysctl);
    }

    @Test
    void hijackCidrRoutesGoViaTheNodeAfterPodAndServiceCidrsAndSkipAFamilyWithoutHostIp() {
        CoordinatorPlan plan = CoordinatorPlanner.plan(
                settings("\"hijackCIDR\": [\"169.254.25.10/32\", \"fd00:dead::/64\"]"), "eth0", CID, ipv4Pod());

        assertThat(plan.pod()).containsSubsequence(
                addRoute(MAIN, "10.233.64.0/18", "192.0.2.2", "veth0", UNIVERSE, "192.0.2.10"),
                addRoute(MAIN, "10.233.0.0/18", "192.0.2.2", "veth0", UNIVERSE, "192.0.2.10"),
                addRoute(MAIN, "169.254.25.10/32", "192.0.2.2", "veth0", UNIVERSE, "192.0.2.10"));
        assertThat(plan.pod()).noneMatch(op -> op instanceof NetOp.AddRoute r && r.route().dst() != null
                && r.route().dst().family() == V6);
    }

    @Test
    void policyRoutesOfTheFirstUnderlayNicGoToMainAndSkipTheOtherFamily() {
        CoordinatorPlan plan = CoordinatorPlanner.plan(settings("\"policyRoutes\": [{\"dst\": \"10.20.0.0/16\","
                + " \"gw\": \"192.0.2.254\"}, {\"dst\": \"fd00:20::/64\", \"gw\": \"2001:db8:1::fe\"}]"), "eth0", CID,
                ipv4Pod());

        assertThat(plan.pod().get(plan.pod().size() - 1))
                .isEqualTo(addRoute(MAIN, "10.20.0.0/16", "192.0.2.254", "eth0", UNIVERSE, null));
        assertThat(plan.pod()).doesNotContain(addRoute(MAIN, "fd00:20::/64", "2001:db8:1::fe", "eth0", UNIVERSE, null));
    }

    @Test
    void C00016_hostRuleTableCarriesTheHostRuleAndRoutes() {
        CoordinatorPlan plan = CoordinatorPlanner.plan(settings("\"hostRuleTable\": 600"), "eth0", CID, ipv4Pod());

        assertThat(plan.host()).containsExactlyElementsOf(ipv4HostOps(600));
    }

    @Test
    void C00010_staleNeighboursAndHostRoutesOfTheIpAreClearedBeforeTheNewOnes() {
        List<NetOp> host = CoordinatorPlanner.plan(settings(""), "eth0", CID, ipv4Pod()).host();

        assertThat(host.indexOf(deleteNeighbours("192.0.2.10")))
                .isLessThan(host.indexOf(neigh(HOST_VETH, "192.0.2.10", POD_VETH_MAC)));
        assertThat(host.indexOf(deleteRoutesTo(500, "192.0.2.10/32")))
                .isLessThan(host.indexOf(addRoute(500, "192.0.2.10/32", null, HOST_VETH, LINK, null)));
    }

    @Test
    void aRetriedAddKeepsTheMacsOfTheVethPairItMadeBefore() {
        PodFacts facts = node(new PodFactsBuilder().podLo()
                .podLink(2, "eth0", true, "macvlan", ETH0_MAC, 0, "192.0.2.10/24")
                .podLink(3, "veth0", true, "veth", "0a:00:00:00:00:a1", 9)
                .hostSource("192.0.2.10", "192.0.2.2"))
                .hostLink(9, HOST_VETH, "0a:00:00:00:00:b1").build();

        CoordinatorPlan plan = CoordinatorPlanner.plan(settings(""), "eth0", CID, facts);

        assertThat(plan.pod().get(1))
                .isEqualTo(new NetOp.CreateVethPair("veth0", HOST_VETH, 1500, "0a:00:00:00:00:a1", "0a:00:00:00:00:b1"));
        assertThat(plan.pod()).contains(neigh("veth0", "192.0.2.2", "0a:00:00:00:00:b1"));
        assertThat(plan.host()).contains(neigh(HOST_VETH, "192.0.2.10", "0a:00:00:00:00:a1"));
    }

    @Test
    void hostIpsAreRouteSourcesThenTheNodesOwnLinksWithoutDuplicates() {
        PodFacts facts = new PodFactsBuilder().podLo()
                .podLink(2, "eth0", false, "macvlan", ETH0_MAC, 0, "192.0.2.10/24")
                .hostSource("192.0.2.10", "198.51.100.2")
                .hostLink(1, "lo", "00:00:00:00:00:00", "127.0.0.1/8")
                .hostLink(2, "ens3", "52:54:00:00:00:02", "192.0.2.2/24", "169.254.3.3/16")
                .hostLink(3, "ens4", "52:54:00:00:00:03", "198.51.100.2/24")
                .hostLink(4, "cali1", "ee:ee:ee:ee:ee:ee", "10.233.64.1/32")
                .hostLink(5, "cilium_host", "ee:ee:ee:ee:ee:ef", "10.233.65.1/32")
                .hostLink(6, "kube-ipvs0", "ee:ee:ee:ee:ee:f0", "10.233.0.1/32").build();

        assertThat(CoordinatorPlanner.hostIps(new FactsView(facts), java.util.EnumSet.of(V4, V6)))
                .containsExactly(IpAddress.parse("198.51.100.2"), IpAddress.parse("192.0.2.2"));
    }

    @Test
    void disabledPlansNothing() {
        CoordinatorPlan plan = CoordinatorPlanner.plan(settings("\"mode\": \"disable\""), "eth0", CID, ipv4Pod());

        assertThat(plan.pod()).isEmpty();
        assertThat(plan.host()).isEmpty();
    }

    @Test
    void refusesANicWithoutARoutableAddress() {
        PodFacts facts = node(new PodFactsBuilder().podLo()
                .podLink(2, "eth0", false, "macvlan", ETH0_MAC, 0, "fe80::1/64")).build();

        assertThatThrownBy(() -> CoordinatorPlanner.plan(settings(""), "eth0", CID, facts))
                .isInstanceOfSatisfying(CniError.class, e -> assertThat(e.msg())
                        .contains("interface \"eth0\" has no IP address"));
    }

    @Test
    void delRemovesTheHostVethAndLegacyToRulesWithoutAgentOrPod() {
        assertThat(CoordinatorPlanner.planDel(CID, 500, List.of(IpAddress.parse("192.0.2.10"),
                IpAddress.parse("2001:db8:1::10")))).containsExactly(
                new NetOp.DeleteLink(HOST_VETH),
                new NetOp.DeleteRule(new RuleSpec(V4, RuleSpec.ANY_PRIORITY, 500, null, Cidr.parse("192.0.2.10/32"), 0)),
                new NetOp.DeleteRule(new RuleSpec(V6, RuleSpec.ANY_PRIORITY, 500, null,
                        Cidr.parse("2001:db8:1::10/128"), 0)));
        assertThat(CoordinatorPlanner.planDel("abc", 500, List.of())).containsExactly(new NetOp.DeleteLink("vethabc"));
    }
}
