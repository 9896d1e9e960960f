package io.spidernet.spiderpool.controller.gc;

import static io.spidernet.spiderpool.controller.gc.GcCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spidernet.spiderpool.core.allocation.AllocatedIpsCodec;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.gc.GcSettings;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** conf.yml's enableCleanOutdatedEndpoint against fabric8's CRUD API server. */
@EnableKubernetesMockClient(crud = true)
class OutdatedEndpointSweepTest {
    KubernetesClient client; // an instance field: a fresh API server per test

    @Test
    void outdatedEndpointsGoOnlyWhenThatCleanUpIsOnAndNoPoolRecordsThem() throws Exception {
        GcCluster cluster = new GcCluster(client);
        cluster.pool("pool-a", "10.8.0.0/24", "10.8.0.1-10.8.0.50");
        cluster.node("node-1", true);
        Pod live = cluster.runningPod("team", "kept", "10.8.0.50");
        cluster.allocated("pool-a", "10.8.0.50", live);
        Pod old = cluster.runningPod("team", "stale", "10.8.0.51");
        cluster.allocated("pool-a", "10.8.0.51", old);
        // its record went (a release whose endpoint clean-up was lost), its endpoint stayed
        SpiderIPPool pool = client.resources(SpiderIPPool.class).withName("pool-a").get();
        pool.getStatus().setAllocatedIPs(AllocatedIpsCodec.encode(Map.of("10.8.0.50", cluster.records("pool-a").get("10.8.0.50"))));
        pool.getStatus().setAllocatedIPCount(1L);
        client.resource(pool).updateStatus();
        GcReleaser releaser = new GcReleaser(cluster.engine(), new EndpointRelease(client), new SimpleMeterRegistry());
        SpiderpoolConf conf = SpiderpoolConf.defaults();
        GcSettings off = GcSettings.defaults();
        ScanPass scan = new ScanPass(conf, off);
        Instant now = Instant.parse("2026-11-28T00:00:00Z");

        try (GcCaches caches = GcCaches.start(client, new PodEventHandler(() -> new ApiFacts(client), new TraceDb(10), conf, off,
                Clock.systemUTC()), Duration.ofMinutes(2))) {
            await(() -> scan.preview(caches.pools(), caches, now).size() == 1);
            assertThat(scan.plan(caches.pools(), caches, new ApiFacts(client), now).endpointsToDelete())
                    .as("the scan itself deletes no endpoint here").isEmpty();
            assertThat(new OutdatedEndpointSweep(client, off, releaser).sweep(caches)).as("clean-up off (upstream's default)").isZero();
            assertThat(cluster.endpoint("team", "stale")).isNotNull();

            assertThat(new OutdatedEndpointSweep(client, off.withCleanOutdatedEndpoint(true), releaser).sweep(caches)).isEqualTo(1);
        }
        assertThat(cluster.endpoint("team", "stale")).isNull();
        assertThat(cluster.endpoint("team", "kept")).isNotNull();
    }
}
