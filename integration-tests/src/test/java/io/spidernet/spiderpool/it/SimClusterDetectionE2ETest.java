package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.netlink.testkit.NetnsFixture;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * IP conflict and gateway detection of the spiderpool IPAM plugin on the simulated cluster, with
 * both switches on in every agent's spiderpool-conf: Debian's macvlan creates the pod's interface,
 * our IPAM probes the underlay through it before the address is used. Upstream's case ids lead
 * the names (C00007, C00009; C00018: a stateless pod's conflicting address is released).
 */
class SimClusterDetectionE2ETest {
    private static SimCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = SimCluster.start(SimClusterDetectionE2ETest.class, 2,
                "enableIPConflictDetection: true\nenableGatewayDetection: true\n");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * The address the pool hands out next (the lowest free: the one a deleted pod just gave back)
     * is held by another machine on the underlay: ADD fails naming the address and the holder's
     * MAC, the address is free again, and once the holder lets go the same ADD succeeds.
     */
    @Test
    void C00007_C00018_anIpv4AddressInUseFailsTheAddAndIsReleased() throws Exception {
        conflict(Nic.macvlan("eth0").ipv4Only(), "sim-v4", false);
    }

    @Test
    void C00007_anIpv6AddressInUseFailsTheAddAndIsReleased() throws Exception {
        conflict(Nic.macvlan("eth0").ipv6Only(), "sim-v6", true);
    }

    private static void conflict(Nic nic, String pool, boolean v6) throws Exception {
        SimNode node = cluster.node(1);
        SimPod before = cluster.addPod(node, "d-before" + (v6 ? 6 : 4), List.of(nic));
        String ip = v6 ? before.ipv6("eth0") : before.ipv4("eth0");
        cluster.deletePod(before);
        String cidr = ip + (v6 ? "/64" : "/24");
        NetnsFixture holder = cluster.addUnderlayHost("holder" + (v6 ? 6 : 4), cidr);
        String holderMac = holder.ip("-br", "link", "show", "eth0").strip().split("\\s+")[2];
        SimPod pod = cluster.addPod(node, "d-conflict" + (v6 ? 6 : 4), List.of());

        assertThatThrownBy(() -> cluster.attach(pod, nic)).isInstanceOf(ChainRunner.ChainException.class)
                .hasMessageContaining(ip).hasMessageContaining(holderMac);
        assertThat(node.allocated(pool)).as("the conflicting address is free again").doesNotContain(ip);
        cluster.deletePod(pod);

        holder.deleteAddress("eth0", cidr);
        SimPod after = cluster.addPod(node, "d-after" + (v6 ? 6 : 4), List.of(nic));
        assertThat(v6 ? after.ipv6("eth0") : after.ipv4("eth0")).isEqualTo(ip);
        cluster.deletePod(after);
    }

    /** The second subnet's gateway stops answering: ADD fails naming it, the address is released; back on, ADD works. */
    @Test
    void C00009_aSilentGatewayFailsTheAddAndTheAddressIsReleased() throws Exception {
        SimNode node = cluster.node(2);
        Nic nic = Nic.macvlanOnSecondSubnet("eth0").ipv4Only();
        List<String> allocated = node.allocated("sim2-v4");
        SimPod pod = cluster.addPod(node, "d-gw", List.of());
        cluster.underlaySwitch().deleteAddress("br0", "198.51.100.1/24");
        try {
            assertThatThrownBy(() -> cluster.attach(pod, nic)).isInstanceOf(ChainRunner.ChainException.class)
                    .hasMessageContaining("198.51.100.1");
            assertThat(node.allocated("sim2-v4")).isEqualTo(allocated);
            cluster.deletePod(pod);
        } finally {
            cluster.underlaySwitch().addAddress("br0", "198.51.100.1/24");
        }
        SimPod answered = cluster.addPod(node, "d-gw-ok", List.of(nic));
        assertThat(answered.ipv4("eth0")).startsWith("198.51.100.");
        cluster.deletePod(answered);
    }
}
