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
class SimClusterMacvlanOnlyE2ETest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static SimCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = SimCluster.start(SimClusterMacvlanOnlyE2ETest.class, 2);
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
     * came in on, so the node never learns the pod's MAC (nor the pod the node's). The same node
     * reaches a pod on the other node, so the node's networking is not what fails.
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
        try (TcpEcho atNode = TcpEcho.listen(cluster.node(1).netns())) {
            assertThatThrownBy(() -> TcpEcho.exchange(local.netns(),
                    new InetSocketAddress(cluster.node(1).ipv4(), atNode.port()), Duration.ofSeconds(3)))
                    .as("nor the pod its node").isInstanceOf(IOException.class);
        }
        cluster.deletePod(local);
        cluster.deletePod(remote);
    }

    /**
     * The runner threads results as libcni does: Debian's {@code tuning}, chained after macvlan,
     * refuses to run without {@code prevResult}, acts on the interface it names and passes it on.
     */
    @Test
    void aChainedPluginGetsThePreviousPluginsResult() throws Exception {
        SimNode node = cluster.node(1);
        Nic nic = Nic.macvlan("eth0").ipv4Only();
        String plain = node.conflist(nic);
        String conflist = plain.substring(0, plain.lastIndexOf("]}")) + ",{\"type\":\"tuning\",\"mtu\":1400}]}";
        SimPod pod = cluster.addPod(node, "u-tuned", List.of());

        var result = cluster.attach(pod, nic, conflist);

        assertThat(pod.ip("link", "show", "eth0")).contains("mtu 1400");
        assertThat(result.path("ips").get(0).path("address").asText()).isEqualTo(pod.ipv4("eth0") + "/24");
        assertThat(result.path("interfaces").toString()).contains("\"name\":\"eth0\"", pod.netns().toString());
        cluster.deletePod(pod);
        assertThat(pod.links()).containsExactly("lo");
    }

    /**
     * The overlay topology of the coordinator's overlay mode, before any coordinator: eth0 is a
     * veth to the node's cni0 bridge (the overlay CNI's NIC, which carries the default route), net1
     * a macvlan NIC on the underlay. Both end up with a default route in the main table (the
     * gateway of net1's pool), so which NIC the pod's traffic leaves by is left to the kernel's
     * order: what the coordinator's tunePodRoutes and podDefaultRouteNIC settle. The node reaches
     * the pod over eth0, and the pod reaches an underlay pod of the other node over net1.
     */
    @Test
    void overlayPodWithAnUnderlayNicBeforeAnyCoordinator() throws Exception {
        SimPod overlay = cluster.addOverlayPod(cluster.node(1), "u-overlay", List.of(Nic.macvlan("net1").ipv4Only()));
        SimPod underlay = cluster.addPod(cluster.node(2), "u-under", List.of(Nic.macvlan("eth0").ipv4Only()));

        assertThat(overlay.ip("-4", "route", "show", "default").lines().map(String::strip))
                .containsExactlyInAnyOrder("default via 10.244.1.1 dev eth0", "default via 192.0.2.1 dev net1");
        try (TcpEcho atOverlay = TcpEcho.listen(overlay.netns()); TcpEcho atUnderlay = TcpEcho.listen(underlay.netns())) {
            TcpEcho.exchange(cluster.node(1).netns(), new InetSocketAddress(overlay.ipv4("eth0"), atOverlay.port()), TIMEOUT);
            TcpEcho.Exchange viaNet1 = TcpEcho.exchange(overlay.netns(),
                    new InetSocketAddress(underlay.ipv4("eth0"), atUnderlay.port()), TIMEOUT);
            assertThat(viaNet1.local().getAddress().getHostAddress()).isEqualTo(overlay.ipv4("net1"));
        }
        cluster.deletePod(overlay);
        cluster.deletePod(underlay);
    }
}
