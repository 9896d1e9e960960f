package io.spidernet.spiderpool.agent.cluster;

import static io.spidernet.spiderpool.agent.cluster.MockCluster.NS;
import static io.spidernet.spiderpool.agent.cluster.MockCluster.add;
import static io.spidernet.spiderpool.agent.cluster.MockCluster.del;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One agent serving many short-lived pods must not keep something per pod: the copies of the
 * SpiderEndpoints and pools it wrote ({@link VersionedCopies}) go once the informer has them or
 * their deletion. 20 000 distinct pods are added and deleted through the real service on the CRUD
 * mock, as Kubernetes drives them (ADD, the pod deleted, DEL, its garbage collector taking the
 * finalizer-free record), and the copies held are sampled after every lifecycle.
 */
@EnableKubernetesMockClient(crud = true)
class PodLifecyclesMemoryTest {
    private static final int LIFECYCLES = 20_000;
    /**
     * Far below the backstop ({@link VersionedCopies#MAX_ENTRIES}), so only the informer-driven
     * eviction can keep the map under it: copies live as long as the informer lags, a few lifecycles
     * on the mock (21 to 30 held at most in runs on a loaded 2-core machine), with room for a slower one.
     */
    private static final int BOUND = 256;
    /** Pods in flight at once, as a node starting and stopping several pods has. */
    private static final int CONCURRENT = 4;
    private static final Pattern AWAITING = Pattern.compile("awaiting the informer: (\\d+) SpiderEndpoints, (\\d+) SpiderIPPools");

    KubernetesClient client;

    @Test
    void twentyThousandPodLifecyclesKeepTheCopiesBounded() throws Exception {
        try (MockCluster cluster = new MockCluster(client);
             ExecutorService kubelets = Executors.newFixedThreadPool(CONCURRENT)) {
            cluster.pool("v4", "10.6.0.0/24", "10.6.0.10-10.6.0.250");
            ClusterNodeService node = cluster.open(SpiderpoolConf.defaults().withFamilies(true, false));
            AtomicInteger max = new AtomicInteger();
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int k = 0; k < CONCURRENT; k++) {
                int first = k * (LIFECYCLES / CONCURRENT);
                done.add(kubelets.submit(() -> {
                    for (int i = first; i < first + LIFECYCLES / CONCURRENT; i++) {
                        lifecycle(cluster, node, "p-" + i);
                        max.accumulateAndGet(awaiting(node), Math::max);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            System.out.printf("%d pod lifecycles (%d at a time) in %d s: at most %d written copies held (bound %d,"
                    + " backstop %d)%n", LIFECYCLES, CONCURRENT, (System.nanoTime() - t0) / 1_000_000_000L, max.get(), BOUND,
                    VersionedCopies.MAX_ENTRIES);
            assertThat(max.get()).isLessThanOrEqualTo(BOUND);
        }
    }

    /** ADD, the pod deleted, the runtime's DEL, and the garbage collector taking the finalizer-free record. */
    private void lifecycle(MockCluster cluster, ClusterNodeService node, String name) {
        Pod pod = cluster.pod(name, null, Map.of());
        node.allocate(add(pod, "eth0", "v4"));
        cluster.delete(pod);
        assertThat(node.release(del(pod, "eth0")).getReleasedCount()).isEqualTo(1);
        client.resources(SpiderEndpoint.class).inNamespace(NS).withName(name).delete();
    }

    /** The copies held, as the agent reports them in its status line. */
    private static int awaiting(ClusterNodeService node) {
        Matcher m = AWAITING.matcher(node.describe());
        assertThat(m.find()).as(node.describe()).isTrue();
        return Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2));
    }
}
