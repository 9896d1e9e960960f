package io.spidernet.spiderpool.controller.gc;

import static io.spidernet.spiderpool.controller.gc.GcCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.gc.GcSettings;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pod tracing against fabric8's CRUD API server: the pod informer's events become trace entries
 * ({@link PodEventHandler}) and the trace workers free them once their time is up. Upstream's cases by id.
 */
@EnableKubernetesMockClient(crud = true)
class TraceWorkersTest {
    KubernetesClient client; // an instance field: a fresh API server per test

    private final TestClock clock = new TestClock(Instant.parse("2026-11-28T00:00:00Z"));
    private final SpiderpoolConf conf = SpiderpoolConf.defaults();
    private final GcSettings settings = GcSettings.defaults();
    private GcCluster cluster;
    private ApiFacts api;
    private GcReleaser releaser;
    private TraceDb traces;
    private TraceWorkers workers;
    private volatile ClusterFactsSource facts;
    private GcCaches caches;

    @BeforeEach
    void cluster() throws Exception {
        cluster = new GcCluster(client);
        cluster.pool("pool-a", "10.8.0.0/24", "10.8.0.1-10.8.0.50");
        cluster.node("node-1", true);
        api = new ApiFacts(client);
        facts = api;
        releaser = new GcReleaser(cluster.engine(), new EndpointRelease(client), new SimpleMeterRegistry());
        traces = new TraceDb(settings.traceDbCapacity());
        workers = new TraceWorkers(traces, api, releaser, conf, settings, clock);
        // as the collector wires it: the handler reads the caches once they are up
        caches = GcCaches.start(client, new PodEventHandler(() -> facts, traces, conf, settings, clock), Duration.ofMinutes(2));
        facts = caches;
    }

    @AfterEach
    void stop() {
        workers.close();
        caches.close();
    }

    @Test
    void G00004_aPodDeletedWithGraceZeroIsFreedByPodTracing() throws Exception {
        Pod p = cluster.runningPod("team", "quick", "10.8.0.8");
        cluster.allocated("pool-a", "10.8.0.8", p);
        await(() -> traces.size() == 0 && cluster.endpoint("team", "quick") != null);
        cluster.deletePod("team", "quick");
        await(() -> traces.size() == 1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(workers.round()).isEqualTo(1);

        assertThat(cluster.records("pool-a")).isEmpty();
        assertThat(cluster.endpoint("team", "quick").getMetadata().getFinalizers()).isNullOrEmpty();
    }

    @Test
    void G00006_finishedJobPodsAreFreedOnceTheirGracePeriodIsOver() throws Exception {
        Pod job = cluster.runningPod("batch", "job-x-1", "10.8.0.9");
        cluster.allocated("pool-a", "10.8.0.9", job);
        cluster.finished("batch", "job-x-1", "Succeeded", clock.instant(), 30);
        await(() -> traces.size() == 1);

        ScanPass.Plan scan = new ScanPass(conf, settings).plan(caches.pools(), caches, api, clock.instant());
        assertThat(releaser.apply(scan).released()).as("the scan leaves a finished stateless pod to its trace").isZero();
        clock.advance(Duration.ofSeconds(20));
        assertThat(workers.round()).as("within terminationGracePeriodSeconds").isZero();
        assertThat(cluster.records("pool-a")).containsKey("10.8.0.9");

        clock.advance(Duration.ofSeconds(11));
        assertThat(workers.round()).isEqualTo(1);
        assertThat(cluster.records("pool-a")).isEmpty();
    }
}
