package io.spidernet.spiderpool.controller.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.gc.GcSettings;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A scan pass judges from the caches and confirms every release with the API before it plans it. */
@EnableKubernetesMockClient(crud = true)
class ScanPassTest {
    KubernetesClient client; // an instance field: a fresh API server per test

    private GcCluster cluster;

    @BeforeEach
    void cluster() {
        cluster = new GcCluster(client);
        cluster.pool("pool-a", "10.8.0.0/24", "10.8.0.1-10.8.0.50");
        cluster.node("node-1", true);
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

        ScanPass.Plan plan = new ScanPass(SpiderpoolConf.defaults(), GcSettings.defaults())
                .plan(client.resources(SpiderIPPool.class).list().getItems(), blind, new ApiFacts(client),
                        Instant.parse("2026-11-28T00:00:00Z"));
        assertThat(plan.releases()).isEqualTo(Map.of("pool-a", Map.of("10.8.0.101", "uid-gone")));
        GcStats stats = new GcReleaser(cluster.engine(), new EndpointRelease(client), new SimpleMeterRegistry()).apply(plan);

        assertThat(stats.spared()).isEqualTo(1);
        assertThat(stats.released()).isEqualTo(1);
        assertThat(cluster.records("pool-a")).containsOnlyKeys("10.8.0.100");
        assertThat(cluster.endpoint("fresh", "pod-0").getMetadata().getFinalizers()).isNotEmpty();
    }
}
