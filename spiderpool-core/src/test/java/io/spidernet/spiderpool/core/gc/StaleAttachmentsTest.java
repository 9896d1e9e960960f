package io.spidernet.spiderpool.core.gc;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.cni.CniAttachment;
import io.spidernet.spiderpool.core.gc.StaleAttachments.RecordedNic;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StaleAttachmentsTest {
    private static final Set<CniAttachment> VALID = Set.of(new CniAttachment("c1", "eth0"));

    private static boolean stale(String containerId, String nic, String network, String node) {
        return StaleAttachments.isStale(new RecordedNic(containerId, nic, network, node), "net-a", "node-1", VALID);
    }

    @Test
    void anUnlistedAttachmentOfThisNetworkOnThisNodeIsStale() {
        assertThat(stale("c2", "eth0", "net-a", "node-1")).isTrue();
        // the same container, another interface: a different attachment
        assertThat(stale("c1", "net1", "net-a", "node-1")).isTrue();
    }

    @Test
    void aListedAttachmentIsNot() {
        assertThat(stale("c1", "eth0", "net-a", "node-1")).isFalse();
    }

    @Test
    void anotherNetworksAttachmentIsNot() {
        assertThat(stale("c2", "eth0", "net-b", "node-1")).isFalse();
    }

    @Test
    void anotherNodesAttachmentIsNot() {
        assertThat(stale("c2", "eth0", "net-a", "node-2")).isFalse();
    }

    @Test
    void aRecordWithoutANetworkNameIsNeverStale() {
        assertThat(stale("c2", "eth0", null, "node-1")).isFalse();
        assertThat(stale("c2", "eth0", "", "node-1")).isFalse();
    }
}
