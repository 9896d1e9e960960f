package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's settings, one upstream case each (test/doc/coordinator.md), on the simulated
 * two-node cluster with underlay pods: what the setting changes in the pod or on the node.
 */
class SimClusterCoordinatorOptionsE2ETest {
    private static final String SERVICE_CIDR = SimCluster.SERVICE_CIDR;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static SimCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = SimCluster.start(SimClusterCoordinatorOptionsE2ETest.class, 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static List<Nic> twoNics(String members) {
        return List.of(Nic.macvlan("eth0").ipv4Only().withCoordinator(members),
                Nic.macvlanOnSecondSubnet("net1").ipv4Only().withCoordinator(members));
    }

    /** The MAC becomes the prefix plus the four bytes of the NIC's IPv4 address. */
    @Test
    void C00008_podMacPrefixOverridesTheMac() throws Exception {
        SimPod pod = cluster.addPod(cluster.node(1), "p-mac", List.of());
        var result = cluster.attach(pod, Nic.macvlan("eth0").ipv4Only()
                .withCoordinator(SERVICE_CIDR + ",\"podMACPrefix\":\"0a:1b\""));

        byte[] ip = InetAddress.getByName(pod.ipv4("eth0")).getAddress();
        String mac = "0a:1b:" + HexFormat.ofDelimiter(":").formatHex(ip);
        assertThat(pod.mac("eth0")).isEqualTo(mac);
        // the chain's result names the new MAC, so macvlan's CHECK (comparing the two) passes, unlike upstream's
        assertThat(result.path("interfaces").findValuesAsText("mac")).contains(mac);
        cluster.check(pod, "eth0");
        try (TcpEcho echo = TcpEcho.listen(pod.netns())) {
            SimPod peer = cluster.addPod(cluster.node(2), "p-mac-peer", List.of(Nic.macvlan("eth0").ipv4Only()));
            TcpEcho.exchange(peer.netns(), new InetSocketAddress(pod.ipv4("eth0"), echo.port()), TIMEOUT);
            cluster.deletePod(peer);
        }
        cluster.deletePod(pod);
    }

    /**
     * A pod that gets the address of a pod gone before finds the node clean: a stale host route
     * and a stale permanent neighbour for its IP (left by a crash, say) are replaced by its own.
     */
    @Test
    void C00010_staleHostRouteAndNeighbourForThePodIpAreCleanedAtAdd() throws Exception {
        SimNode node = cluster.node(2);
        Nic nic = Nic.macvlan("eth0").ipv4Only().withCoordinator(SERVICE_CIDR);
        SimPod gone = cluster.addPod(node, "p-gone", List.of(nic));
        String ip = gone.ipv4("eth0");
        cluster.deletePod(gone);
        node.ns.ip("route", "add", ip + "/32", "dev", SimNode.UPLINK, "table", "500");
        node.ns.ip("neigh", "add", ip, "lladdr", "02:00:00:00:00:99", "dev", SimNode.UPLINK, "nud", "permanent");

        SimPod pod = cluster.addPod(node, "p-reuse", List.of(nic));

        assertThat(pod.ipv4("eth0")).as("the lowest free address again").isEqualTo(ip);
        assertThat(node.ns.ip("-4", "route", "show", "table", "500")).contains(ip + " dev veth").doesNotContain(SimNode.UPLINK);
        assertThat(node.ns.ip("neigh", "show", ip)).doesNotContain("02:00:00:00:00:99");
        try (TcpEcho echo = TcpEcho.listen(pod.netns())) {
            TcpEcho.exchange(node.netns(), new InetSocketAddress(ip, echo.port()), TIMEOUT);
        }
        cluster.deletePod(pod);
    }

    /** The named NIC must exist: ADD of the NIC that would hand it the default route fails naming it, and DEL still cleans up. */
    @Test
    void C00014_aDefaultRouteNicThatDoesNotExistFailsTheAdd() throws Exception {
        SimNode node = cluster.node(1);
        List<Nic> nics = twoNics(SERVICE_CIDR + ",\"podDefaultRouteNic\":\"net9\"");
        SimPod pod = cluster.addPod(node, "p-net9", nics.subList(0, 1));
        List<String> before = node.allocated("sim2-v4");

        assertThatThrownBy(() -> cluster.attach(pod, nics.get(1)))
                .isInstanceOfSatisfying(ChainRunner.ChainException.class, e -> assertThat(e.plugin).isEqualTo("coordinator"))
                .hasMessageContaining("net9");

        cluster.deletePod(pod);
        assertThat(node.allocated("sim2-v4")).as("DEL after the failed ADD frees net1's address").isEqualTo(before);
        assertThat(pod.links()).containsExactly("lo");
    }

    /** Any second NIC name works, not only net1 (ens9 here). */
    @Test
    void C00015_aSecondNicWithAnotherName() throws Exception {
        SimPod pod = cluster.addPod(cluster.node(1), "p-ens9", List.of(Nic.macvlan("eth0").ipv4Only().withCoordinator(SERVICE_CIDR),
                Nic.macvlanOnSecondSubnet("ens9").ipv4Only().withCoordinator(SERVICE_CIDR)));

        assertThat(pod.ip("-4", "route", "show", "default")).isEqualTo("default via 192.0.2.1 dev eth0");
        assertThat(pod.ip("-4", "rule", "show")).contains("from " + pod.ipv4("ens9") + " lookup");
        cluster.deletePod(pod);
    }

    /** hostRuleTable 600: the node's rule and the pod's host route use table 600, and the node still reaches its pod. */
    @Test
    void C00016_hostRuleTableNamesTheNodesTable() throws Exception {
        SimNode node = cluster.node(2);
        SimPod pod = cluster.addPod(node, "p-table", List.of(Nic.macvlan("eth0").ipv4Only()
                .withCoordinator(SERVICE_CIDR + ",\"hostRuleTable\":600")));

        assertThat(node.ns.ip("-4", "rule", "show")).contains("from all lookup 600");
        assertThat(node.ns.ip("-4", "route", "show", "table", "600")).contains(pod.ipv4("eth0") + " dev veth");
        try (TcpEcho echo = TcpEcho.listen(pod.netns())) {
            TcpEcho.exchange(node.netns(), new InetSocketAddress(pod.ipv4("eth0"), echo.port()), TIMEOUT);
        }
        cluster.deletePod(pod);
    }

    /** tunePodRoutes false: nothing is moved, so net1's default route and no source rule for it. */
    @Test
    void C00017_tunePodRoutesFalseLeavesTheRoutesAlone() throws Exception {
        SimPod pod = cluster.addPod(cluster.node(1), "p-notune", twoNics(SERVICE_CIDR + ",\"tunePodRoutes\":false"));

        assertThat(pod.ip("-4", "route", "show", "default")).contains("dev net1");
        assertThat(pod.ip("-4", "rule", "show")).doesNotContain("from " + pod.ipv4("net1"));
        cluster.deletePod(pod);
    }

    /** podRPFilter 1 (strict) in the pod, and traffic to both NICs still flows, as upstream's case with rp_filter 1. */
    @Test
    void C00021_podRpFilterIsSetAndTrafficStillFlows() throws Exception {
        List<Nic> nics = twoNics(SERVICE_CIDR + ",\"podRPFilter\":1");
        SimPod pod = cluster.addPod(cluster.node(1), "p-rpf", nics);
        SimPod peer = cluster.addPod(cluster.node(2), "p-rpf-peer", nics);

        assertThat(SimCluster.inNetns(pod.ns.name(), "sysctl", "-n", "net.ipv4.conf.all.rp_filter").strip()).isEqualTo("1");
        try (TcpEcho echo = TcpEcho.listen(pod.netns())) {
            TcpEcho.exchange(peer.netns(), new InetSocketAddress(pod.ipv4("eth0"), echo.port()), TIMEOUT);
            TcpEcho.exchange(peer.netns(), new InetSocketAddress(pod.ipv4("net1"), echo.port()), TIMEOUT);
            TcpEcho.exchange(cluster.node(1).netns(), new InetSocketAddress(pod.ipv4("eth0"), echo.port()), TIMEOUT);
        }
        cluster.deletePod(pod);
        cluster.deletePod(peer);
    }

    /** vethMTU 1400 on both ends of the pair, the node's end named veth + the container ID's first 11 characters. */
    @Test
    void C00023_vethMtuOnBothEnds() throws Exception {
        SimNode node = cluster.node(1);
        SimPod pod = cluster.addPod(node, "p-mtu", List.of(Nic.macvlan("eth0").ipv4Only()
                .withCoordinator(SERVICE_CIDR + ",\"vethMTU\":1400")));

        assertThat(pod.ip("link", "show", "veth0")).contains("mtu 1400");
        assertThat(node.ns.ip("link", "show", "veth" + pod.containerId.substring(0, 11))).contains("mtu 1400");
        cluster.deletePod(pod);
    }

    /**
     * Settings upstream's webhook refuses (C00022: a MAC prefix with the multicast bit; C00023: a
     * negative veth MTU) reach the plugin here straight from the network definition: the coordinator's
     * ADD fails naming the key. The pods are left to the cluster's clean-up: the coordinator's DEL
     * refuses the same configuration today, and a runtime's chain DEL stops there, before
     * macvlan's and the IPAM's DEL (upstream's DEL does the same; best-effort DEL should not).
     */
    @Test
    void C00022_C00023_invalidMacPrefixOrVethMtuFailTheAddNamingTheKey() throws Exception {
        for (String bad : List.of("\"podMACPrefix\":\"01:1b\"", "\"vethMTU\":-1")) {
            String key = bad.substring(1, bad.indexOf('"', 1));
            SimPod pod = cluster.addPod(cluster.node(1), "p-bad-" + key.toLowerCase(java.util.Locale.ROOT), List.of());
            Nic nic = Nic.macvlan("eth0").ipv4Only().withCoordinator(SERVICE_CIDR + "," + bad);

            assertThatThrownBy(() -> cluster.attach(pod, nic)).as(bad)
                    .isInstanceOfSatisfying(ChainRunner.ChainException.class, e -> assertThat(e.plugin).isEqualTo("coordinator"))
                    .hasMessageContaining(key);
        }
    }

    /** hijackCIDR: traffic to e.g. a node-local DNS range goes to the node over veth0, like the service CIDR. */
    @Test
    void hijackCidrGoesToTheNodeOverVeth0() throws Exception {
        SimPod pod = cluster.addPod(cluster.node(2), "p-hijack", List.of(Nic.macvlan("eth0").ipv4Only()
                .withCoordinator(SERVICE_CIDR + ",\"hijackCIDR\":[\"169.254.0.0/16\"]")));

        assertThat(pod.ip("route", "get", "169.254.20.10")).contains("via " + cluster.node(2).ipv4(), "dev veth0");
        assertThat(pod.ip("route", "get", "203.0.113.5")).contains("dev eth0");
        cluster.deletePod(pod);
    }
}
