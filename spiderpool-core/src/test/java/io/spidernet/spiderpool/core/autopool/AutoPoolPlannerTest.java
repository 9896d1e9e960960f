package io.spidernet.spiderpool.core.autopool;

import static io.spidernet.spiderpool.core.autopool.AutoPoolWorld.ips;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ip.IpSet;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Pre-allocation, resizing and repair of application pools; lifecycle cases follow upstream's I-cases. */
class AutoPoolPlannerTest {
    private static final IpFamily V4 = IpFamily.V4;
    private static final String UID = "1111-2222-aaaaaaaa";
    private static final String POOL = "auto4-web-eth0-aaaaa";
    private static final String IP_NUMBER = "ipam.spidernet.io/ippool-ip-number";

    private final AutoPoolWorld world = new AutoPoolWorld();

    @BeforeEach
    void subnet() {
        world.subnet("s4", "10.6.0.0/24", "10.6.0.10-10.6.0.50");
    }

    @ParameterizedTest
    @EnumSource(Apps.Kind.class)
    void I00003_createScaleUpScaleDownAndDeleteForEveryControllerType(Apps.Kind kind) {
        Map<String, String> anno = Apps.subnetV4("s4");
        world.reconcile(Apps.workload(kind, "web", UID, 2, anno));
        assertThat(world.ipsOf(POOL)).as("replicas 2 +1").isEqualTo(ips(V4, "10.6.0.10-10.6.0.12"));
        assertThat(world.recorded("s4", POOL)).isEqualTo(world.ipsOf(POOL));

        world.reconcile(Apps.workload(kind, "web", UID, 4, anno));
        assertThat(world.ipsOf(POOL)).as("scaled up keeps its IPs").isEqualTo(ips(V4, "10.6.0.10-10.6.0.14"));

        world.allocate(POOL, "10.6.0.11", "10.6.0.13");
        world.reconcile(Apps.workload(kind, "web", UID, 1, anno));
        assertThat(world.ipsOf(POOL)).as("scaled down gives back unused IPs, lowest first")
                .isEqualTo(ips(V4, "10.6.0.11", "10.6.0.13"));
        assertThat(world.recorded("s4", POOL)).isEqualTo(world.ipsOf(POOL));

        assertThat(world.delete(Apps.workload(kind, "web", UID, 1, anno))).containsExactly(POOL);
        assertThat(world.pools).isEmpty();
        assertThat(world.free("s4")).isEqualTo(ips(V4, "10.6.0.10-10.6.0.50"));
        assertThat(world.subnets.get("s4").getStatus().getControlledIPPools()).isNull();
        assertThat(world.subnets.get("s4").getStatus().getAllocatedIPCount()).isZero();
    }

    @Test
    void newPoolCarriesTheOwnerLabelsAnnotationAffinityAndTheSubnetsGatewayAndRoutes() {
        world.reconcile(Apps.deployment("web", UID, 2, Apps.subnetV4("s4")));
        SpiderIPPool pool = world.pools.get(POOL);

        assertThat(pool.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ipam.spidernet.io/owner-spider-subnet", "s4",
                "ipam.spidernet.io/owner-application-gv", "apps_v1",
                "ipam.spidernet.io/owner-application-kind", "Deployment",
                "ipam.spidernet.io/owner-application-namespace", Apps.NS,
                "ipam.spidernet.io/owner-application-name", "web",
                "ipam.spidernet.io/owner-application-uid", UID,
                "ipam.spidernet.io/interface", "eth0",
                "ipam.spidernet.io/ip-version", "IPv4",
                "ipam.spidernet.io/ippool-reclaim", "true",
                "ipam.spidernet.io/ippool-cidr", "10-6-0-0-24"));
        assertThat(pool.getMetadata().getAnnotations()).containsExactlyEntriesOf(Map.of(IP_NUMBER, "+1"));
        assertThat(pool.getSpec().getPodAffinity().getMatchLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ipam.spidernet.io/app-api-group", "apps",
                "ipam.spidernet.io/app-api-version", "v1",
                "ipam.spidernet.io/app-kind", "Deployment",
                "ipam.spidernet.io/app-namespace", Apps.NS,
                "ipam.spidernet.io/app-name", "web"));
        assertThat(pool.getSpec().getPodAffinity().getMatchExpressions()).isNullOrEmpty();
        var subnet = world.subnets.get("s4").getSpec();
        assertThat(pool.getSpec().getSubnet()).isEqualTo("10.6.0.0/24");
        assertThat(pool.getSpec().getGateway()).isEqualTo(subnet.getGateway());
        assertThat(pool.getSpec().getRoutes()).isEqualTo(subnet.getRoutes());
        assertThat(pool.family()).contains(V4);
        assertThat(pool.getMetadata().getFinalizers()).containsExactly("spiderpool.spidernet.io");
        assertThat(pool.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
            assertThat(ref.getKind()).isEqualTo("SpiderSubnet");
            assertThat(ref.getName()).isEqualTo("s4");
            assertThat(ref.getUid()).isEqualTo("uid-s4");
            assertThat(ref.getController()).isTrue();
        });
        assertThat(pool.isAutoCreated()).isTrue();
    }

    @Test
    void subnetRecordNamesTheApplicationInUpstreamsFormat() {
        world.reconcile(Apps.deployment("web", UID, 2, Apps.subnetV4("s4")));

        assertThat(world.subnets.get("s4").getStatus().getControlledIPPools()).isEqualTo(
                "{\"" + POOL + "\":{\"ips\":[\"10.6.0.10-10.6.0.12\"],\"application\":\"apps_v1_Deployment_team-a_web\"}}");
        assertThat(world.subnets.get("s4").getStatus().getAllocatedIPCount()).isEqualTo(3);
        assertThat(world.subnets.get("s4").getStatus().getTotalIPCount()).isEqualTo(41);
    }

    @Test
    void reconcilingAgainWritesNothing() {
        AppWorkload app = Apps.deployment("web", UID, 2, Apps.subnetV4("s4"));
        world.reconcile(app);

        assertThat(world.reconcile(app)).singleElement().satisfies(p -> {
            assertThat(p.isNoop()).isTrue();
            assertThat(p.repair()).isEmpty();
        });
    }

    @Test
    void I00004_subnetExcludeIpsAreNeverPreAllocated() {
        world.subnets.get("s4").getSpec().setExcludeIPs(List.of("10.6.0.10-10.6.0.12", "10.6.0.14"));

        world.reconcile(Apps.deployment("web", UID, 3, Apps.subnetV4("s4")));

        assertThat(world.ipsOf(POOL)).isEqualTo(ips(V4, "10.6.0.13", "10.6.0.15-10.6.0.17"));
    }

    @Test
    void I00011_reservedIpsAreNeverPreAllocated() {
        world.reserve("10.6.0.10", "10.6.0.12-10.6.0.13");

        world.reconcile(Apps.deployment("web", UID, 3, Apps.subnetV4("s4")));

        assertThat(world.ipsOf(POOL)).isEqualTo(ips(V4, "10.6.0.11", "10.6.0.14-10.6.0.16"));
    }

    @Test
    void I00006_I00007_repeatedCreateDeleteCyclesRestoreTheSubnetsFreeIps() {
        IpSet before = world.free("s4");
        for (int round = 0; round < 5; round++) {
            AppWorkload a = Apps.deployment("web", round + "-uid-aaaa" + round, 3, Apps.subnetV4("s4"));
            AppWorkload b = Apps.workload(Apps.Kind.STATEFULSET, "db", round + "-uid-bbbb" + round, 2, Apps.subnetV4("s4"));
            world.reconcile(a);
            world.reconcile(b);
            assertThat(world.free("s4").size()).isEqualTo(before.size().subtract(java.math.BigInteger.valueOf(7)));
            world.delete(a);
            world.delete(b);
            assertThat(world.free("s4")).as("round %d", round).isEqualTo(before);
        }
        assertThat(world.subnets.get("s4").getStatus().getControlledIPPools()).isNull();
    }

    @Test
    void I00008_repeatedScalingSettlesWithSubnetAndPoolInAgreement() {
        Map<String, String> anno = Apps.subnetV4("s4");
        for (int replicas : new int[] {1, 6, 2, 9, 3, 7, 3}) {
            world.reconcile(Apps.deployment("web", UID, replicas, anno));
            assertThat(world.ipsOf(POOL).size()).isEqualTo(java.math.BigInteger.valueOf(replicas + 1));
            assertThat(world.recorded("s4", POOL)).isEqualTo(world.ipsOf(POOL));
        }
        assertThat(world.reconcile(Apps.deployment("web", UID, 3, anno)).getFirst().isNoop()).isTrue();
        assertThat(world.free("s4")).isEqualTo(ips(V4, "10.6.0.10-10.6.0.50").subtract(world.ipsOf(POOL)));
        assertThat(world.subnets.get("s4").getStatus().getAllocatedIPCount()).isEqualTo(4);
    }

    @Test
    void I00012_I00021_multipleNicsAndSameNameAppsGetDisjointPools() {
        world.subnet("n4", "10.7.0.0/24", "10.7.0.10-10.7.0.50");
        world.subnet("s6", "fd00::/120", "fd00::10-fd00::50");
        Map<String, String> anno = Map.of("ipam.spidernet.io/subnets", "[{\"interface\":\"eth0\",\"ipv4\":[\"s4\"],"
                + "\"ipv6\":[\"s6\"]},{\"interface\":\"net1\",\"ipv4\":[\"n4\"]}]");
        AppWorkload web = Apps.deployment("web", UID, 2, anno);
        AppWorkload sameName = AppWorkload.of(Apps.object(Apps.Kind.STATEFULSET, "web", "3333-4444-bbbbbbbb", 2, anno));

        world.reconcile(web);
        world.reconcile(sameName);

        assertThat(world.pools.keySet()).containsExactlyInAnyOrder(
                POOL, "auto6-web-eth0-aaaaa", "auto4-web-net1-aaaaa",
                "auto4-web-eth0-bbbbb", "auto6-web-eth0-bbbbb", "auto4-web-net1-bbbbb");
        assertThat(world.ipsOf("auto4-web-net1-aaaaa")).isEqualTo(ips(V4, "10.7.0.10-10.7.0.12"));
        assertThat(world.ipsOf("auto6-web-eth0-aaaaa")).isEqualTo(ips(IpFamily.V6, "fd00::10-fd00::12"));
        assertThat(world.ipsOf("auto4-web-eth0-bbbbb")).isEqualTo(ips(V4, "10.6.0.13-10.6.0.15"));
        assertThat(world.pools.get("auto4-web-net1-bbbbb").getMetadata().getLabels())
                .containsEntry(SpiderpoolAnnotations.LABEL_INTERFACE, "net1")
                .containsEntry(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_KIND, "StatefulSet");

        world.delete(web);
        assertThat(world.pools.keySet()).containsExactlyInAnyOrder(
                "auto4-web-eth0-bbbbb", "auto6-web-eth0-bbbbb", "auto4-web-net1-bbbbb");
    }

    @Test
    void I00015_retainedPoolIsReusedByARecreatedApplicationOfTheSameKindAndName() {
        Map<String, String> keep = Apps.with(Apps.subnetV4("s4"), "ipam.spidernet.io/ippool-reclaim", "false");
        AppWorkload first = Apps.deployment("web", UID, 2, keep);
        world.reconcile(first);
        world.allocate(POOL, "10.6.0.10");
        assertThat(world.delete(first)).as("kept on purpose").isEmpty();

        List<AutoPoolPlan> plans = world.reconcile(Apps.deployment("web", "5555-6666-cccccccc", 2, keep));

        assertThat(plans.getFirst().poolName()).isEqualTo(POOL);
        assertThat(world.pools).containsOnlyKeys(POOL);
        assertThat(world.ipsOf(POOL)).isEqualTo(ips(V4, "10.6.0.10-10.6.0.12"));
        assertThat(world.pools.get(POOL).getMetadata().getLabels())
                .containsEntry(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_UID, "5555-6666-cccccccc");
    }

    @Test
    void I00015_reclaimableLeftoverOfAnEarlierApplicationIsNotReused() {
        world.reconcile(Apps.deployment("web", UID, 2, Apps.subnetV4("s4")));
        // the old application is gone but its pool is still terminating-to-be (deletion not yet done)

        world.reconcile(Apps.deployment("web", "5555-6666-cccccccc", 2, Apps.subnetV4("s4")));

        assertThat(world.pools).containsOnlyKeys(POOL, "auto4-web-eth0-ccccc");
        assertThat(world.ipsOf("auto4-web-eth0-ccccc")).isEqualTo(ips(V4, "10.6.0.13-10.6.0.15"));
    }

    @Test
    void I00016_retainedPoolIsNotReusedByAnApplicationOfAnotherKind() {
        Map<String, String> keep = Apps.with(Apps.subnetV4("s4"), "ipam.spidernet.io/ippool-reclaim", "false");
        AppWorkload deployment = Apps.deployment("web", UID, 2, keep);
        world.reconcile(deployment);
        world.delete(deployment);

        world.reconcile(Apps.workload(Apps.Kind.STATEFULSET, "web", "5555-6666-cccccccc", 2, keep));

        assertThat(world.pools).containsOnlyKeys(POOL, "auto4-web-eth0-ccccc");
        assertThat(world.ipsOf(POOL)).isEqualTo(ips(V4, "10.6.0.10-10.6.0.12"));
        assertThat(world.ipsOf("auto4-web-eth0-ccccc")).isEqualTo(ips(V4, "10.6.0.13-10.6.0.15"));
        assertThat(world.pools.get(POOL).getMetadata().getLabels())
                .containsEntry(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_UID, UID);
    }

    @Test
    void I00019_switchingReclaimToTrueReclaimsThePoolWithTheApplication() {
        Map<String, String> keep = Apps.with(Apps.subnetV4("s4"), "ipam.spidernet.io/ippool-reclaim", "false");
        world.reconcile(Apps.deployment("web", UID, 2, keep));
        assertThat(AutoPoolReclaim.poolsToDelete(UID, world.pools.values())).isEmpty();

        AppWorkload reclaimed = Apps.deployment("web", UID, 2,
                Apps.with(Apps.subnetV4("s4"), "ipam.spidernet.io/ippool-reclaim", "true"));
        world.reconcile(reclaimed);

        assertThat(world.pools.get(POOL).getMetadata().getLabels())
                .containsEntry(SpiderpoolAnnotations.LABEL_IPPOOL_RECLAIM, "true");
        assertThat(world.delete(reclaimed)).containsExactly(POOL);
        assertThat(world.free("s4")).isEqualTo(ips(V4, "10.6.0.10-10.6.0.50"));
    }

    @Test
    void I00020_ipsOfOneApplicationsPoolAreNotOfferedToAnother() {
        world.reconcile(Apps.deployment("web", UID, 1, Apps.with(Apps.subnetV4("s4"), IP_NUMBER, "6")));
        world.allocate(POOL, "10.6.0.10");

        world.reconcile(Apps.deployment("api", "7777-8888-dddddddd", 2, Apps.subnetV4("s4")));

        assertThat(world.ipsOf("auto4-api-eth0-ddddd")).isEqualTo(ips(V4, "10.6.0.16-10.6.0.18"));
        assertThat(world.free("s4")).isEqualTo(ips(V4, "10.6.0.19-10.6.0.50"));
    }

    @Test
    void I00022_dirtyRecordOfAPoolThatNoLongerExistsIsRecycled() {
        var status = new io.spidernet.spiderpool.core.model.SubnetStatus();
        status.setControlledIPPools("{\"auto4-gone-eth0-zzzzz\":{\"ips\":[\"10.6.0.10-10.6.0.20\"],"
                + "\"application\":\"apps_v1_Deployment_team-a_gone\"}}");
        world.subnets.get("s4").setStatus(status);
        assertThat(world.free("s4")).isEqualTo(ips(V4, "10.6.0.10-10.6.0.50"));

        world.reconcile(Apps.deployment("web", UID, 2, Apps.subnetV4("s4")));

        assertThat(world.ipsOf(POOL)).isEqualTo(ips(V4, "10.6.0.10-10.6.0.12"));
        assertThat(world.subnets.get("s4").getStatus().getControlledIPPools()).doesNotContain("gone");
        assertThat(world.subnets.get("s4").getStatus().getAllocatedIPCount()).isEqualTo(3);
    }

    @Test
    void insufficientFreeIpsSayHowManyAreWantedAndFreeWhereAndWhatToDo() {
        world.reconcile(Apps.deployment("web", UID, 1, Apps.with(Apps.subnetV4("s4"), IP_NUMBER, "39")));

        AppWorkload api = Apps.deployment("api", "7777-8888-dddddddd", 4, Apps.subnetV4("s4"));
        assertThatThrownBy(() -> world.reconcile(api))
                .isInstanceOfSatisfying(AutoPoolException.InsufficientSubnetIps.class, e -> {
                    assertThat(e.wanted()).isEqualTo(5);
                    assertThat(e.free()).isEqualTo(2);
                    assertThat(e.subnet()).isEqualTo("s4");
                })
                .hasMessageContaining("insufficient SpiderSubnet FreeIPs")
                .hasMessageContaining("needs 5 more IPs but SpiderSubnet s4 has only 2 free")
                .hasMessageContaining("add IPs to the subnet");
        assertThat(world.pools).containsOnlyKeys(POOL);
    }

    @Test
    void scaleDownWaitsWhilePodsHoldTheIpsItWouldGiveBack() {
        Map<String, String> anno = Apps.subnetV4("s4");
        world.reconcile(Apps.deployment("web", UID, 3, anno));
        world.allocate(POOL, "10.6.0.10", "10.6.0.11", "10.6.0.12");

        AutoPoolPlan plan = world.reconcile(Apps.deployment("web", UID, 0, anno)).getFirst();

        assertThat(plan.shrinkBlocked()).get().asString().contains("pods still hold 3");
        assertThat(plan.isNoop()).isTrue();
        assertThat(world.ipsOf(POOL)).isEqualTo(ips(V4, "10.6.0.10-10.6.0.13"));
        world.allocate(POOL);
        world.pools.get(POOL).getStatus().setAllocatedIPs(null);
        assertThat(world.reconcile(Apps.deployment("web", UID, 0, anno)).getFirst().ips())
                .isEqualTo(ips(V4, "10.6.0.13"));
    }

    @Test
    void createInterruptedAfterTheSubnetWriteIsRepairedWithTheRecordedIps() {
        AppWorkload app = Apps.deployment("web", UID, 2, Apps.subnetV4("s4"));
        PoolDemand d = PoolDemands.of(app, world.conf).getFirst();
        AutoPoolPlan first = world.plan(d);
        first.subnetWrite().ifPresent(w -> world.subnets.get("s4").setStatus(w.toStatus()));

        AutoPoolPlan again = world.plan(d);

        assertThat(again.repair()).get().satisfies(r -> {
            assertThat(r.recorded()).isEqualTo(ips(V4, "10.6.0.10-10.6.0.12"));
            assertThat(r.inPool().isEmpty()).isTrue();
        });
        assertThat(again.subnetWrite()).isEmpty();
        assertThat(again.poolWrite()).get().isInstanceOf(PoolWrite.Create.class);
        assertThat(again.ips()).isEqualTo(first.ips());
    }

    @Test
    void shrinkInterruptedAfterTheSubnetWriteKeepsAnIpAPodTookMeanwhile() {
        Map<String, String> anno = Apps.subnetV4("s4");
        world.reconcile(Apps.deployment("web", UID, 4, anno));
        PoolDemand down = PoolDemands.of(Apps.deployment("web", UID, 1, anno), world.conf).getFirst();
        AutoPoolPlan cut = world.plan(down);
        cut.subnetWrite().ifPresent(w -> world.subnets.get("s4").setStatus(w.toStatus()));
        assertThat(world.recorded("s4", POOL)).isEqualTo(ips(V4, "10.6.0.13-10.6.0.14"));
        world.allocate(POOL, "10.6.0.10");

        AutoPoolPlan again = world.plan(down);
        world.apply("s4", again);

        assertThat(again.repair()).isPresent();
        assertThat(world.ipsOf(POOL)).isEqualTo(ips(V4, "10.6.0.10", "10.6.0.14"));
        assertThat(world.recorded("s4", POOL)).isEqualTo(world.ipsOf(POOL));
    }

    @Test
    void subnetOfTheOtherFamilyIsAnInvalidRequest() {
        world.subnet("s6", "fd00::/120", "fd00::10-fd00::50");

        assertThatThrownBy(() -> world.reconcile(Apps.deployment("web", UID, 1, Apps.subnetV4("s6"))))
                .isInstanceOf(AutoPoolException.InvalidRequest.class)
                .hasMessageContaining("SpiderSubnet s6 for IPv4")
                .hasMessageContaining("\"ipv6\"");
    }

    @Test
    void poolNameTakenByAnotherPoolIsAnInvalidRequest() {
        world.subnet("t4", "10.8.0.0/24", "10.8.0.10-10.8.0.50");
        world.reconcile(Apps.deployment("web", UID, 1, Apps.subnetV4("t4")));

        assertThatThrownBy(() -> world.reconcile(Apps.deployment("web", UID, 1, Apps.subnetV4("s4"))))
                .isInstanceOf(AutoPoolException.InvalidRequest.class)
                .hasMessageContaining("IPPool " + POOL)
                .hasMessageContaining("belongs to SpiderSubnet t4");
    }
}
