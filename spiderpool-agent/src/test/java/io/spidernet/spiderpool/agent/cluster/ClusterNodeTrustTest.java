package io.spidernet.spiderpool.agent.cluster;

import static io.spidernet.spiderpool.agent.cluster.MockCluster.NS;
import static io.spidernet.spiderpool.agent.cluster.MockCluster.add;
import static io.spidernet.spiderpool.agent.cluster.MockCluster.del;
import static io.spidernet.spiderpool.agent.cluster.MockCluster.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.spidernet.spiderpool.agent.ipam.NodeFailure;
import io.spidernet.spiderpool.api.agent.v1.CheckRequest;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.PodIdentity;
import io.spidernet.spiderpool.api.agent.v1.ReleaseAllRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseRequest;
import io.spidernet.spiderpool.core.allocation.AllocationRecord;
import io.spidernet.spiderpool.core.allocation.PoolLedger;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster store's trust boundary (issue 10): an agent acts only on pods of its own node, named
 * with their UID, and never frees a record another node's pod holds; DEL stays idempotent and
 * tolerant while doing so.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterNodeTrustTest {
    private static final SpiderpoolConf V4_ONLY = SpiderpoolConf.defaults().withFamilies(true, false);

    KubernetesClient client;
    private MockCluster cluster;

    @BeforeEach
    void cluster() {
        cluster = new MockCluster(client);
        cluster.pool("v4", "10.6.0.0/24", "10.6.0.10-10.6.0.19");
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private Pod onNodeB(String name) {
        return client.pods().inNamespace(NS).resource(new PodBuilder(cluster.pod(name, null, Map.of()))
                .editSpec().withNodeName("node-b").endSpec().build()).update();
    }

    private static PodIdentity withoutUid(Pod pod) {
        return identity(pod).toBuilder().clearUid().build();
    }

    private static void refused(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(NodeFailure.class,
                f -> assertThat(f.kind()).isEqualTo(Failure.Kind.WRONG_INPUT)).hasMessageContaining(message);
    }

    @Test
    void anEmptyUidIsRefusedForAddCheckAndReleaseAll() {
        Pod pod = cluster.pod("web-1", null, Map.of());
        ClusterNodeService node = cluster.open(V4_ONLY);
        String why = "pod UID (K8S_POD_UID in CNI_ARGS) is empty for pod ns/web-1";

        refused(() -> node.allocate(add(pod, "eth0", "v4").toBuilder().setPod(withoutUid(pod)).build()), why);
        refused(() -> node.check(CheckRequest.newBuilder().setContainerId("c").setIfName("eth0").setPod(withoutUid(pod)).build()), why);
        refused(() -> node.releaseAll(ReleaseAllRequest.newBuilder().setContainerId("c").setPod(withoutUid(pod)).build()), why);
        assertThat(ledger()).isEmpty();
    }

    @Test
    void aDelWithoutUidFreesNothingAndSucceeds() {
        Pod pod = cluster.pod("web-1", null, Map.of());
        ClusterNodeService node = cluster.open(V4_ONLY);
        node.allocate(add(pod, "eth0", "v4"));
        // terminated for good, still in the API: a DEL naming it by name alone used to free it
        Pod dead = client.pods().inNamespace(NS).resource(new PodBuilder(pod).editSpec().withRestartPolicy("Never").endSpec()
                .editStatus().withPhase("Failed").endStatus().build()).update();

        ReleaseRequest nameOnly = del(dead, "eth0").toBuilder().setPod(withoutUid(dead)).build();
        assertThat(node.release(nameOnly).getReleasedList()).isEmpty();
        assertThat(ledger()).containsKey("10.6.0.10");
        assertThat(node.release(del(dead, "eth0")).getReleasedList()).as("with its UID").containsExactly("v4/10.6.0.10");
        assertThat(node.release(nameOnly).getReleasedList()).as("again, the pod gone").isEmpty();
    }

    @Test
    void aPodOfAnotherNodeIsRefusedNamingItsNode() {
        Pod elsewhere = onNodeB("far-1");
        ClusterNodeService node = cluster.open(V4_ONLY);
        String why = "pod ns/far-1 (uid " + elsewhere.getMetadata().getUid() + ") is on node node-b, not on this agent's"
                + " node node-a; only the agent of the pod's node serves it";

        refused(() -> node.allocate(add(elsewhere, "eth0", "v4")), why);
        refused(() -> node.check(CheckRequest.newBuilder().setContainerId("c").setIfName("eth0").setPod(identity(elsewhere)).build()), why);
        refused(() -> node.releaseAll(ReleaseAllRequest.newBuilder().setContainerId("c").setPod(identity(elsewhere)).build()), why);
        assertThat(ledger()).isEmpty();
    }

    @Test
    void anotherNodesLivePodIsNotFreedByReleaseAllOrDelHere() {
        Pod far = onNodeB("far-1");
        ClusterNodeService agentB = cluster.openOnNode(V4_ONLY, "node-b");
        agentB.allocate(add(far, "eth0", "v4"));
        ClusterNodeService agentA = cluster.open(V4_ONLY);

        refused(() -> agentA.releaseAll(ReleaseAllRequest.newBuilder().setContainerId("c").setPod(identity(far)).build()),
                "is on node node-b");
        Pod dead = client.pods().inNamespace(NS).resource(new PodBuilder(far).editSpec().withRestartPolicy("Never").endSpec()
                .editStatus().withPhase("Failed").endStatus().build()).update();
        refused(() -> agentA.release(del(dead, "eth0")), "is on node node-b");
        assertThat(ledger()).containsKey("10.6.0.10");
    }

    @Test
    void aGonePodsRecordOfAnotherNodeIsLeftToThatNodeAndDelStillSucceeds() {
        Pod far = onNodeB("far-1");
        ClusterNodeService agentB = cluster.openOnNode(V4_ONLY, "node-b");
        agentB.allocate(add(far, "eth0", "v4"));
        cluster.delete(far);
        ClusterNodeService agentA = cluster.open(V4_ONLY);

        assertThat(agentA.release(del(far, "eth0")).getReleasedList()).isEmpty();
        assertThat(ledger()).containsKey("10.6.0.10");
        assertThat(agentB.release(del(far, "eth0")).getReleasedList()).as("its own node's DEL").containsExactly("v4/10.6.0.10");
    }

    private Map<String, AllocationRecord> ledger() {
        return PoolLedger.of(client.resources(SpiderIPPool.class).withName("v4").get()).records();
    }
}
