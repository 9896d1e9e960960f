package io.spidernet.spiderpool.core.coordinator;

import static io.spidernet.spiderpool.core.coordinator.CoordinatorPlannerUnderlayTest.CID;
import static io.spidernet.spiderpool.core.coordinator.CoordinatorPlannerUnderlayTest.HOST_VETH;
import static io.spidernet.spiderpool.core.coordinator.CoordinatorPlannerUnderlayTest.ops;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.LINK;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.MAIN;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.UNIVERSE;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.V4;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.addRoute;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.delRoute;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.deleteNeighbours;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.deleteRoutesTo;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.neigh;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.rpFilter;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.rule;
import static io.spidernet.spiderpool.core.coordinator.PlanOps.up;
import static io.spidernet.spiderpool.core.coordinator.PodFactsBuilder.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.ip.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Underlay pods with a second NIC, around upstream's worked example (§4.5): eth0 172.100.0.211,
 * net1 172.200.0.201, a policy route 10.20.0.0/16 via 172.200.0.1, node IP 172.100.0.2.
 */
class CoordinatorPlannerMultiNicTest {
    static final String VETH0_MAC = "0a:00:00:00:00:a0";
    static final String HOST_VETH_MAC = "0a:00:00:00:00:b0";
    static final String POLICY = "\"policyRoutes\": [{\"dst\": \"10.20.0.0/16\", \"gw\": \"172.200.0.1\"}]";
    /** No cluster CIDRs, so the end state is exactly the doc's. */
    static final CoordinatorDefaults AGENT = new CoordinatorDefaults("auto", List.of(), List.of(), true, List.of(),
            List.of(), "", "", 500, 0, 0, "", 1500);

    static CoordinatorSettings settings(String nadFields, CoordinatorDefaults agent) {
        return CoordinatorSettings.merge(CoordinatorSettingsTest.nad(nadFields), agent);
    }

    static PodFactsBuilder host(PodFactsBuilder b) {
        return b.hostLink(1, "lo", "00:00:00:00:00:00", "127.0.0.1/8")
                .hostLink(2, "ens3", "52:54:00:00:00:02", "172.100.0.2/16")
                .hostSource("172.100.0.211", "172.100.0.2").hostSource("172.200.0.201", "172.100.0.2");
    }

    static final List<RouteSpec> ETH0_ROUTES = List.of(
            route(MAIN, "172.100.0.0/16", null, "eth0", LINK, "172.100.0.211"),
            route(MAIN, "0.0.0.0/0", "172.100.0.1", "eth0", UNIVERSE, null));
    static final List<RouteSpec> NET1_ROUTES = List.of(
            route(MAIN, "172.200.0.0/16", null, "net1", LINK, "172.200.0.201"),
            route(MAIN, "0.0.0.0/0", "172.200.0.1", "net1", UNIVERSE, null));

    static PodFacts eth0Facts() {
        PodFactsBuilder b = new PodFactsBuilder().podLo()
                .podLink(2, "eth0", false, "macvlan", "0a:11:00:00:00:01", 0, "172.100.0.211/16");
        ETH0_ROUTES.forEach(r -> b.podRoute(r.table(), r.dst().toString(), str(r.via()), r.dev(), r.scope(), str(r.src())));
        return host(b).build();
    }

    /** After eth0's ADD: veth0 there, its host end too; net1 just attached with its main routes. */
    static PodFacts net1Facts(String net1Name, List<RouteSpec> routesNow) {
        PodFactsBuilder b = new PodFactsBuilder().podLo()
                .podLink(2, "eth0", true, "macvlan", "0a:11:00:00:00:01", 0, "172.100.0.211/16")
                .podLink(3, "veth0", true, "veth", VETH0_MAC, 9, "169.254.100.1/32")
                .podLink(4, net1Name, false, "macvlan", "0a:11:00:00:00:02", 0, "172.200.0.201/16");
        for (RouteSpec r : routesNow) {
            b.podRoute(r.table(), r.dst().toString(), str(r.via()), r.dev(), r.scope(), str(r.src()));
        }
        return host(b).hostLink(9, HOST_VETH, HOST_VETH_MAC).build();
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    /**
     * eth0's ADD applied to eth0's routes, then net1's main routes as the macvlan plugin adds them.
     * eth0's network has no policy route (in the doc it belongs to net1's NAD).
     */
    static FakeRoutingState afterEth0(CoordinatorSettings net1Settings) {
        FakeRoutingState state = new FakeRoutingState(ETH0_ROUTES);
        CoordinatorSettings s = new CoordinatorSettings(net1Settings.mode(), net1Settings.tunePodRoutes(), "", "eth0",
                "", List.of(), List.of(), List.of(), List.of(), 500, 0, 0, null, 1500);
        state.apply(CoordinatorPlanner.plan(s, "eth0", CID, eth0Facts()).pod());
        state.apply(NET1_ROUTES.stream().map(r -> (NetOp) new NetOp.AddRoute(r)).toList());
        return state;
    }

    @Test
    void C00003_workedExampleOfTheDocsGivesExactlyItsRulesAndTables() {
        CoordinatorSettings s = settings(POLICY, AGENT);
        FakeRoutingState state = afterEth0(s);

        CoordinatorPlan plan = CoordinatorPlanner.plan(s, "net1", CID, net1Facts("net1", state.allRoutes()));
        state.apply(plan.pod());

        assertThat(state.rules).containsExactlyInAnyOrder(
                new RuleSpec(V4, 1000, 100, null, null, 1),
                new RuleSpec(V4, 999, 101, Cidr.parse("172.200.0.201/32"), null, 0));
        assertThat(state.table(MAIN)).containsExactlyInAnyOrder(
                route(MAIN, "172.100.0.0/16", null, "eth0", LINK, "172.100.0.211"),
                route(MAIN, "0.0.0.0/0", "172.100.0.1", "eth0", UNIVERSE, null),
                route(MAIN, "172.200.0.0/16", null, "net1", LINK, "172.200.0.201"),
                route(MAIN, "172.100.0.2/32", null, "veth0", LINK, "172.100.0.211"));
        assertThat(state.table(100)).containsExactly(route(100, "0.0.0.0/0", "172.100.0.2", "veth0", UNIVERSE,
                "172.100.0.211"));
        // the doc lists net1's default, connected and policy routes; the node /32 is upstream's code (§12 #7)
        assertThat(state.table(101)).containsExactlyInAnyOrder(
                route(101, "172.100.0.2/32", null, "veth0", LINK, "172.100.0.211"),
                route(101, "0.0.0.0/0", "172.200.0.1", "net1", UNIVERSE, null),
                route(101, "172.200.0.0/16", null, "net1", LINK, "172.200.0.201"),
                route(101, "10.20.0.0/16", "172.200.0.1", "net1", UNIVERSE, null));
        assertThat(state.tables.keySet()).containsExactly(100, 101, MAIN);
    }

    @Test
    void C00003_secondUnderlayNicOpsInOrder() {
        CoordinatorSettings s = settings(POLICY, AGENT);
        PodFacts facts = net1Facts("net1", afterEth0(s).allRoutes());

        CoordinatorPlan plan = CoordinatorPlanner.plan(s, "net1", CID, facts);

        assertThat(plan.pod()).containsExactlyElementsOf(ops(
                up("net1"),
                rpFilter("0"),
                addRoute(101, "172.100.0.2/32", null, "veth0", LINK, "172.100.0.211"),
                rule(V4, 999, 101, "172.200.0.201/32", 0),
                addRoute(101, "172.200.0.0/16", null, "net1", LINK, "172.200.0.201"),
                addRoute(101, "0.0.0.0/0", "172.200.0.1", "net1", UNIVERSE, null),
                delRoute(MAIN, "0.0.0.0/0", "172.200.0.1", "net1", UNIVERSE, null),
                addRoute(101, "10.20.0.0/16", "172.200.0.1", "net1", UNIVERSE, null)));
        assertThat(plan.host()).containsExactly(deleteNeighbours("172.200.0.201"),
                neigh(HOST_VETH, "172.200.0.201", VETH0_MAC), rule(V4, 1000, 500, null, 0),
                deleteRoutesTo(500, "172.200.0.201/32"), addRoute(500, "172.200.0.201/32", null, HOST_VETH, LINK, null));
    }

    @Test
    void C00011_C00012_theDefaultRouteStaysOnEth0AndRoutesToTheNodeUseEth0sAddress() {
        CoordinatorSettings s = settings("", AGENT);
        FakeRoutingState state = afterEth0(s);

        state.apply(CoordinatorPlanner.plan(s, "net1", CID, net1Facts("net1", state.allRoutes())).pod());

        assertThat(state.table(MAIN).stream().filter(RouteSpec::isDefault).map(RouteSpec::dev)).containsExactly("eth0");
        assertThat(state.allRoutes().stream().filter(r -> "veth0".equals(r.dev())))
                .allSatisfy(r -> assertThat(r.src()).hasToString("172.100.0.211"));
    }

    @Test
    void C00006_podDefaultRouteNicHandsMainToTheNewNic() {
        CoordinatorSettings s = settings("\"podDefaultRouteNic\": \"net1\"", AGENT);
        FakeRoutingState state = afterEth0(s);

        CoordinatorPlan plan = CoordinatorPlanner.plan(s, "net1", CID, net1Facts("net1", state.allRoutes()));
        state.apply(plan.pod());

        assertThat(plan.pod()).contains(rule(V4, 999, 101, "172.100.0.211/32", 0));
        assertThat(state.table(MAIN).stream().filter(RouteSpec::isDefault).map(RouteSpec::dev)).containsExactly("net1");
        assertThat(state.table(101)).contains(route(101, "0.0.0.0/0", "172.100.0.1", "eth0", UNIVERSE, null),
                route(101, "172.100.0.0/16", null, "eth0", LINK, "172.100.0.211"));
    }

    @Test
    void C00020_theDefaultRouteNicMayComeFromTheAgent() {
        CoordinatorDefaults annotated = new CoordinatorDefaults("auto", List.of(), List.of(), true, List.of(),
                List.of(), "", "net1", 500, 0, 0, "", 1500);
        CoordinatorSettings s = settings("", annotated);
        FakeRoutingState state = afterEth0(s);

        state.apply(CoordinatorPlanner.plan(s, "net1", CID, net1Facts("net1", state.allRoutes())).pod());

        assertThat(state.table(MAIN).stream().filter(RouteSpec::isDefault).map(RouteSpec::dev)).containsExactly("net1");
    }

    @Test
    void C00014_aDefaultRouteNicThePodLacksIsAnError() {
        CoordinatorSettings s = settings("\"podDefaultRouteNic\": \"net9\"", AGENT);
        PodFacts facts = net1Facts("net1", afterEth0(s).allRoutes());

        assertThatThrownBy(() -> CoordinatorPlanner.plan(s, "net1", CID, facts))
                .isInstanceOfSatisfying(CniError.class, e -> {
                    assertThat(e.msg()).contains("podDefaultRouteNic names \"net9\", which the pod does not have");
                    assertThat(e.details()).contains("keep the default route on \"eth0\"");
                });
    }

    @Test
    void C00015_aRandomlyNamedSecondNicGetsItsTableByLinkCount() {
        CoordinatorSettings s = settings("", AGENT);
        FakeRoutingState state = afterEth0(s);
        List<RouteSpec> renamed = state.allRoutes().stream().map(r -> "net1".equals(r.dev())
                ? new RouteSpec(r.table(), r.dst(), r.via(), "macvlan7", r.scope(), r.src()) : r).toList();

        CoordinatorPlan plan = CoordinatorPlanner.plan(s, "macvlan7", CID, net1Facts("macvlan7", renamed));

        assertThat(plan.pod()).contains(rule(V4, 999, 101, "172.200.0.201/32", 0),
                addRoute(101, "0.0.0.0/0", "172.200.0.1", "macvlan7", UNIVERSE, null));
    }

    @Test
    void C00017_tunePodRoutesOffLeavesTheNewNicsRoutesAlone() {
        CoordinatorSettings s = settings("\"tunePodRoutes\": false", AGENT);
        PodFacts facts = net1Facts("net1", afterEth0(s).allRoutes());

        CoordinatorPlan plan = CoordinatorPlanner.plan(s, "net1", CID, facts);

        assertThat(plan.pod()).containsExactly(up("net1"), rpFilter("0").get(0), rpFilter("0").get(1),
                addRoute(101, "172.100.0.2/32", null, "veth0", LINK, "172.100.0.211"));
    }

    @Test
    void aSecondNicWhoseVethHostEndVanishedIsAnError() {
        PodFacts facts = new PodFactsBuilder().podLo()
                .podLink(2, "eth0", true, "macvlan", "0a:11:00:00:00:01", 0, "172.100.0.211/16")
                .podLink(3, "veth0", true, "veth", VETH0_MAC, 9)
                .podLink(4, "net1", false, "macvlan", "0a:11:00:00:00:02", 0, "172.200.0.201/16").build();

        assertThatThrownBy(() -> CoordinatorPlanner.plan(settings("", AGENT), "net1", CID, facts))
                .isInstanceOfSatisfying(CniError.class, e -> assertThat(e.msg())
                        .contains("not its host end \"" + HOST_VETH + "\""));
    }
}
