package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The coordinator in overlay mode on the simulated two-node cluster: eth0 from a bridge-based
 * overlay CNI (a veth to the node's cni0), then one or two macvlan NICs chained with spiderpool
 * and the coordinator, as Multus adds them. Upstream's case ids lead the names.
 */
class SimClusterCoordinatorOverlayE2ETest {
    private static final String OVERLAY = SimCluster.SERVICE_CIDR
            + ",\"overlayPodCIDR\":[\"10.244.0.0/16\"]";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static SimCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = SimCluster.start(SimClusterCoordinatorOverlayE2ETest.class, 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * eth0 keeps the only default route (C00011); net1's routes move to a table chosen by its
     * source address, so a pod of the other node reaches net1 and gets its answer from net1; the
     * node reaches the pod's underlay address through the overlay's veth (its host route).
     */
    @Test
    void C00002_overlayWithOneUnderlayNic() throws Exception {
        SimPod pod = cluster.addOverlayPod(cluster.node(1), "o-one", List.of(Nic.macvlan("net1").ipv4Only().withCoordinator(OVERLAY)));
        SimPod remote = cluster.addPod(cluster.node(2), "o-remote", List.of(Nic.macvlan("eth0").ipv4Only()));

        assertThat(pod.ip("-4", "route", "show", "default")).isEqualTo("default via 10.244.1.1 dev eth0");
        assertThat(pod.ip("-4", "rule", "show")).contains("from " + pod.ipv4("net1") + " lookup");
        assertThat(pod.links()).doesNotContain("veth0");
        try (TcpEcho atPod = TcpEcho.listen(pod.netns()); TcpEcho atRemote = TcpEcho.listen(remote.netns())) {
            TcpEcho.Exchange out = TcpEcho.exchange(pod.netns(), new InetSocketAddress(remote.ipv4("eth0"), atRemote.port()), TIMEOUT);
            assertThat(out.local().getAddress().getHostAddress()).isEqualTo(pod.ipv4("net1"));
            TcpEcho.exchange(remote.netns(), new InetSocketAddress(pod.ipv4("net1"), atPod.port()), TIMEOUT);
            TcpEcho.exchange(cluster.node(1).netns(), new InetSocketAddress(pod.ipv4("net1"), atPod.port()), TIMEOUT);
            TcpEcho.exchange(cluster.node(1).netns(), new InetSocketAddress(pod.ipv4("eth0"), atPod.port()), TIMEOUT);
        }
        cluster.deletePod(pod);
        cluster.deletePod(remote);
    }

    /** Two underlay NICs beside the overlay: both get their own table; service and host traffic leaves from eth0 (C00012). */
    @Test
    void C00004_overlayWithTwoUnderlayNics() throws Exception {
        SimPod pod = cluster.addOverlayPod(cluster.node(1), "o-two", List.of(Nic.macvlan("net1").ipv4Only().withCoordinator(OVERLAY),
                Nic.macvlanOnSecondSubnet("net2").ipv4Only().withCoordinator(OVERLAY)));
        SimPod remote = cluster.addPod(cluster.node(2), "o-remote2", List.of(Nic.macvlanOnSecondSubnet("eth0").ipv4Only()));

        assertThat(pod.ip("-4", "route", "show", "default")).isEqualTo("default via 10.244.1.1 dev eth0");
        assertThat(pod.ip("-4", "rule", "show")).contains("from " + pod.ipv4("net1") + " lookup", "from " + pod.ipv4("net2") + " lookup");
        assertThat(pod.ip("route", "get", "10.96.0.10")).contains("dev eth0", "src " + pod.ipv4("eth0"));
        assertThat(pod.ip("route", "get", cluster.node(1).ipv4())).contains("dev eth0", "src " + pod.ipv4("eth0"));
        try (TcpEcho atPod = TcpEcho.listen(pod.netns()); TcpEcho atRemote = TcpEcho.listen(remote.netns())) {
            TcpEcho.Exchange out = TcpEcho.exchange(pod.netns(), new InetSocketAddress(remote.ipv4("eth0"), atRemote.port()), TIMEOUT);
            assertThat(out.local().getAddress().getHostAddress()).isEqualTo(pod.ipv4("net2"));
            TcpEcho.exchange(remote.netns(), new InetSocketAddress(pod.ipv4("net2"), atPod.port()), TIMEOUT);
        }
        cluster.deletePod(pod);
        cluster.deletePod(remote);
    }

    /** {@code podDefaultRouteNic: net1}: the default route moves from the overlay's eth0 to net1. */
    @Test
    void C00005_overlayDefaultRouteOnTheNamedNic() throws Exception {
        String members = OVERLAY + ",\"podDefaultRouteNic\":\"net1\"";
        SimPod pod = cluster.addOverlayPod(cluster.node(1), "o-dflt", List.of(Nic.macvlan("net1").ipv4Only().withCoordinator(members),
                Nic.macvlanOnSecondSubnet("net2").ipv4Only().withCoordinator(members)));

        assertThat(pod.ip("-4", "route", "show", "default")).isEqualTo("default via 192.0.2.1 dev net1");
        assertThat(pod.ip("route", "get", "203.0.113.5")).contains("dev net1");
        assertThat(pod.ip("-4", "rule", "show")).contains("from " + pod.ipv4("eth0") + " lookup");
        cluster.deletePod(pod);
    }
}
