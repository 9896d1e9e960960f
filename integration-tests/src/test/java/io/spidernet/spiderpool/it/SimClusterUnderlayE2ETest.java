package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulated two-node cluster with Debian's macvlan and our spiderpool IPAM alone (no
 * coordinator): what the underlay gives by itself, and the gap the coordinator exists to close.
 */
class SimClusterUnderlayE2ETest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static SimCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = SimCluster.start(SimCluster.requireUsable(SimClusterUnderlayE2ETest.class), 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void podToPodTcpAcrossNodesOverTheUnderlay() throws Exception {
        SimPod client = cluster.addPod(cluster.node(1), "u-client", List.of(Nic.macvlan("eth0")));
        SimPod server = cluster.addPod(cluster.node(2), "u-server", List.of(Nic.macvlan("eth0")));
        assertThat(client.ipv4("eth0")).as("node 1's pool range").startsWith("192.0.2.1");
        assertThat(server.ipv4("eth0")).as("node 2's pool range, apart from node 1's").isNotEqualTo(client.ipv4("eth0"));

        try (TcpEcho echo = TcpEcho.listen(server.netns())) {
            TcpEcho.Exchange v4 = TcpEcho.exchange(client.netns(), new InetSocketAddress(server.ipv4("eth0"), echo.port()), TIMEOUT);
            TcpEcho.Exchange v6 = TcpEcho.exchange(client.netns(), new InetSocketAddress(server.ipv6("eth0"), echo.port()), TIMEOUT);

            assertThat(v4.local().getAddress().getHostAddress()).isEqualTo(client.ipv4("eth0"));
            assertThat(v6.local().getAddress()).isEqualTo(InetAddress.getByName(client.ipv6("eth0")));
            assertThat(echo.peers()).as("the server saw the client's own addresses: no NAT, no detour")
                    .containsExactly(InetAddress.getByName(client.ipv4("eth0")), InetAddress.getByName(client.ipv6("eth0")));
        }
        cluster.deletePod(client);
        cluster.deletePod(server);
    }

    /**
     * The control for the coordinator's "kubelet probe": with macvlan alone a node cannot open a
     * TCP connection to its own pod. The kernel does not pass frames between a macvlan parent and
     * its children, and the switch does not send the node's ARP request back out of the port it
     * came in on, so the node never learns the pod's MAC. The same node reaches a pod on the other
     * node, so the node's networking is not what fails.
     */
    @Test
    void withMacvlanAloneANodeCannotReachItsOwnPod() throws Exception {
        SimPod local = cluster.addPod(cluster.node(1), "u-local", List.of(Nic.macvlan("eth0").ipv4Only()));
        SimPod remote = cluster.addPod(cluster.node(2), "u-remote", List.of(Nic.macvlan("eth0").ipv4Only()));

        try (TcpEcho localEcho = TcpEcho.listen(local.netns()); TcpEcho remoteEcho = TcpEcho.listen(remote.netns())) {
            TcpEcho.exchange(cluster.node(1).netns(), new InetSocketAddress(remote.ipv4("eth0"), remoteEcho.port()), TIMEOUT);
            assertThatThrownBy(() -> TcpEcho.exchange(cluster.node(1).netns(),
                    new InetSocketAddress(local.ipv4("eth0"), localEcho.port()), Duration.ofSeconds(3)))
                    .isInstanceOf(IOException.class);
            assertThat(localEcho.peers()).isEmpty();
        }
        cluster.deletePod(local);
        cluster.deletePod(remote);
    }
}
