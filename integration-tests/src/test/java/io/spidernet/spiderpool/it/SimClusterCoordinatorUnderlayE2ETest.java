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
 * The coordinator in underlay mode on the simulated two-node cluster: pods whose first NIC is
 * macvlan + spiderpool + coordinator, as upstream's default underlay network definitions chain
 * them. Upstream's case ids (test/doc/coordinator.md) lead the names where a test is one of them.
 */
class SimClusterCoordinatorUnderlayE2ETest {
    private static final String SERVICE_CIDR = SimCluster.SERVICE_CIDR;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static SimCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = SimCluster.start(SimClusterCoordinatorUnderlayE2ETest.class, 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Nic coordinated(String ifName) {
        return Nic.macvlan(ifName).withCoordinator(SERVICE_CIDR);
    }

    /** What {@code SimClusterMacvlanOnlyE2ETest} shows failing: the node now reaches its own pod, over veth0. */
    @Test
    void C00001_kubeletProbeFromTheNodeToItsOwnPod() throws Exception {
        SimPod pod = cluster.addPod(cluster.node(1), "c-probe", List.of(coordinated("eth0")));
        SimNode node = cluster.node(1);

        assertThat(pod.links()).contains("veth0");
        assertThat(pod.ip("route", "get", node.ipv4())).contains("dev veth0");
        try (TcpEcho echo = TcpEcho.listen(pod.netns())) {
            TcpEcho.exchange(node.netns(), new InetSocketAddress(pod.ipv4("eth0"), echo.port()), TIMEOUT);
            TcpEcho.exchange(node.netns(), new InetSocketAddress(pod.ipv6("eth0"), echo.port()), TIMEOUT);
            assertThat(echo.peers()).hasSize(2);
        }
        cluster.deletePod(pod);
    }

    /** An IPv6-only pod: the probe works over veth0 with IPv6 host routes and neighbours alone. */
    @Test
    void C00001_kubeletProbeToAnIpv6OnlyPod() throws Exception {
        SimPod pod = cluster.addPod(cluster.node(2), "c-probe6", List.of(Nic.macvlan("eth0").ipv6Only().withCoordinator(SERVICE_CIDR)));

        assertThat(pod.ip("-6", "route", "get", cluster.node(2).ipv6())).contains("dev veth0");
        try (TcpEcho echo = TcpEcho.listen(pod.netns())) {
            TcpEcho.exchange(cluster.node(2).netns(), new InetSocketAddress(pod.ipv6("eth0"), echo.port()), TIMEOUT);
        }
        cluster.deletePod(pod);
    }

    /** The other direction: the pod reaches a server in its node's own network namespace, from its eth0 address. */
    @Test
    void C00001_podReachesTheHostNetworkOfItsNode() throws Exception {
        SimNode node = cluster.node(1);
        SimPod pod = cluster.addPod(node, "c-tohost", List.of(coordinated("eth0")));

        try (TcpEcho atNode = TcpEcho.listen(node.netns())) {
            TcpEcho.exchange(pod.netns(), new InetSocketAddress(node.ipv4(), atNode.port()), TIMEOUT);
            assertThat(atNode.peers()).containsExactly(InetAddress.getByName(pod.ipv4("eth0")));
        }
        cluster.deletePod(pod);
    }

    /**
     * kube-proxy's path: the pod's hijack route sends the ClusterIP to its node over veth0, the
     * node DNATs it (to a backend on the other node, and to one on the same node) and MASQUERADEs
     * it, and the reply comes back to the pod through veth0, not over the underlay NIC.
     */
    @Test
    void C00001_podReachesAServiceAndTheReplyComesBackThroughVeth0() throws Exception {
        SimPod client = cluster.addPod(cluster.node(1), "c-client", List.of(coordinated("eth0")));
        SimPod remote = cluster.addPod(cluster.node(2), "c-remote", List.of(coordinated("eth0")));
        SimPod local = cluster.addPod(cluster.node(1), "c-local", List.of(coordinated("eth0")));
        SimNode node1 = cluster.node(1);
        SimNode node2 = cluster.node(2);

        try (TcpEcho atRemote = TcpEcho.listen(remote.netns()); TcpEcho atLocal = TcpEcho.listen(local.netns())) {
            cluster.addService("10.96.0.10", 8080, remote.ipv4("eth0"), atRemote.port());
            cluster.addService("10.96.0.11", 8080, local.ipv4("eth0"), atLocal.port());
            assertThat(client.ip("route", "get", "10.96.0.10")).contains("dev veth0");
            long veth0Before = client.rxPackets("veth0");

            TcpEcho.exchange(client.netns(), new InetSocketAddress("10.96.0.10", 8080), TIMEOUT);
            TcpEcho.exchange(client.netns(), new InetSocketAddress("10.96.0.11", 8080), TIMEOUT);

            assertThat(node1.dnatPackets("10.96.0.10")).as("the client's node did the DNAT").isEqualTo(1);
            assertThat(node2.dnatPackets("10.96.0.10")).isZero();
            assertThat(node1.dnatPackets("10.96.0.11")).isEqualTo(1);
            assertThat(atRemote.peers()).as("MASQUERADEd to the client's node").containsExactly(InetAddress.getByName(node1.ipv4()));
            assertThat(atLocal.peers()).hasSize(1);
            // SYN-ACK, the echo and the FIN of each of the two connections came in over veth0
            assertThat(client.rxPackets("veth0") - veth0Before).isGreaterThanOrEqualTo(6);
        }
        cluster.deletePod(client);
        cluster.deletePod(remote);
        cluster.deletePod(local);
    }

    /**
     * A NodePort with {@code externalTrafficPolicy: Local}: no MASQUERADE, so the backend sees
     * the client's underlay address and would answer it straight over eth0, from an address the
     * client never called. The coordinator's CONNMARK rules mark connections that came in over
     * veth0 and send their replies back the same way, through the node that un-DNATs them.
     */
    @Test
    void C00013_nodePortWithExternalTrafficPolicyLocal() throws Exception {
        SimNode node1 = cluster.node(1);
        SimPod backend = cluster.addPod(node1, "c-np-backend", List.of(coordinated("eth0")));
        SimPod client = cluster.addPod(cluster.node(2), "c-np-client", List.of(Nic.macvlan("eth0").ipv4Only()));

        try (TcpEcho echo = TcpEcho.listen(backend.netns())) {
            node1.addLocalNodePort(30080, backend.ipv4("eth0"), echo.port());
            TcpEcho.exchange(client.netns(), new InetSocketAddress(node1.ipv4(), 30080), TIMEOUT);

            assertThat(node1.dnatPackets(node1.ipv4())).isEqualTo(1);
            assertThat(echo.peers()).as("the client's own address: no SNAT on the way in")
                    .containsExactly(InetAddress.getByName(client.ipv4("eth0")));

            // the counter-check: without the pod's mark rules the reply leaves by eth0 and the connection never completes
            SimCluster.inNetns(backend.ns.name(), "iptables", "-w", "-t", "mangle", "-F");
            assertThatThrownBy(() -> TcpEcho.exchange(client.netns(), new InetSocketAddress(node1.ipv4(), 30080), Duration.ofSeconds(3)))
                    .isInstanceOf(IOException.class);
        }
        cluster.deletePod(backend);
        cluster.deletePod(client);
    }

    @Test
    void C00001_podToPodAcrossNodesStillGoesOverTheUnderlay() throws Exception {
        SimPod client = cluster.addPod(cluster.node(1), "c-a", List.of(coordinated("eth0")));
        SimPod server = cluster.addPod(cluster.node(2), "c-b", List.of(coordinated("eth0")));

        try (TcpEcho echo = TcpEcho.listen(server.netns())) {
            TcpEcho.Exchange v4 = TcpEcho.exchange(client.netns(), new InetSocketAddress(server.ipv4("eth0"), echo.port()), TIMEOUT);
            TcpEcho.exchange(client.netns(), new InetSocketAddress(server.ipv6("eth0"), echo.port()), TIMEOUT);
            assertThat(v4.local().getAddress().getHostAddress()).isEqualTo(client.ipv4("eth0"));
            assertThat(echo.peers()).containsExactly(InetAddress.getByName(client.ipv4("eth0")),
                    InetAddress.getByName(client.ipv6("eth0")));
        }
        assertThat(client.ip("route", "get", server.ipv4("eth0"))).contains("dev eth0");
        cluster.deletePod(client);
        cluster.deletePod(server);
    }
}
