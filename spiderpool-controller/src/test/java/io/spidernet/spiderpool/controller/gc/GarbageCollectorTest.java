package io.spidernet.spiderpool.controller.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.gc.GcPreviewRow;
import io.spidernet.spiderpool.core.gc.GcSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The garbage collector against fabric8's CRUD API server, records and endpoints written as the agent
 * writes them, driven through its public passes. Upstream's reclaim cases by id (pod tracing's in
 * TraceWorkersTest); the decision table itself is core's (GcScanAllRulesTest).
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
        return new GarbageCollector(client, cluster.engine(), SpiderpoolConf.defaults(), settings, new SimpleMeterRegistry(), clock);
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
}
