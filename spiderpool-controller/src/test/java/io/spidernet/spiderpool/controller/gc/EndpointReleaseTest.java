package io.spidernet.spiderpool.controller.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import org.junit.jupiter.api.Test;

/** A judged SpiderEndpoint is released only while it still records the judged pod. */
@EnableKubernetesMockClient(crud = true)
class EndpointReleaseTest {
    KubernetesClient client; // an instance field: a fresh API server per test

    @Test
    void anEndpointRewrittenForANewPodSinceItWasJudgedKeepsItsFinalizer() {
        GcCluster cluster = new GcCluster(client);
        cluster.pool("pool-a", "10.8.0.0/24", "10.8.0.1-10.8.0.50");
        Pod old = cluster.runningPod("team", "web-0", "10.8.0.60");
        cluster.allocated("pool-a", "10.8.0.60", old);
        SpiderEndpoint judged = cluster.endpoint("team", "web-0");
        cluster.deletePod("team", "web-0");
        // a new pod of that name got its ADD in between: the agent rewrote the endpoint for its UID
        Pod again = cluster.runningPod("team", "web-0", "10.8.0.61");
        cluster.allocated("pool-a", "10.8.0.61", again);

        assertThat(new EndpointRelease(client).release(judged, false)).isFalse();

        SpiderEndpoint now = cluster.endpoint("team", "web-0");
        assertThat(now.getStatus().current().uid()).isEqualTo(again.getMetadata().getUid());
        assertThat(now.getMetadata().getFinalizers()).isNotEmpty();
    }
}
