package io.spidernet.spiderpool.cni;

import static io.spidernet.spiderpool.cni.NetOpExecutorLiveTest.dump;
import static io.spidernet.spiderpool.cni.NetOpExecutorLiveTest.lines;
import static io.spidernet.spiderpool.cni.NetOpExecutorLiveTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.api.agent.v1.CoordinatorConfig;
import io.spidernet.spiderpool.netlink.Netns;
import io.spidernet.spiderpool.netlink.testkit.NetnsFixture;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole coordinator ADD and DEL as the runtime makes them, for real: a "node" namespace with an
 * uplink carrying 192.0.2.1/24, a "pod" namespace whose eth0 is a macvlan of that uplink with
 * 192.0.2.10/24, the agent's SpiderCoordinator settings from a fake agent, and the plugin run
 * inside the node namespace as the binary runs in the node's. Checked with iproute2 and iptables.
 */
class CoordinatorAddInNetnsTest {
    static final String CONTAINER_ID = "c0ffee12345678deadbeef";
    static final String HOST_VETH = "vethc0ffee12345";

    @TempDir
    Path dir;

    final List<String> logged = new ArrayList<>();
    final CoordinatorPlugin plugin = new CoordinatorPlugin(5_000, logged::add);

    CniPlugin.Reply invoke(NetnsFixture node, String command, Path pod, String conf) throws Exception {
        return invoke(node, command, pod, conf, "eth0");
    }

    CniPlugin.Reply invoke(NetnsFixture node, String command, Path pod, String conf, String ifName) throws Exception {
        Map<String, String> env = Invocations.env(command, ifName);
        env.put("CNI_CONTAINERID", CONTAINER_ID);
        env.put("CNI_NETNS", pod.toString());
        env.put("PATH", System.getenv().getOrDefault("PATH", ""));
        return Netns.run(node.path(), () -> plugin.handle(env,
                new ByteArrayInputStream(conf.getBytes(StandardCharsets.UTF_8))));
    }


    /** The node's uplink and the pod's macvlan eth0 on it, with the given addresses (IPv6 without DAD). */
    static void wire(NetnsFixture node, NetnsFixture pod, String nodeCidr6, String podCidr6) throws Exception {
        node.ip("link", "add", "uplink", "type", "veth", "peer", "name", "uplink-p");
        node.ip("addr", "add", "192.0.2.1/24", "dev", "uplink");
        node.ip("link", "set", "uplink", "up");
        node.ip("link", "set", "uplink-p", "up");
        node.ip("link", "add", "mv0", "link", "uplink", "type", "macvlan", "mode", "bridge");
        node.ip("link", "set", "mv0", "netns", pod.name());
        pod.ip("link", "set", "mv0", "name", "eth0");
        pod.ip("addr", "add", "192.0.2.10/24", "dev", "eth0");
        if (nodeCidr6 != null) {
            node.addAddress("uplink", nodeCidr6);
            pod.addAddress("eth0", podCidr6);
        }
        pod.ip("link", "set", "eth0", "up");
        pod.ip("route", "add", "default", "via", "192.0.2.254", "dev", "eth0");
    }

    @Test
    void underlayAddWiresPodAndNodeAndDelTwiceLeavesTheNodeAsItWas() throws Exception {
        NetnsFixture.requireUsable();
        try (NetnsFixture node = NetnsFixture.create("cnode"); NetnsFixture pod = NetnsFixture.create("cpod");
                FakeAgent agent = new FakeAgent(dir.resolve("agent.sock"))) {
            wire(node, pod, null, null);
            agent.answer(AgentClient.COORDINATOR_CONFIG, new FakeAgent.Respond(CoordinatorConfig.newBuilder()
                    .setMode("auto").setTunePodRoutes(true).addServiceCidr("10.96.0.0/12").setHostRuleTable(500)
                    .setPodRpFilter(0).setVethMtu(1500).build()));
            String prevResult = "{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"eth0\",\"sandbox\":\""
                    + pod.path() + "\"}],\"ips\":[{\"address\":\"192.0.2.10/24\",\"interface\":0}]}";
            String conf = CoordinatorPluginTest.netconf("1.0.0", agent.socket(), "\"prevResult\":" + prevResult);
            String nodeBefore = dump(node);

            CniPlugin.Reply added = invoke(node, "ADD", pod.path(), conf);
            String podAfterFirst = pod.ip("route", "show", "table", "all") + pod.ip("rule", "show")
                    + pod.ip("neigh", "show");
            // the runtime retries an ADD whose reply it lost: same answer, nothing doubled
            CniPlugin.Reply retried = invoke(node, "ADD", pod.path(), conf);

            assertThat(added).isEqualTo(new CniPlugin.Reply(prevResult, 0));
            assertThat(retried).isEqualTo(added);
            assertThat(pod.ip("route", "show", "table", "all") + pod.ip("rule", "show") + pod.ip("neigh", "show"))
                    .isEqualTo(podAfterFirst);
            String veth0Mac = mac(pod.ip("link", "show", "veth0"));
            String hostVethMac = mac(node.ip("link", "show", HOST_VETH));
            assertThat(pod.ip("link", "show", "veth0")).contains("state UP", "mtu 1500");
            assertThat(pod.ip("route", "show", "table", "main")).contains(
                    "default via 192.0.2.254 dev eth0",
                    "10.96.0.0/12 via 192.0.2.1 dev veth0 src 192.0.2.10",
                    "192.0.2.1 dev veth0 scope link src 192.0.2.10");
            assertThat(lines(pod.ip("rule", "show"), "fwmark")).containsExactly("1000:\tfrom all fwmark 0x1 lookup 100");
            assertThat(pod.ip("route", "show", "table", "100")).contains("default via 192.0.2.1 dev veth0");
            assertThat(pod.ip("neigh", "show", "dev", "veth0")).contains("192.0.2.1 lladdr " + hostVethMac + " PERMANENT");
            String mangle = run("ip", "netns", "exec", pod.name(), "iptables", "-w", "-t", "mangle", "-S");
            assertThat(lines(mangle, "CONNMARK")).hasSize(2);
            assertThat(mangle).contains("-j CONNMARK --save-mark", "-j CONNMARK --restore-mark", "-i veth0");
            assertThat(lines(node.ip("rule", "show"), "lookup 500")).containsExactly("1000:\tfrom all lookup 500");
            assertThat(node.ip("route", "show", "table", "500").strip())
                    .isEqualTo("192.0.2.10 dev " + HOST_VETH + " scope link");
            assertThat(node.ip("neigh", "show", "192.0.2.10").strip())
                    .isEqualTo("192.0.2.10 dev " + HOST_VETH + " lladdr " + veth0Mac + " PERMANENT");

            assertThat(invoke(node, "DEL", pod.path(), conf)).isEqualTo(new CniPlugin.Reply("", 0));
            assertThat(invoke(node, "DEL", pod.path(), conf)).isEqualTo(new CniPlugin.Reply("", 0));

            // the "from all lookup 500" rule serves every pod of the node and stays, as upstream's does
            assertThat(dump(node).replace("1000:\tfrom all lookup 500\n", "")).isEqualTo(nodeBefore);
            assertThat(pod.ip("link", "show")).doesNotContain("veth0");
        }
    }

    @Test
    void dualStackAddWiresBothFamiliesAndDelTwiceLeavesTheNodeAsItWas() throws Exception {
        NetnsFixture.requireUsable();
        try (NetnsFixture node = NetnsFixture.create("cnode6"); NetnsFixture pod = NetnsFixture.create("cpod6");
                FakeAgent agent = new FakeAgent(dir.resolve("agent.sock"))) {
            wire(node, pod, "2001:db8::1/64", "2001:db8::10/64");
            agent.answer(AgentClient.COORDINATOR_CONFIG, new FakeAgent.Respond(CoordinatorConfig.newBuilder()
                    .setMode("underlay").setTunePodRoutes(true).addServiceCidr("10.96.0.0/12")
                    .addServiceCidr("fd00:96::/108").setHostRuleTable(500).setPodRpFilter(-1).setVethMtu(1500).build()));
            String prevResult = "{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"192.0.2.10/24\"},"
                    + "{\"address\":\"2001:db8::10/64\"}]}";
            String conf = CoordinatorPluginTest.netconf("1.0.0", agent.socket(), "\"prevResult\":" + prevResult);
            String nodeBefore = dump(node);

            CniPlugin.Reply added = invoke(node, "ADD", pod.path(), conf);

            assertThat(added).isEqualTo(new CniPlugin.Reply(prevResult, 0));
            String veth0Mac = mac(pod.ip("link", "show", "veth0"));
            assertThat(pod.ip("-6", "route", "show", "table", "main")).contains("fd00:96::/108 via 2001:db8::1 dev veth0",
                    "2001:db8::1 dev veth0");
            assertThat(pod.ip("-6", "route", "show", "table", "100")).contains("default via 2001:db8::1 dev veth0");
            assertThat(lines(pod.ip("-6", "rule", "show"), "fwmark")).containsExactly("1000:\tfrom all fwmark 0x1 lookup 100");
            assertThat(run("ip", "netns", "exec", pod.name(), "ip6tables", "-w", "-t", "mangle", "-S"))
                    .contains("-j CONNMARK --save-mark", "-j CONNMARK --restore-mark");
            assertThat(lines(node.ip("-6", "rule", "show"), "lookup 500")).containsExactly("1000:\tfrom all lookup 500");
            assertThat(node.ip("-6", "route", "show", "table", "500")).contains("2001:db8::10 dev " + HOST_VETH);
            assertThat(node.ip("-6", "neigh", "show", "2001:db8::10").strip())
                    .isEqualTo("2001:db8::10 dev " + HOST_VETH + " lladdr " + veth0Mac + " PERMANENT");

            assertThat(invoke(node, "DEL", pod.path(), conf)).isEqualTo(new CniPlugin.Reply("", 0));
            assertThat(invoke(node, "DEL", pod.path(), conf)).isEqualTo(new CniPlugin.Reply("", 0));

            assertThat(dump(node).replace("1000:\tfrom all lookup 500\n", "")).isEqualTo(nodeBefore);
        }
    }

    @Test
    void overlayAddKeepsTheOverlayDefaultAndGivesTheUnderlayNicItsOwnTable() throws Exception {
        NetnsFixture.requireUsable();
        try (NetnsFixture node = NetnsFixture.create("onode"); NetnsFixture pod = NetnsFixture.create("opod");
                FakeAgent agent = new FakeAgent(dir.resolve("agent.sock"))) {
            // the overlay CNI's eth0: a veth whose host end carries the node's address towards it
            node.ip("link", "add", "calihost", "type", "veth", "peer", "name", "ov0");
            node.ip("addr", "add", "198.51.100.1/24", "dev", "calihost");
            node.ip("link", "set", "calihost", "up");
            node.ip("link", "set", "ov0", "netns", pod.name());
            pod.ip("link", "set", "ov0", "name", "eth0");
            pod.ip("addr", "add", "198.51.100.5/24", "dev", "eth0");
            pod.ip("link", "set", "eth0", "up");
            pod.ip("route", "add", "default", "via", "198.51.100.1", "dev", "eth0");
            // the underlay net1: a macvlan of the node's uplink
            node.ip("link", "add", "uplink", "type", "veth", "peer", "name", "uplink-p");
            node.ip("addr", "add", "192.0.2.1/24", "dev", "uplink");
            node.ip("link", "set", "uplink", "up");
            node.ip("link", "set", "uplink-p", "up");
            node.ip("link", "add", "mv1", "link", "uplink", "type", "macvlan", "mode", "bridge");
            node.ip("link", "set", "mv1", "netns", pod.name());
            pod.ip("link", "set", "mv1", "name", "net1");
            pod.ip("addr", "add", "192.0.2.10/24", "dev", "net1");
            pod.ip("link", "set", "net1", "up");
            agent.answer(AgentClient.COORDINATOR_CONFIG, new FakeAgent.Respond(CoordinatorConfig.newBuilder()
                    .setMode("auto").setTunePodRoutes(true).addServiceCidr("10.96.0.0/12").setHostRuleTable(500)
                    .setPodRpFilter(-1).setVethMtu(1500).build()));
            String prevResult = "{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"192.0.2.10/24\"}]}";
            String conf = CoordinatorPluginTest.netconf("1.0.0", agent.socket(), "\"prevResult\":" + prevResult);
            String nodeBefore = dump(node);

            CniPlugin.Reply added = invoke(node, "ADD", pod.path(), conf, "net1");

            assertThat(added).isEqualTo(new CniPlugin.Reply(prevResult, 0));
            String hostPeerMac = mac(node.ip("link", "show", "calihost"));
            assertThat(pod.ip("link", "show")).doesNotContain("veth0");
            assertThat(pod.ip("route", "show", "table", "main")).contains("default via 198.51.100.1 dev eth0",
                    "10.96.0.0/12 via 198.51.100.1 dev eth0 src 198.51.100.5")
                    .doesNotContain("default via 192.0.2");
            assertThat(lines(pod.ip("rule", "show"), "from 192.0.2.10")).singleElement().asString().endsWith("lookup 101");
            assertThat(pod.ip("route", "show", "table", "101")).contains("192.0.2.0/24 dev net1 scope link src 192.0.2.10");
            assertThat(lines(pod.ip("rule", "show"), "from 198.51.100.5")).singleElement().asString().endsWith("lookup 100");
            assertThat(pod.ip("route", "show", "table", "100")).contains("default via 198.51.100.1 dev eth0");
            assertThat(pod.ip("neigh", "show", "dev", "eth0")).contains("198.51.100.1 lladdr " + hostPeerMac + " PERMANENT",
                    "192.0.2.1 lladdr " + hostPeerMac + " PERMANENT");
            assertThat(node.ip("route", "show", "table", "500").strip()).isEqualTo("192.0.2.10 dev calihost scope link");
            assertThat(node.ip("neigh", "show", "192.0.2.10").strip()).isEqualTo("192.0.2.10 dev calihost lladdr "
                    + mac(pod.ip("link", "show", "eth0")) + " PERMANENT");

            // the overlay CNI's host veth and with it the coordinator's route and neighbour go with
            // the overlay's own DEL; the coordinator's DEL has nothing of its own left and succeeds
            assertThat(invoke(node, "DEL", pod.path(), conf, "net1")).isEqualTo(new CniPlugin.Reply("", 0));
            assertThat(invoke(node, "DEL", pod.path(), conf, "net1")).isEqualTo(new CniPlugin.Reply("", 0));
            assertThat(dump(node).replace("1000:\tfrom all lookup 500\n", "")).contains(nodeBefore.lines().toList());
        }
    }

    @Test
    void netconfFeaturesWinOverTheAgentAndAreAppliedLive() throws Exception {
        NetnsFixture.requireUsable();
        try (NetnsFixture node = NetnsFixture.create("fnode"); NetnsFixture pod = NetnsFixture.create("fpod");
                FakeAgent agent = new FakeAgent(dir.resolve("agent.sock"))) {
            wire(node, pod, null, null);
            agent.answer(AgentClient.COORDINATOR_CONFIG, new FakeAgent.Respond(CoordinatorConfig.newBuilder()
                    .setMode("auto").setTunePodRoutes(true).setHostRuleTable(500).setPodRpFilter(0).setVethMtu(1500)
                    .addHijackCidr("169.254.0.0/16").build()));
            String prevResult = "{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"192.0.2.10/24\"}]}";
            String conf = CoordinatorPluginTest.netconf("1.0.0", agent.socket(), "\"hostRuleTable\":600,"
                    + "\"hijackCIDR\":[\"203.0.113.0/25\"],\"podMACPrefix\":\"0a:1b\",\"vethLinkAddress\":\"169.254.100.1\","
                    + "\"txQueueLen\":3000,\"vethMTU\":1400,\"podRPFilter\":2,"
                    + "\"policyRoutes\":[{\"dst\":\"198.51.100.0/24\",\"gw\":\"192.0.2.254\"}],"
                    + "\"prevResult\":" + prevResult);

            CniPlugin.Reply added = invoke(node, "ADD", pod.path(), conf);

            assertThat(added).isEqualTo(new CniPlugin.Reply(prevResult, 0));
            // MAC from the prefix and the IP's four bytes: 192.0.2.10 is c0:00:02:0a
            assertThat(pod.ip("link", "show", "eth0")).contains("link/ether 0a:1b:c0:00:02:0a", "qlen 3000");
            // sent (NetOpExecutorLiveTest hears the frame); only a failure would be logged
            assertThat(logged).noneMatch(line -> line.contains("announce 192.0.2.10 from eth0"));
            assertThat(pod.ip("link", "show", "veth0")).contains("mtu 1400");
            assertThat(pod.ip("-4", "addr", "show", "veth0")).contains("inet 169.254.100.1/32");
            assertThat(run("ip", "netns", "exec", pod.name(), "sysctl", "-n", "net.ipv4.conf.all.rp_filter"))
                    .isEqualTo("2\n");
            assertThat(pod.ip("route", "show", "table", "main")).contains(
                    "203.0.113.0/25 via 192.0.2.1 dev veth0 src 192.0.2.10",
                    "198.51.100.0/24 via 192.0.2.254 dev eth0").doesNotContain("169.254.0.0/16");
            assertThat(lines(node.ip("rule", "show"), "lookup 600")).containsExactly("1000:\tfrom all lookup 600");
            assertThat(node.ip("route", "show", "table", "600").strip()).isEqualTo("192.0.2.10 dev " + HOST_VETH
                    + " scope link");
            assertThat(node.ip("neigh", "show", "192.0.2.10")).contains("lladdr " + mac(pod.ip("link", "show", "veth0")));

            assertThat(invoke(node, "DEL", pod.path(), conf)).isEqualTo(new CniPlugin.Reply("", 0));
            assertThat(node.ip("route", "show", "table", "600")).isEmpty();
            assertThat(node.ip("link", "show")).doesNotContain(HOST_VETH);
        }
    }

    @Test
    void aSecondUnderlayNicMovesItsDefaultRouteToItsOwnTable() throws Exception {
        NetnsFixture.requireUsable();
        try (NetnsFixture node = NetnsFixture.create("tnode"); NetnsFixture pod = NetnsFixture.create("tpod");
                FakeAgent agent = new FakeAgent(dir.resolve("agent.sock"))) {
            wire(node, pod, null, null);
            node.ip("link", "add", "uplink2", "type", "veth", "peer", "name", "uplink2-p");
            node.ip("addr", "add", "198.51.100.1/24", "dev", "uplink2");
            node.ip("link", "set", "uplink2", "up");
            node.ip("link", "set", "uplink2-p", "up");
            agent.answer(AgentClient.COORDINATOR_CONFIG, new FakeAgent.Respond(CoordinatorConfig.newBuilder()
                    .setMode("auto").setTunePodRoutes(true).setHostRuleTable(500).setPodRpFilter(-1).setVethMtu(1500)
                    .build()));
            String eth0Result = "{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"192.0.2.10/24\"}]}";
            assertThat(invoke(node, "ADD", pod.path(), CoordinatorPluginTest.netconf("1.0.0", agent.socket(),
                    "\"prevResult\":" + eth0Result)).exitStatus()).isZero();
            // then the second NIC's main plugin: a macvlan of the other uplink, with a default route of its own
            node.ip("link", "add", "mv1", "link", "uplink2", "type", "macvlan", "mode", "bridge");
            node.ip("link", "set", "mv1", "netns", pod.name());
            pod.ip("link", "set", "mv1", "name", "net1");
            pod.ip("addr", "add", "198.51.100.10/24", "dev", "net1");
            pod.ip("link", "set", "net1", "up");
            pod.ip("route", "add", "default", "via", "198.51.100.254", "dev", "net1", "metric", "100");
            String net1Result = "{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"198.51.100.10/24\"}]}";

            CniPlugin.Reply added = invoke(node, "ADD", pod.path(), CoordinatorPluginTest.netconf("1.0.0",
                    agent.socket(), "\"prevResult\":" + net1Result), "net1");

            assertThat(added).isEqualTo(new CniPlugin.Reply(net1Result, 0));
            assertThat(pod.ip("route", "show", "table", "main")).contains("default via 192.0.2.254 dev eth0")
                    .doesNotContain("default via 198.51.100.254");
            assertThat(lines(pod.ip("rule", "show"), "from 198.51.100.10")).singleElement().asString()
                    .endsWith("lookup 101");
            assertThat(pod.ip("route", "show", "table", "101")).contains("default via 198.51.100.254 dev net1",
                    "198.51.100.0/24 dev net1");
            assertThat(node.ip("route", "show", "table", "500")).contains("192.0.2.10 dev " + HOST_VETH,
                    "198.51.100.10 dev " + HOST_VETH);
            assertThat(node.ip("neigh", "show", "198.51.100.10")).contains("dev " + HOST_VETH,
                    "lladdr " + mac(pod.ip("link", "show", "veth0")), "PERMANENT");
        }
    }

    @Test
    void delRemovesLegacyRulesOfTheAgentsHostRuleTableAndWorksOnWithoutTheAgent() throws Exception {
        NetnsFixture.requireUsable();
        try (NetnsFixture node = NetnsFixture.create("lnode"); NetnsFixture pod = NetnsFixture.create("lpod")) {
            wire(node, pod, null, null);
            // rules older coordinators left: "to <pod IP> lookup hostRuleTable", at a priority the kernel chose
            node.ip("rule", "add", "to", "192.0.2.10", "lookup", "700");
            node.ip("rule", "add", "to", "192.0.2.10", "lookup", "500");
            String conf = CoordinatorPluginTest.netconf("1.0.0", dir.resolve("agent.sock"), "");
            try (FakeAgent agent = new FakeAgent(dir.resolve("agent.sock"))) {
                agent.answer(AgentClient.COORDINATOR_CONFIG, new FakeAgent.Respond(CoordinatorConfig.newBuilder()
                        .setMode("auto").setHostRuleTable(700).setVethMtu(1500).build()));

                assertThat(invoke(node, "DEL", pod.path(), conf)).isEqualTo(new CniPlugin.Reply("", 0));
            }

            assertThat(lines(node.ip("rule", "show"), "192.0.2.10")).singleElement().asString().endsWith("lookup 500");
            // the agent is gone now: the built-in table 500 is used
            assertThat(invoke(node, "DEL", pod.path(), conf)).isEqualTo(new CniPlugin.Reply("", 0));
            assertThat(lines(node.ip("rule", "show"), "192.0.2.10")).isEmpty();
        }
    }

    private static String mac(String ipLinkShow) {
        int at = ipLinkShow.indexOf("link/ether ");
        return ipLinkShow.substring(at + "link/ether ".length(), at + "link/ether ".length() + 17);
    }
}
