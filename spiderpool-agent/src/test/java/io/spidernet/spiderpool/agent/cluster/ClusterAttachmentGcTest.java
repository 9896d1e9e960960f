package io.spidernet.spiderpool.agent.cluster;

import static io.spidernet.spiderpool.agent.cluster.MockCluster.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.spidernet.spiderpool.agent.ipam.NodeFailure;
import io.spidernet.spiderpool.kube.EndpointAttachments;
import io.spidernet.spiderpool.kube.EndpointAttachments.NicAttachment;
import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.Attachment;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.GarbageCollectRequest;
import io.spidernet.spiderpool.core.allocation.AllocationRecord;
import io.spidernet.spiderpool.core.allocation.PoolLedger;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.model.IPAllocationDetail;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CNI GC against the API server: this node's stale attachments of one network go, by DEL's rules. */
@EnableKubernetesMockClient(crud = true)
class ClusterAttachmentGcTest {
    private static final SpiderpoolConf V4_ONLY = SpiderpoolConf.defaults().withFamilies(true, false);

    KubernetesClient client;
    private MockCluster cluster;
    private ClusterNodeService node;

    @BeforeEach
    void cluster() {
        cluster = new MockCluster(client);
        cluster.pool("a", "10.6.0.0/24", "10.6.0.10-10.6.0.19");
        cluster.pool("b", "10.7.0.0/24", "10.7.0.10-10.7.0.19");
        node = cluster.open(V4_ONLY);
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private static AllocateRequest add(Pod pod, String nic, String network, String pool) {
        return MockCluster.add(pod, nic, pool).toBuilder().setNetwork(network).build();
    }

    /** GC once the agent's SpiderEndpoint cache has listed (until then it answers NOT_READY, by design). */
    private List<String> gc(ClusterNodeService on, String network, Attachment... valid) {
        GarbageCollectRequest req = GarbageCollectRequest.newBuilder().setNetwork(network).addAllValidAttachments(List.of(valid))
                .build();
        for (int attempt = 0; ; attempt++) {
            try {
                return on.garbageCollect(req).getReleasedList();
            } catch (NodeFailure f) {
                if (f.kind() != Failure.Kind.NOT_READY || attempt == 100) {
                    throw f;
                }
                sleep();
            }
        }
    }

    private static Attachment attachment(Pod pod, String nic) {
        return Attachment.newBuilder().setContainerId("c-" + pod.getMetadata().getUid()).setIfName(nic).build();
    }

    @Test
    void addRecordsTheNetworkAndContainerOfEachNic() {
        Pod pod = cluster.deploymentPod("web", "web-1", Map.of());
        node.allocate(add(pod, "eth0", "net-a", "a"));

        assertThat(EndpointAttachments.of(endpoint("web-1").orElseThrow()))
                .containsExactly(Map.entry("eth0", new NicAttachment("net-a", "c-" + pod.getMetadata().getUid())));
    }

    @Test
    void aGonePodsUnlistedAttachmentIsReleasedAndItsRecordDropped() {
        Pod pod = cluster.deploymentPod("web", "web-1", Map.of());
        node.allocate(add(pod, "eth0", "net-a", "a"));
        cluster.delete(pod);

        assertThat(gc(node, "net-a")).containsExactly("a/10.6.0.10");
        assertThat(ledger("a")).isEmpty();
        assertThat(endpoint("web-1").orElseThrow().getMetadata().getFinalizers()).isEmpty();
    }

    @Test
    void aListedAttachmentStays() {
        Pod pod = cluster.deploymentPod("web", "web-1", Map.of());
        node.allocate(add(pod, "eth0", "net-a", "a"));
        cluster.delete(pod);

        assertThat(gc(node, "net-a", attachment(pod, "eth0"))).isEmpty();
        assertThat(ledger("a")).containsKey("10.6.0.10");
    }

    @Test
    void aLivePodKeepsItsAddressesAsOnDel() {
        Pod pod = cluster.deploymentPod("web", "web-1", Map.of());
        node.allocate(add(pod, "eth0", "net-a", "a"));

        assertThat(gc(node, "net-a")).isEmpty();
        assertThat(ledger("a")).containsKey("10.6.0.10");
    }

    @Test
    void anotherNetworksRecordsSurvive() {
        Pod pod = cluster.deploymentPod("web", "web-1", Map.of());
        node.allocate(add(pod, "eth0", "net-b", "b"));
        cluster.delete(pod);

        assertThat(gc(node, "net-a")).isEmpty();
        assertThat(ledger("b")).containsKey("10.7.0.10");
        assertThat(endpoint("web-1")).isPresent();
    }

    @Test
    void ofAPodOnTwoNetworksOnlyTheCollectedNetworksNicGoes() {
        Pod pod = cluster.deploymentPod("web", "web-1", Map.of(
                "ipam.spidernet.io/ippools", "[{\"interface\":\"eth0\",\"ipv4\":[\"a\"]},{\"interface\":\"net1\",\"ipv4\":[\"b\"]}]"));
        node.allocate(add(pod, "eth0", "net-a", "a"));
        node.allocate(add(pod, "net1", "net-b", "b"));
        // the first ADD allocated both NICs; the second one's ADD records its own attachment
        assertThat(EndpointAttachments.of(endpoint("web-1").orElseThrow())).containsOnlyKeys("eth0", "net1");
        cluster.delete(pod);

        assertThat(gc(node, "net-a")).containsExactly("a/10.6.0.10");
        assertThat(ledger("a")).isEmpty();
        assertThat(ledger("b")).containsEntry("10.7.0.10", new AllocationRecord(NS + "/web-1", pod.getMetadata().getUid()));
        SpiderEndpoint rest = endpoint("web-1").orElseThrow();
        assertThat(rest.getStatus().current().ips()).extracting(IPAllocationDetail::nic).containsExactly("net1");
        assertThat(EndpointAttachments.of(rest)).containsOnlyKeys("net1");
    }

    @Test
    void anotherNodesRecordsSurvive() {
        Pod elsewhere = client.pods().inNamespace(NS).resource(new PodBuilder(cluster.pod("far-1", null, Map.of()))
                .editSpec().withNodeName("node-b").endSpec().build()).update();
        ClusterNodeService nodeB = cluster.openOnNode(V4_ONLY, "node-b");
        nodeB.allocate(add(elsewhere, "eth0", "net-a", "a"));
        cluster.delete(elsewhere);

        assertThat(gc(node, "net-a")).isEmpty();
        assertThat(ledger("a")).containsKey("10.6.0.10");
        assertThat(gc(nodeB, "net-a")).containsExactly("a/10.6.0.10");
    }

    @Test
    void aRecordWithoutANetworkNameIsNeverCollected() {
        Pod pod = cluster.deploymentPod("web", "web-1", Map.of());
        node.allocate(MockCluster.add(pod, "eth0", "a")); // an older plugin: no network name
        cluster.delete(pod);

        assertThat(gc(node, "net-a")).isEmpty();
        assertThat(ledger("a")).containsKey("10.6.0.10");
        assertThat(EndpointAttachments.of(endpoint("web-1").orElseThrow())).isEmpty();
    }

    private Map<String, AllocationRecord> ledger(String pool) {
        return PoolLedger.of(client.resources(SpiderIPPool.class).withName(pool).get()).records();
    }

    private Optional<SpiderEndpoint> endpoint(String name) {
        return Optional.ofNullable(client.resources(SpiderEndpoint.class).inNamespace(NS).withName(name).get());
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
