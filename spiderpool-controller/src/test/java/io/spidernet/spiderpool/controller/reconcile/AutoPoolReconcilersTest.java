package io.spidernet.spiderpool.controller.reconcile;

import static io.spidernet.spiderpool.controller.reconcile.SubnetWorld.ips;
import static io.spidernet.spiderpool.controller.reconcile.SubnetWorld.ipsOf;
import static io.spidernet.spiderpool.controller.reconcile.SubnetWorld.list;
import static io.spidernet.spiderpool.controller.reconcile.SubnetWorld.subnetV4;
import static io.spidernet.spiderpool.controller.reconcile.SubnetWorld.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.spidernet.spiderpool.controller.reconcile.SubnetWorld.Kind;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.selection.NicRequest;
import io.spidernet.spiderpool.core.selection.PodFacts;
import io.spidernet.spiderpool.core.selection.PoolFilters;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The application reconcilers and the pool sweep against fabric8's CRUD API server, by upstream's I-cases. */
@EnableKubernetesMockClient(crud = true)
class AutoPoolReconcilersTest {
    private static final String CIDR = "10.6.0.0/24";
    private static final String RECLAIM = SpiderpoolAnnotations.IPPOOL_RECLAIM;
    private static final String IP_NUMBER = SpiderpoolAnnotations.IPPOOL_IP_NUMBER;
    KubernetesClient client;
    private SubnetWorld world;

    @BeforeEach
    void world() {
        world = new SubnetWorld(client);
        world.subnet("s4", CIDR, list("10.6.0.10-10.6.0.50"), list());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void I00003_I00014_createScaleUpScaleDownAndDeleteForEveryControllerType(Kind kind) {
        HasMetadata app = world.app(kind, "web", 2, subnetV4("s4"));
        world.reconcile(kind, app, false);
        SpiderIPPool pool = world.onlyPoolOf("web");
        String name = pool.getMetadata().getName();
        assertThat(ipsOf(pool)).as("replicas 2 +1").isEqualTo(ips("10.6.0.10-10.6.0.12"));
        assertThat(world.recorded("s4", name)).isEqualTo(ipsOf(pool));
        assertThat(world.subnet("s4").getStatus().getAllocatedIPCount()).isEqualTo(3L);
        assertThat(pool.getMetadata().getLabels()).containsEntry(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_KIND, app.getKind())
                .containsEntry(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_UID, app.getMetadata().getUid());

        world.reconcile(kind, world.scaled(kind, app, 4), false);
        assertThat(ipsOf(world.pool(name))).as("scaled up keeps its IPs").isEqualTo(ips("10.6.0.10-10.6.0.14"));

        world.allocate(name, "10.6.0.11", "10.6.0.13");
        world.reconcile(kind, world.scaled(kind, app, 1), false);
        assertThat(ipsOf(world.pool(name))).as("scaled down keeps the IPs pods hold").isEqualTo(ips("10.6.0.11", "10.6.0.13"));
        assertThat(world.subnet("s4").getStatus().getAllocatedIPCount()).isEqualTo(2L);
        world.allocate(name);

        world.delete(kind, app);
        world.finishDeletions("s4");
        assertThat(world.allPools()).isEmpty();
        assertThat(world.subnet("s4").getStatus().getControlledIPPools()).isNull();
        assertThat(world.free("s4")).isEqualTo(ips("10.6.0.10-10.6.0.50"));
    }

    @Test
    void I00004_theSubnetsExcludeIpsAreNeverHandedOut() {
        world.subnet("ex", "10.7.0.0/24", list("10.7.0.10-10.7.0.20"), list("10.7.0.10-10.7.0.12"));
        assertThat(world.subnet("ex").getStatus().getTotalIPCount()).isEqualTo(8L);

        world.sync.sync(world.app(Kind.DEPLOYMENT, "web", 2, subnetV4("ex")));

        assertThat(ipsOf(world.onlyPoolOf("web"))).isEqualTo(ips("10.7.0.13-10.7.0.15"));
    }

    @Test
    void I00006_I00007_repeatedAutoAndManualPoolCyclesGiveEveryIpBack() {
        for (int round = 0; round < 3; round++) {
            HasMetadata app = world.app(Kind.DEPLOYMENT, "web", 3, subnetV4("s4"));
            world.sync.sync(app);
            world.create(world.manualPool("manual", CIDR, list("10.6.0.40-10.6.0.45")));
            world.subnets.reconcile(world.subnet("s4"));
            assertThat(world.subnet("s4").getStatus().getAllocatedIPCount()).isEqualTo(10L);

            world.delete(Kind.DEPLOYMENT, app);
            client.resource(world.pool("manual")).delete();
            world.finishDeletions("s4");

            assertThat(world.allPools()).isEmpty();
            assertThat(world.subnet("s4").getStatus().getAllocatedIPCount()).isZero();
            assertThat(world.free("s4")).isEqualTo(ips("10.6.0.10-10.6.0.50"));
        }
    }

    @Test
    void I00008_repeatedScalingSettlesOnReplicasPlusSpare() {
        HasMetadata app = world.app(Kind.DEPLOYMENT, "web", 1, subnetV4("s4"));
        for (int replicas : new int[] {5, 2, 7, 1, 3}) {
            world.sync.sync(world.scaled(Kind.DEPLOYMENT, app, replicas));
        }
        SpiderIPPool pool = world.onlyPoolOf("web");
        assertThat(ipsOf(pool).size()).hasToString("4");
        assertThat(world.recorded("s4", pool.getMetadata().getName())).isEqualTo(ipsOf(pool));
        assertThat(world.subnet("s4").getStatus().getAllocatedIPCount()).isEqualTo(4L);
    }

    @Test
    void I00011_reservedIpsAreNeverHandedToAutoPools() {
        world.reserve("r", "10.6.0.10-10.6.0.11");

        world.sync.sync(world.app(Kind.DEPLOYMENT, "web", 1, subnetV4("s4")));

        assertThat(ipsOf(world.onlyPoolOf("web"))).isEqualTo(ips("10.6.0.12-10.6.0.13"));
    }

    @Test
    void I00012_I00021_oneAutoPoolPerNicAndSameNameAppsInOtherNamespacesGetTheirOwn() {
        world.subnet("s4b", "10.8.0.0/24", list("10.8.0.10-10.8.0.50"), list());
        Map<String, String> nics = Map.of(SpiderpoolAnnotations.SUBNETS,
                "[{\"interface\":\"eth0\",\"ipv4\":[\"s4\"]},{\"interface\":\"net1\",\"ipv4\":[\"s4b\"]}]");

        world.sync.sync(SubnetWorld.randomUid(world.app(Kind.DEPLOYMENT, "team-a", "web", 1, nics)));
        world.sync.sync(SubnetWorld.randomUid(world.app(Kind.DEPLOYMENT, "team-b", "web", 1, nics)));

        List<SpiderIPPool> pools = world.poolsOf("web");
        assertThat(pools).hasSize(4);
        assertThat(pools).extracting(p -> p.getMetadata().getLabels().get(SpiderpoolAnnotations.LABEL_INTERFACE))
                .containsExactlyInAnyOrder("eth0", "eth0", "net1", "net1");
        assertThat(pools.stream().map(p -> p.getMetadata().getName()).distinct()).hasSize(4);
        assertThat(world.free("s4")).isEqualTo(ips("10.6.0.14-10.6.0.50"));
        assertThat(world.free("s4b")).isEqualTo(ips("10.8.0.14-10.8.0.50"));
    }

    @Test
    void I00013_I00020_thePoolServesItsApplicationsPodsAndNoOtherApplications() {
        HasMetadata web = world.app(Kind.DEPLOYMENT, "web", 2, with(subnetV4("s4"), IP_NUMBER, "+2"));
        world.sync.sync(web);
        world.sync.sync(world.app(Kind.DEPLOYMENT, "api", 1, subnetV4("s4")));
        SpiderIPPool pool = world.onlyPoolOf("web");
        assertThat(ipsOf(pool).size()).as("2 replicas + 2 spare").hasToString("4");
        assertThat(ipsOf(pool).overlaps(ipsOf(world.onlyPoolOf("api")))).isFalse();

        assertThat(podFilter(pool, podOf(web))).isEmpty();
        HasMetadata other = world.app(Kind.DEPLOYMENT, "other", 1, Map.of());
        assertThat(podFilter(pool, podOf(other))).as("the spare IPs are not for other applications").isPresent();
    }

    @Test
    void I00015_I00016_aKeptPoolPassesToTheSameKindAndNameOnly() {
        Map<String, String> keep = with(subnetV4("s4"), RECLAIM, "false");
        HasMetadata first = SubnetWorld.randomUid(world.app(Kind.DEPLOYMENT, "web", 2, keep));
        world.sync.sync(first);
        SpiderIPPool kept = world.onlyPoolOf("web");
        world.delete(Kind.DEPLOYMENT, first);
        world.finishDeletions("s4");
        assertThat(world.pool(kept.getMetadata().getName())).as("reclaim=false keeps it").isNotNull();

        HasMetadata sts = SubnetWorld.randomUid(world.app(Kind.STATEFULSET, "web", 2, keep));
        world.sync.sync(sts);
        assertThat(world.poolsOf("web")).as("another kind gets a pool of its own").hasSize(2);

        HasMetadata again = SubnetWorld.randomUid(world.app(Kind.DEPLOYMENT, "web", 2, keep));
        world.sync.sync(again);
        SpiderIPPool reused = world.pool(kept.getMetadata().getName());
        assertThat(world.poolsOf("web")).hasSize(2);
        assertThat(ipsOf(reused)).isEqualTo(ipsOf(kept));
        assertThat(reused.getMetadata().getLabels())
                .containsEntry(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_UID, again.getMetadata().getUid());
    }

    @Test
    void I00017_aVeryLongApplicationNameStillGetsAValidPoolName() {
        String name = "a".repeat(240);

        world.sync.sync(world.app(Kind.DEPLOYMENT, name, 1, subnetV4("s4")));

        SpiderIPPool pool = world.onlyPoolOf(name);
        assertThat(pool.getMetadata().getName()).hasSizeLessThanOrEqualTo(253).startsWith("auto4-aaa").contains("-eth0-");
    }

    @Test
    void I00019_switchingReclaimToTrueMakesTheApplicationsDeleteTakeThePool() {
        HasMetadata app = world.app(Kind.DEPLOYMENT, "web", 1, with(subnetV4("s4"), RECLAIM, "false"));
        world.sync.sync(app);
        HasMetadata reclaiming = world.reannotated(Kind.DEPLOYMENT, app, 1, with(subnetV4("s4"), RECLAIM, "true"));
        world.sync.sync(reclaiming);
        assertThat(world.onlyPoolOf("web").getMetadata().getLabels()).containsEntry(SpiderpoolAnnotations.LABEL_IPPOOL_RECLAIM, "true");

        world.delete(Kind.DEPLOYMENT, reclaiming);
        world.finishDeletions("s4");

        assertThat(world.poolsOf("web")).isEmpty();
    }

    @Test
    void insufficientSubnetIpsWarnOnTheWorkloadWithSubnetWantedAndFree() {
        world.subnet("tiny", "10.9.0.0/24", list("10.9.0.10-10.9.0.12"), list());

        var again = world.sync.sync(world.app(Kind.DEPLOYMENT, "big", 4, subnetV4("tiny")));

        assertThat(again).as("comes back once IPs may have freed up").isPresent();
        assertThat(world.poolsOf("big")).isEmpty();
        assertThat(world.warnings("InsufficientSubnetIPs")).singleElement().satisfies(e -> {
            assertThat(e.getInvolvedObject().getKind()).isEqualTo("Deployment");
            assertThat(e.getMessage()).contains("SpiderSubnet tiny").contains("needs 5 more").contains("only 3 free");
        });
    }

    @Test
    void I00023_aBarePodGetsNoAutoPoolButAWarning() {
        var pod = client.resource(new PodBuilder().withNewMetadata().withNamespace(SubnetWorld.NS).withName("lonely")
                .withAnnotations(subnetV4("s4")).endMetadata().build()).create();

        world.sync.sync(pod);

        assertThat(world.allPools()).isEmpty();
        assertThat(world.warnings("InvalidAutoPoolRequest")).singleElement()
                .satisfies(e -> assertThat(e.getMessage()).contains("has no controller"));
    }

    @Test
    void I00024_nothingIsCreatedWhenAutoPoolsAreOff() {
        SubnetWorld off = new SubnetWorld(client, SpiderpoolConf.defaults().withSpiderSubnet(true, false));

        off.sync.sync(off.app(Kind.DEPLOYMENT, "web", 2, subnetV4("s4")));

        assertThat(off.allPools()).isEmpty();
        assertThat(off.subnet("s4").getStatus().getAllocatedIPCount()).isZero();
    }

    @Test
    void topLevelOnlyAReplicaSetOfADeploymentAndAJobOfACronJobGetNoPoolOfTheirOwn() {
        HasMetadata rs = SubnetWorld.object(Kind.REPLICASET, SubnetWorld.NS, "web-5d8f", 2, subnetV4("s4"));
        rs.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                .withName("web").withUid("d-uid").withController(true).build()));
        HasMetadata job = SubnetWorld.object(Kind.JOB, SubnetWorld.NS, "nightly-123", 1, subnetV4("s4"));
        job.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("CronJob")
                .withName("nightly").withUid("c-uid").withController(true).build()));

        world.reconcile(Kind.REPLICASET, client.resource(rs).create(), false);
        world.reconcile(Kind.JOB, client.resource(job).create(), false);

        assertThat(world.allPools()).isEmpty();
    }

    @Test
    void sweep_aReclaimablePoolWhoseApplicationIsGoneOrReplacedIsDeletedWhenUnused() {
        HasMetadata gone = world.app(Kind.DEPLOYMENT, "gone", 1, subnetV4("s4"));
        HasMetadata replaced = world.app(Kind.DEPLOYMENT, "replaced", 1, subnetV4("s4"));
        HasMetadata alive = world.app(Kind.DEPLOYMENT, "alive", 1, subnetV4("s4"));
        HasMetadata busy = world.app(Kind.DEPLOYMENT, "busy", 1, subnetV4("s4"));
        HasMetadata kept = world.app(Kind.DEPLOYMENT, "kept", 1, with(subnetV4("s4"), RECLAIM, "false"));
        List.of(gone, replaced, alive, busy, kept).forEach(world.sync::sync);
        world.allocate(world.onlyPoolOf("busy").getMetadata().getName(), ipsOf(world.onlyPoolOf("busy")).toStrings().getFirst());
        // deleted while no controller was watching: no delete event reaches the application reconcilers
        List.of(gone, replaced, busy, kept).forEach(a -> client.resource(a).delete());
        world.app(Kind.DEPLOYMENT, "replaced", 1, subnetV4("s4"));

        world.allPools().forEach(world.pools::reconcile);
        world.finishDeletions("s4");

        assertThat(world.allPools()).extracting(p -> p.getMetadata().getLabels().get(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_NAME))
                .containsExactlyInAnyOrder("alive", "busy", "kept");
        assertThat(world.subnet("s4").getStatus().getAllocatedIPCount()).isEqualTo(6L);
    }

    private static Optional<String> podFilter(SpiderIPPool pool, PodFacts.TopController top) {
        PodFacts facts = new PodFacts(SubnetWorld.NS, "pod-0", Map.of(), Map.of(), "node-1", Map.of(), top);
        PoolFilters.Context ctx = new PoolFilters.Context(facts, new NicRequest("eth0", List.of(), List.of(), false, null),
                IpFamily.V4, "kube-system", false, List.of());
        return PoolFilters.CHAIN.stream().filter(f -> f.name().equals("pod")).findFirst().orElseThrow()
                .refusal().apply(pool, ctx);
    }

    /** A pod of the Deployment, as the agent resolves its top controller. */
    private static PodFacts.TopController podOf(HasMetadata deployment) {
        return new PodFacts.TopController("apps", "apps/v1", "Deployment", deployment.getMetadata().getNamespace(),
                deployment.getMetadata().getName(), deployment.getMetadata().getUid());
    }
}
