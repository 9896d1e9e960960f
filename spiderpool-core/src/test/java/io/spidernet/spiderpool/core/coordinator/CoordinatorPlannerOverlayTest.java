package io.spidernet.spiderpool.core.coordinator;

import static io.spidernet.spiderpool.core.coordinator.CoordinatorPlannerUnderlayTest.CID;
import static io.spidernet.spiderpool.core.coordinator.CoordinatorPlannerUnderlayTest.ops;
import static io.spidernet.spiderpool.core.coordinator.CoordinatorPlannerUnderlayTest.settings;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.LINK;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.MAIN;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.UNIVERSE;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.V4;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.V6;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.addRoute;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.delRoute;
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
import java.util.List;
import org.junit.jupiter.api.Test;

/** Overlay mode: eth0 from Calico (a veth to cali12345), macvlan NICs beside it (§4.6 right column). */
class CoordinatorPlannerOverlayTest {
    static final String ETH0_MAC = "0a:22:00:00:00:01";
    static final String CALI_MAC = "ee:ee:ee:ee:ee:ee";

    static PodFactsBuilder calicoPod() {
        return new PodFactsBuilder().podLo()
                .podLink(2, "eth0", true, "veth", ETH0_MAC, 7, "10.233.64.5/32", "fe80::ecee:eeff:feee:eeee/64")
                .podRoute(MAIN, "0.0.0.0/0", "169.254.1.1", "eth0", UNIVERSE, null)
                .podRoute(MAIN, "169.254.1.1/32", null, "eth0", LINK, null)
                .hostLink(1, "lo", "00:00:00:00:00:00", "127.0.0.1/8")
                .hostLink(2, "ens3", "52:54:00:00:00:02", "192.0.2.2/24")
                .hostLink(7, "cali12345", CALI_MAC)
                .hostSource("10.233.64.5", "192.0.2.2").hostSource("192.0.2.10", "192.0.2.2")
                .hostSource("198.51.100.10", "192.0.2.2");
    }

    static PodFactsBuilder withNet1(PodFactsBuilder b, boolean up) {
        return b.podLink(3, "net1", up, "macvlan", "0a:33:00:00:00:01", 0, "192.0.2.10/24")
                .podRoute(MAIN, "192.0.2.0/24", null, "net1", LINK, "192.0.2.10")
                .podRoute(MAIN, "0.0.0.0/0", "192.0.2.1", "net1", UNIVERSE, null);
    }

    static List<NetOp> hostOps(String podIp) {
        return ops(deleteNeighbours(podIp), neigh("cali12345", podIp, ETH0_MAC), rule(V4, 1000, 500, null, 0),
                deleteRoutesTo(500, podIp + "/32"), addRoute(500, podIp + "/32", null, "cali12345", LINK, null));
    }

    @Test
    void C00002_overlayWithOneUnderlayNic() {
        CoordinatorPlan plan = CoordinatorPlanner.plan(settings(""), "net1", CID, withNet1(calicoPod(), false).build());

        assertThat(plan.pod()).containsExactlyElementsOf(ops(
                up("net1"),
                rpFilter("0"),
                neigh("eth0", "192.0.2.2", CALI_MAC),
                addRoute(101, "192.0.2.2/32", null, "eth0", LINK, "10.233.64.5"),
                addRoute(MAIN, "192.0.2.2/32", null, "eth0", LINK, "10.233.64.5"),
                addRoute(MAIN, "10.233.64.0/18", "192.0.2.2", "eth0", UNIVERSE, "10.233.64.5"),
                addRoute(MAIN, "10.233.0.0/18", "192.0.2.2", "eth0", UNIVERSE, "10.233.64.5"),
                rule(V4, 32765, 101, "192.0.2.10/32", 0),
                rule(V4, 32765, 100, "10.233.64.5/32", 0),
                addRoute(100, "0.0.0.0/0", "169.254.1.1", "eth0", UNIVERSE, null),
                addRoute(101, "192.0.2.0/24", null, "net1", LINK, "192.0.2.10"),
                addRoute(101, "0.0.0.0/0", "192.0.2.1", "net1", UNIVERSE, null),
                delRoute(MAIN, "0.0.0.0/0", "192.0.2.1", "net1", UNIVERSE, null)));
        assertThat(plan.host()).containsExactlyElementsOf(hostOps("192.0.2.10"));
    }

    @Test
    void C00004_overlayWithTwoUnderlayNicsPutsTheSecondInTable102() {
        PodFacts facts = new PodFactsBuilder().podLo()
                .podLink(2, "eth0", true, "veth", ETH0_MAC, 7, "10.233.64.5/32")
                .podRoute(MAIN, "0.0.0.0/0", "169.254.1.1", "eth0", UNIVERSE, null)
                .podLink(3, "net1", true, "macvlan", "0a:33:00:00:00:01", 0, "192.0.2.10/24")
                .podRoute(MAIN, "192.0.2.0/24", null, "net1", LINK, "192.0.2.10")
                .podRoute(101, "0.0.0.0/0", "192.0.2.1", "net1", UNIVERSE, null)
                .podLink(4, "net2", false, "macvlan", "0a:33:00:00:00:02", 0, "198.51.100.10/24")
                .podRoute(MAIN, "198.51.100.0/24", null, "net2", LINK, "198.51.100.10")
                .podRoute(MAIN, "0.0.0.0/0", "198.51.100.1", "net2", UNIVERSE, null)
                .hostLink(2, "ens3", "52:54:00:00:00:02", "192.0.2.2/24")
                .hostLink(7, "cali12345", CALI_MAC)
                .hostSource("10.233.64.5", "192.0.2.2").hostSource("192.0.2.10", "192.0.2.2")
                .hostSource("198.51.100.10", "192.0.2.2").build();

        CoordinatorPlan plan = CoordinatorPlanner.plan(settings(""), "net2", CID, facts);

        assertThat(plan.pod()).containsExactlyElementsOf(ops(
                up("net2"),
                rpFilter("0"),
                addRoute(102, "192.0.2.2/32", null, "eth0", LINK, "10.233.64.5"),
                addRoute(102, "10.233.64.0/18", "192.0.2.2", "eth0", UNIVERSE, "10.233.64.5"),
                addRoute(102, "10.233.0.0/18", "192.0.2.2", "eth0", UNIVERSE, "10.233.64.5"),
                rule(V4, 32765, 102, "198.51.100.10/32", 0),
                addRoute(102, "198.51.100.0/24", null, "net2", LINK, "198.51.100.10"),
                addRoute(102, "0.0.0.0/0", "198.51.100.1", "net2", UNIVERSE, null),
                delRoute(MAIN, "0.0.0.0/0", "198.51.100.1", "net2", UNIVERSE, null)));
        assertThat(plan.host()).containsExactlyElementsOf(hostOps("198.51.100.10"));
    }

    @Test
    void C00005_podDefaultRouteNicMovesTheOverlayRoutesToTheNewNicsTable() {
        CoordinatorPlan plan = CoordinatorPlanner.plan(settings("\"podDefaultRouteNic\": \"net1\""), "net1", CID,
                withNet1(calicoPod(), false).build());

        List<NetOp> tuning = plan.pod().subList(8, plan.pod().size());
        // eth0's main routes, those this ADD added (node /32, hijack ranges) included, go to 101 as well
        assertThat(tuning).containsExactly(
                rule(V4, 32765, 101, "10.233.64.5/32", 0),
                addRoute(101, "0.0.0.0/0", "169.254.1.1", "eth0", UNIVERSE, null),
                delRoute(MAIN, "0.0.0.0/0", "169.254.1.1", "eth0", UNIVERSE, null),
                addRoute(101, "169.254.1.1/32", null, "eth0", LINK, null),
                addRoute(101, "192.0.2.2/32", null, "eth0", LINK, "10.233.64.5"),
                addRoute(101, "10.233.64.0/18", "192.0.2.2", "eth0", UNIVERSE, "10.233.64.5"),
                addRoute(101, "10.233.0.0/18", "192.0.2.2", "eth0", UNIVERSE, "10.233.64.5"));
    }

    @Test
    void overlayNeedsEth0ToBeAVethWithAHostPeer() {
        PodFacts facts = withNet1(new PodFactsBuilder().podLo()
                .podLink(2, "eth0", true, "macvlan", ETH0_MAC, 0, "192.0.2.50/24"), false)
                .hostLink(2, "ens3", "52:54:00:00:00:02", "192.0.2.2/24").build();

        assertThatThrownBy(() -> CoordinatorPlanner.plan(settings("\"mode\": \"overlay\""), "net1", CID, facts))
                .isInstanceOfSatisfying(CniError.class, e -> assertThat(e.msg())
                        .contains("needs the pod's first interface \"eth0\" to be a veth with its peer in the host"));
    }

    @Test
    void dualStackOverlayMovesEachFamilyAndOnlyTheNewNicsNextHopOfAMultipathDefault() {
        PodFacts facts = new PodFactsBuilder().podLo()
                .podLink(2, "eth0", true, "veth", ETH0_MAC, 7, "10.233.64.5/32", "fd00:10:233:64::5/128")
                .podRoute(MAIN, "0.0.0.0/0", "169.254.1.1", "eth0", UNIVERSE, null)
                .podRoute(MAIN, "fe80::/64", null, "eth0", LINK, null)
                .podRoute(MAIN, "::/0", "fe80::ecee:eeff:feee:eeee", "eth0", UNIVERSE, null)
                .podLink(3, "net1", false, "macvlan", "0a:33:00:00:00:01", 0, "192.0.2.10/24", "2001:db8:1::10/64")
                .podRoute(MAIN, "192.0.2.0/24", null, "net1", LINK, "192.0.2.10")
                .podRoute(MAIN, "2001:db8:1::/64", null, "net1", LINK, null)
                .podRoute(MAIN, "fe80::/64", null, "net1", LINK, null)
                .podRoute(MAIN, "::/0", "2001:db8:1::1", "net1", UNIVERSE, null)
                .hostLink(2, "ens3", "52:54:00:00:00:02", "192.0.2.2/24", "2001:db8:1::2/64")
                .hostLink(7, "cali12345", CALI_MAC)
                .hostSource("10.233.64.5", "192.0.2.2").hostSource("fd00:10:233:64::5", "2001:db8:1::2")
                .hostSource("192.0.2.10", "192.0.2.2").hostSource("2001:db8:1::10", "2001:db8:1::2").build();

        CoordinatorPlan plan = CoordinatorPlanner.plan(settings(""), "net1", CID, facts);

        int tuneAt = plan.pod().indexOf(rule(V4, 32765, 101, "192.0.2.10/32", 0));
        assertThat(plan.pod().subList(tuneAt, plan.pod().size())).containsExactly(
                rule(V4, 32765, 101, "192.0.2.10/32", 0),
                rule(V6, 32765, 101, "2001:db8:1::10/128", 0),
                rule(V4, 32765, 100, "10.233.64.5/32", 0),
                rule(V6, 32765, 100, "fd00:10:233:64::5/128", 0),
                addRoute(100, "0.0.0.0/0", "169.254.1.1", "eth0", UNIVERSE, null),
                addRoute(100, "::/0", "fe80::ecee:eeff:feee:eeee", "eth0", UNIVERSE, null),
                addRoute(101, "192.0.2.0/24", null, "net1", LINK, "192.0.2.10"),
                addRoute(101, "2001:db8:1::/64", null, "net1", LINK, null),
                addRoute(101, "::/0", "2001:db8:1::1", "net1", UNIVERSE, null),
                delRoute(MAIN, "::/0", "2001:db8:1::1", "net1", UNIVERSE, null));
        assertThat(plan.pod()).contains(sysctl("net.ipv6.conf.all.disable_ipv6", "0"),
                addRoute(MAIN, "2001:db8:1::2/128", null, "eth0", LINK, null),
                addRoute(MAIN, "fd00:10:233::/112", "2001:db8:1::2", "eth0", UNIVERSE, null));
    }
}
