package io.spidernet.spiderpool.controller.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.gc.GcPreviewRow;
import io.spidernet.spiderpool.core.gc.GcSettings;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The garbage collector against fabric8's CRUD API server, records and endpoints written as the agent
 * writes them. Upstream's reclaim cases by id; the decision table itself is core's (GcScanAllRulesTest).
 */
@EnableKubernetesMockClient(crud = true)
class GarbageCollectorTest {
    KubernetesClient client; // an instance field: a fresh API server per test

    private final TestClock clock = new TestClock(Instant.parse("2026-11-28T00:00:00Z"));
    private GcCluster cluster;
    private GarbageCollector gc;

    @BeforeEach
    void cluster() {
        cluster = new GcCluster(client);
        cluster.pool("pool-a", "10.8.0.0/24", "10.8.0.1-10.8.0.50");
        cluster.node("node-1", true);
        gc = collector(GcSettings.defaults());
    }

    @AfterEach
    void stop() {
        gc.stop();
    }

    private GarbageCollector collector(GcSettings settings) {
        return new GarbageCollector(client, SpiderpoolConf.defaults(), settings, new SimpleMeterRegistry(), clock);
    }

    @Test
    void G00001_G00003_podsGoneWithoutCniDelLoseTheirAddressesAndEndpoints() {
        Pod a = cluster.runningPod("team", "web-1", "10.8.0.1");
        Pod b = cluster.runningPod("team", "web-2", "10.8.0.2");
        cluster.allocated("pool-a", "10.8.0.1", a);
        cluster.allocated("pool-a", "10.8.0.2", b);
        // the namespace went (or the Deployment): the pods are deleted, no CNI DEL ran
        cluster.deletePod("team", "web-1");
        cluster.deletePod("team", "web-2");

        GcStats stats = gc.scanAll();

        assertThat(stats.released()).isEqualTo(2);
        assertThat(cluster.records("pool-a")).isEmpty();
        assertThat(cluster.endpoint("team", "web-1")).isNull();
        assertThat(cluster.endpoint("team", "web-2")).isNull();
    }

    @Test
    void G00002_aSameNamePodInAnotherNamespaceKeepsItsAddress() {
        Pod here = cluster.runningPod("ns-1", "app", "10.8.0.3");
        Pod there = cluster.runningPod("ns-2", "app", "10.8.0.4");
        cluster.allocated("pool-a", "10.8.0.3", here);
        cluster.allocated("pool-a", "10.8.0.4", there);
        cluster.deletePod("ns-1", "app");

        gc.scanAll();

        assertThat(cluster.records("pool-a")).containsOnlyKeys("10.8.0.4");
        assertThat(cluster.endpoint("ns-2", "app")).isNotNull();
    }

    @Test
    void G00005_G00007_dirtyRecordsGoAndTheLivePodsStay() {
        Pod live = cluster.runningPod("team", "api-1", "10.8.0.5");
        cluster.allocated("pool-a", "10.8.0.5", live);
        cluster.recordOnly("pool-a", "10.8.0.6", "team/no-such-pod", "uid-x");
        cluster.recordOnly("pool-a", "10.8.0.7", "team/api-1", "an-old-uid");

        GcStats stats = gc.scanAll();

        assertThat(stats.released()).isEqualTo(2);
        assertThat(cluster.records("pool-a")).containsOnlyKeys("10.8.0.5");
        assertThat(cluster.records("pool-a").get("10.8.0.5").podUid()).isEqualTo(live.getMetadata().getUid());
    }

    @Test
    void G00004_aPodDeletedWithGraceZeroIsFreedByPodTracing() throws Exception {
        gc.startCaches();
        Pod p = cluster.runningPod("team", "quick", "10.8.0.8");
        cluster.allocated("pool-a", "10.8.0.8", p);
        await(() -> gc.tracedPods() == 0 && cluster.endpoint("team", "quick") != null);
        cluster.deletePod("team", "quick");
        await(() -> gc.tracedPods() == 1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(gc.traceRound()).isEqualTo(1);

        assertThat(cluster.records("pool-a")).isEmpty();
        assertThat(cluster.endpoint("team", "quick").getMetadata().getFinalizers()).isNullOrEmpty();
    }

    @Test
    void G00006_finishedJobPodsAreFreedOnceTheirGracePeriodIsOver() throws Exception {
        gc.startCaches();
        Pod job = cluster.runningPod("batch", "job-x-1", "10.8.0.9");
        cluster.allocated("pool-a", "10.8.0.9", job);
        cluster.finished("batch", "job-x-1", "Succeeded", clock.instant(), 30);
        await(() -> gc.tracedPods() == 1);

        assertThat(gc.scanAll().released()).as("the scan leaves a finished stateless pod to its trace").isZero();
        clock.advance(Duration.ofSeconds(20));
        assertThat(gc.traceRound()).as("within terminationGracePeriodSeconds").isZero();
        assertThat(cluster.records("pool-a")).containsKey("10.8.0.9");

        clock.advance(Duration.ofSeconds(11));
        assertThat(gc.traceRound()).isEqualTo(1);
        assertThat(cluster.records("pool-a")).isEmpty();
    }

    @Test
    void G00009_aTerminatingPodOnANotReadyNodeIsFreedAfterItsGraceOnlyWhenThatGateIsOn() {
        cluster.node("node-1", false);
        Pod p = cluster.runningPod("team", "stuck", "10.8.0.10");
        cluster.allocated("pool-a", "10.8.0.10", p);
        cluster.terminating("team", "stuck", clock.instant(), 30);
        clock.advance(Duration.ofSeconds(31));

        GarbageCollector gated = collector(GcSettings.defaults().withNodeGates(true, false));
        assertThat(gated.scanAll().released()).isZero();
        assertThat(cluster.records("pool-a")).containsKey("10.8.0.10");

        assertThat(gc.scanAll().released()).isEqualTo(1);
        assertThat(cluster.records("pool-a")).isEmpty();
    }

    @Test
    void G00010_aStatefulSetScaledDownFreesTheOrdinalsBeyondItsReplicasOnly() {
        cluster.statefulSet("db", "pg", 3);
        Pod p0 = cluster.statefulPod("db", "pg", 0, "10.8.0.20");
        Pod p2 = cluster.statefulPod("db", "pg", 2, "10.8.0.22");
        cluster.allocated("pool-a", "10.8.0.20", p0);
        cluster.allocated("pool-a", "10.8.0.22", p2);
        cluster.deletePod("db", "pg-0"); // restarting: its slot stays valid
        cluster.deletePod("db", "pg-2");
        cluster.statefulSet("db", "pg", 2);

        gc.scanAll();

        assertThat(cluster.records("pool-a")).containsOnlyKeys("10.8.0.20");
        assertThat(cluster.endpoint("db", "pg-0")).isNotNull();
        assertThat(cluster.endpoint("db", "pg-2")).isNull();
    }

    @Test
    void G00008_aRestartedCollectorFinishesWhatTheOldOneLeft() {
        Pod p = cluster.runningPod("team", "orphan", "10.8.0.30");
        cluster.allocated("pool-a", "10.8.0.30", p);
        cluster.deletePod("team", "orphan");
        gc.stop(); // the old leader is gone before it scanned

        assertThat(collector(GcSettings.defaults()).scanAll().released()).isEqualTo(1);
        assertThat(cluster.records("pool-a")).isEmpty();
    }

    @Test
    void aStaleCacheNeverCostsANewPodItsAddress() {
        Pod p = cluster.runningPod("fresh", "pod-0", "10.8.0.100");
        cluster.allocated("pool-a", "10.8.0.100", p);
        cluster.recordOnly("pool-a", "10.8.0.101", "fresh/gone", "uid-gone");
        // caches that have not seen the new pod or its endpoint yet: by them, both records look leaked
        ClusterFactsSource blind = new ApiFacts(client) {
            @Override
            public Optional<Pod> pod(String namespace, String name) {
                return Optional.empty();
            }

            @Override
            public Optional<SpiderEndpoint> endpoint(String namespace, String name) {
                return Optional.empty();
            }
        };

        GcStats stats = gc.scanAll(blind, client.resources(SpiderIPPool.class).list().getItems());

        assertThat(stats.spared()).isEqualTo(1);
        assertThat(stats.released()).isEqualTo(1);
        assertThat(cluster.records("pool-a")).containsOnlyKeys("10.8.0.100");
        assertThat(cluster.endpoint("fresh", "pod-0").getMetadata().getFinalizers()).isNotEmpty();
    }

    @Test
    void outdatedEndpointsGoOnlyWhenThatCleanUpIsOnAndNoPoolRecordsThem() throws Exception {
        Pod live = cluster.runningPod("team", "kept", "10.8.0.50");
        cluster.allocated("pool-a", "10.8.0.50", live);
        Pod old = cluster.runningPod("team", "stale", "10.8.0.51");
        cluster.allocated("pool-a", "10.8.0.51", old);
        // its record went (a release whose endpoint clean-up was lost), its endpoint stayed
        SpiderIPPool pool = client.resources(SpiderIPPool.class).withName("pool-a").get();
        pool.getStatus().setAllocatedIPs(io.spidernet.spiderpool.core.allocation.AllocatedIpsCodec.encode(
                java.util.Map.of("10.8.0.50", cluster.records("pool-a").get("10.8.0.50"))));
        pool.getStatus().setAllocatedIPCount(1L);
        client.resource(pool).updateStatus();

        gc.startCaches();
        await(() -> gc.preview().size() == 1);
        assertThat(gc.scanAll().endpoints()).as("clean-up off (upstream's default)").isZero();
        assertThat(cluster.endpoint("team", "stale")).isNotNull();

        GarbageCollector cleaning = collector(GcSettings.defaults().withCleanOutdatedEndpoint(true));
        cleaning.startCaches();
        try {
            await(() -> cleaning.preview().size() == 1);
            assertThat(cleaning.scanAll().endpoints()).isEqualTo(1);
        } finally {
            cleaning.stop();
        }
        assertThat(cluster.endpoint("team", "stale")).isNull();
        assertThat(cluster.endpoint("team", "kept")).isNotNull();
    }

    @Test
    void anEndpointRewrittenForANewPodSinceItWasJudgedKeepsItsFinalizer() {
        Pod old = cluster.runningPod("team", "web-0", "10.8.0.60");
        cluster.allocated("pool-a", "10.8.0.60", old);
        SpiderEndpoint judged = cluster.endpoint("team", "web-0");
        cluster.deletePod("team", "web-0");
        // a new pod of that name got its ADD in between: the agent rewrote the endpoint for its UID
        Pod again = cluster.runningPod("team", "web-0", "10.8.0.61");
        cluster.allocated("pool-a", "10.8.0.61", again);

        assertThat(new GcWrites(client).releaseEndpoint(judged, false)).isFalse();

        SpiderEndpoint now = cluster.endpoint("team", "web-0");
        assertThat(now.getStatus().current().uid()).isEqualTo(again.getMetadata().getUid());
        assertThat(now.getMetadata().getFinalizers()).isNotEmpty();
    }

    @Test
    void thePreviewSaysWhatAScanWouldFreeAndWhyWithoutFreeingIt() {
        Pod live = cluster.runningPod("team", "kept", "10.8.0.40");
        cluster.allocated("pool-a", "10.8.0.40", live);
        cluster.recordOnly("pool-a", "10.8.0.41", "team/ghost", "uid-ghost");

        List<GcPreviewRow> rows = gc.preview();

        assertThat(rows).extracting(GcPreviewRow::ip, GcPreviewRow::verdict)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("10.8.0.40", "Keep"),
                        org.assertj.core.groups.Tuple.tuple("10.8.0.41", "Release"));
        assertThat(rows.get(1).reason()).contains("team/ghost").contains("10.8.0.41");
        assertThat(cluster.records("pool-a")).containsKeys("10.8.0.40", "10.8.0.41");
    }

    @Test
    void aReleaseRacingAnAgentKeepsTheAgentsNewRecords() throws Exception {
        for (int i = 0; i < 20; i++) {
            cluster.recordOnly("pool-a", "10.8.0." + (1 + i), "gone/pod-" + i, UUID.randomUUID().toString());
        }
        Thread agent = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 20; i++) {
                cluster.allocated("pool-a", "10.8.0." + (30 + i), cluster.runningPod("live", "pod-" + i, "10.8.0." + (30 + i)));
            }
        });
        gc.scanAll();
        agent.join();

        gc.scanAll();
        assertThat(cluster.records("pool-a")).hasSize(20).allSatisfy((ip, r) -> assertThat(r.pod()).startsWith("live/"));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
