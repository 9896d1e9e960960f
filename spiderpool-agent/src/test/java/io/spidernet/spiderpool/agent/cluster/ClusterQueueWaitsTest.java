package io.spidernet.spiderpool.agent.cluster;

import static io.spidernet.spiderpool.agent.cluster.MockCluster.add;
import static io.spidernet.spiderpool.agent.cluster.MockCluster.del;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.spidernet.spiderpool.agent.ipam.NodeApi;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Every allocation and release reports how long it waited for another call on the same record before
 * its own work began: upstream's "limit duration" metrics are fed from here.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterQueueWaitsTest {
    KubernetesClient client;

    @Test
    void eachCallReportsItsWaitUnderItsKind() {
        List<NodeApi.Call> reported = new CopyOnWriteArrayList<>();
        try (MockCluster cluster = new MockCluster(client)) {
            cluster.pool("v4", "10.6.0.0/24", "10.6.0.10-10.6.0.19");
            Pod pod = cluster.deploymentPod("web", "web-1", Map.of());
            ClusterNodeService node = cluster.open(SpiderpoolConf.defaults().withFamilies(true, false), true,
                    (call, nanos) -> {
                        assertThat(nanos).isNotNegative();
                        reported.add(call);
                    });

            node.allocate(add(pod, "eth0", "v4"));
            cluster.delete(pod);
            node.release(del(pod, "eth0"));
        }
        assertThat(reported).containsExactly(NodeApi.Call.ALLOCATION, NodeApi.Call.RELEASE);
    }
}
