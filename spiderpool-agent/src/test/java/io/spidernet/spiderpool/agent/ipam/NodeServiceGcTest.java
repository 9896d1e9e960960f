package io.spidernet.spiderpool.agent.ipam;

import static io.spidernet.spiderpool.core.allocation.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.Attachment;
import io.spidernet.spiderpool.api.agent.v1.CheckRequest;
import io.spidernet.spiderpool.api.agent.v1.GarbageCollectRequest;
import io.spidernet.spiderpool.api.agent.v1.PodIdentity;
import io.spidernet.spiderpool.core.allocation.AllocationEngine;
import io.spidernet.spiderpool.core.allocation.RetryPolicy;
import io.spidernet.spiderpool.agent.local.LocalCoordinator;
import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CNI GC on the local store: only this network's unlisted attachments of this node go. */
class NodeServiceGcTest {
    @TempDir
    Path dir;
    private NodeFixture fixture;
    private NodeService node;

    @BeforeEach
    void open() {
        fixture = NodeFixture.open(dir,
                pool("a", "10.0.0.0/24", List.of("10.0.0.10-10.0.0.20")),
                pool("b", "10.1.0.0/24", List.of("10.1.0.10-10.1.0.20")));
        node = fixture.node;
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private static AllocateRequest add(String container, String nic, String network, String pool) {
        return AllocateRequest.newBuilder().setContainerId(container).setIfName(nic).setNetwork(network)
                .setPod(PodIdentity.getDefaultInstance()).addDefaultIpv4Ippool(pool).build();
    }

    private static GarbageCollectRequest gc(String network, String... validContainersOnEth0) {
        GarbageCollectRequest.Builder b = GarbageCollectRequest.newBuilder().setNetwork(network);
        for (String c : validContainersOnEth0) {
            b.addValidAttachments(Attachment.newBuilder().setContainerId(c).setIfName("eth0"));
        }
        return b.build();
    }

    private boolean recorded(String container, String nic) {
        try {
            node.check(CheckRequest.newBuilder().setContainerId(container).setIfName(nic).build());
            return true;
        } catch (NodeFailure notFound) {
            return false;
        }
    }

    @Test
    void unlistedAttachmentsOfThisNetworkAreReleasedAndListedOnesStay() {
        node.allocate(add("c1", "eth0", "net-a", "a"));
        node.allocate(add("c2", "eth0", "net-a", "a"));

        List<String> released = node.garbageCollect(gc("net-a", "c1")).getReleasedList();

        assertThat(released).containsExactly("a/10.0.0.11");
        assertThat(recorded("c1", "eth0")).isTrue();
        assertThat(recorded("c2", "eth0")).isFalse();
        // the address is free again: the next ADD gets it
        assertThat(node.allocate(add("c3", "eth0", "net-a", "a")).getIps(0).getAddress()).isEqualTo("10.0.0.11/24");
    }

    @Test
    void anotherNetworksRecordsSurvive() {
        node.allocate(add("c1", "eth0", "net-b", "b"));

        assertThat(node.garbageCollect(gc("net-a")).getReleasedList()).isEmpty();
        assertThat(recorded("c1", "eth0")).isTrue();
    }

    @Test
    void ofOneContainerOnTwoNetworksOnlyTheCollectedNetworksNicGoes() {
        node.allocate(add("c1", "eth0", "net-a", "a"));
        node.allocate(add("c1", "net1", "net-b", "b"));

        assertThat(node.garbageCollect(gc("net-a")).getReleasedList()).containsExactly("a/10.0.0.10");
        assertThat(recorded("c1", "eth0")).isFalse();
        assertThat(recorded("c1", "net1")).isTrue();
    }

    @Test
    void anotherNodesRecordsSurvive() {
        NodeService otherNode = new NodeService(fixture.store, new AllocationEngine(fixture.store,
                RetryPolicy.upstreamDefault(Thread::sleep, RandomGenerator.getDefault()), NodeFixture.CONF.maxAllocatedIPs()),
                PodContext.clusterless("node-2"), NodeFixture.CONF, "kube-system", "node-2",
                new LocalCoordinator(dir.resolve("pools")));
        otherNode.allocate(add("c9", "eth0", "net-a", "a"));

        assertThat(node.garbageCollect(gc("net-a")).getReleasedList()).isEmpty();
        assertThat(recorded("c9", "eth0")).isTrue();
    }

    @Test
    void recordsWithoutANetworkNameAreNeverCollected() {
        node.allocate(add("c1", "eth0", "", "a"));

        assertThat(node.garbageCollect(gc("net-a")).getReleasedList()).isEmpty();
        assertThat(recorded("c1", "eth0")).isTrue();
    }

    @Test
    void theNetworkNameSurvivesAnAgentRestart() {
        node.allocate(add("c1", "eth0", "net-a", "a"));
        fixture.close();
        fixture = NodeFixture.reopen(dir);
        node = fixture.node;

        assertThat(node.garbageCollect(gc("net-a")).getReleasedList()).containsExactly("a/10.0.0.10");
    }
}
