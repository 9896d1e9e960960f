package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The coordinator in underlay mode with two macvlan NICs per pod (eth0 on 192.0.2.0/24, net1 on
 * 198.51.100.0/24, both chained with spiderpool and the coordinator), and DEL's clean-up on the
 * node. Upstream's case ids (test/doc/coordinator.md) lead the names where a test is one of them.
 */
class SimClusterCoordinatorTwoNicsE2ETest {
    private static final String SERVICE_CIDR = SimCluster.SERVICE_CIDR;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static SimCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = SimCluster.start(SimClusterCoordinatorTwoNicsE2ETest.class, 2);
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

    /**
     * Two underlay NICs on different subnets: eth0 keeps the default route (C00011), net1's routes
     * move to a table chosen by its source address, so a connection to net1's address is answered
     * from net1; host-bound and service traffic still leaves from eth0's address (C00012).
     */
    @Test
    void C00003_underlayWithTwoNics() throws Exception {
        List<Nic> nics = List.of(coordinated("eth0"), Nic.macvlanOnSecondSubnet("net1").withCoordinator(SERVICE_CIDR));
        SimPod a = cluster.addPod(cluster.node(1), "c-two-a", nics);
        SimPod b = cluster.addPod(cluster.node(2), "c-two-b", nics);

        assertThat(a.ip("-4", "route", "show", "default")).isEqualTo("default via 192.0.2.1 dev eth0");
        assertThat(a.ip("-4", "rule", "show")).contains("from " + a.ipv4("net1") + " lookup");
        assertThat(a.ip("route", "get", "10.96.0.10")).contains("dev veth0", "src " + a.ipv4("eth0"));
        assertThat(a.ip("route", "get", cluster.node(1).ipv4())).contains("dev veth0", "src " + a.ipv4("eth0"));
        try (TcpEcho atA = TcpEcho.listen(a.netns())) {
            TcpEcho.Exchange overNet1 = TcpEcho.exchange(b.netns(), new InetSocketAddress(a.ipv4("net1"), atA.port()), TIMEOUT);
            assertThat(overNet1.local().getAddress().getHostAddress()).isEqualTo(b.ipv4("net1"));
            TcpEcho.exchange(cluster.node(1).netns(), new InetSocketAddress(a.ipv4("net1"), atA.port()), TIMEOUT);
        }
        cluster.deletePod(a);
        cluster.deletePod(b);
    }

    /** {@code podDefaultRouteNic: net1} on both NICs' coordinator: the default route is net1's, for both families. */
    @Test
    void C00006_underlayDefaultRouteOnTheNamedNic() throws Exception {
        String members = SERVICE_CIDR + ",\"podDefaultRouteNic\":\"net1\"";
        SimPod pod = cluster.addPod(cluster.node(1), "c-dflt",
                List.of(Nic.macvlan("eth0").withCoordinator(members), Nic.macvlanOnSecondSubnet("net1").withCoordinator(members)));

        assertThat(pod.ip("-4", "route", "show", "default")).isEqualTo("default via 198.51.100.1 dev net1");
        assertThat(pod.ip("-6", "route", "show", "default")).startsWith("default via 2001:db8:2::1 dev net1");
        assertThat(pod.ip("route", "get", "203.0.113.5")).contains("dev net1");
        assertThat(pod.ip("-4", "rule", "show")).contains("from " + pod.ipv4("eth0") + " lookup");
        cluster.deletePod(pod);
    }

    /**
     * DEL (twice, as runtimes may repeat it) takes back everything the pod's ADD put on the node.
     * The dumps are taken once the node has served a coordinated pod: upstream's node-wide rule
     * "from all lookup 500" is made by the first pod and kept, like kube-proxy's chains.
     */
    @Test
    void delTwiceLeavesNoHostSideLinkRuleRouteOrNeighbour() throws Exception {
        SimNode node = cluster.node(2);
        SimPod first = cluster.addPod(node, "c-first", List.of(coordinated("eth0")));
        String before = node.hostState();

        SimPod pod = cluster.addPod(node, "c-del",
                List.of(coordinated("eth0"), Nic.macvlanOnSecondSubnet("net1").withCoordinator(SERVICE_CIDR)));
        String during = node.hostState();
        assertThat(during).as("the dump sees what ADD made").isNotEqualTo(before).contains(pod.ipv4("eth0"), pod.ipv4("net1"));

        cluster.deletePod(pod);
        cluster.deletePod(pod);

        assertThat(node.hostState()).isEqualTo(before);
        assertThat(node.allocated("sim-v4")).doesNotContain(pod.ipv4("eth0"));
        assertThat(node.allocated("sim2-v4")).doesNotContain(pod.ipv4("net1"));
        cluster.deletePod(first);
    }
}
