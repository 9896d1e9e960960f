package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.cni.JsonReader;
import io.spidernet.spiderpool.core.cni.JsonWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node path as a runtime drives it: Debian's macvlan plugin execs our spiderpool binary, which
 * asks the agent (its own process, local store), and the namespace ends up with the address.
 */
class NodePathE2ETest {
    private static NodeFixture node;
    private static NetnsKit kit;
    private static String nodeNs;

    @BeforeAll
    static void startNode() throws Exception {
        NetnsKit.unavailableReason().ifPresent(NodePathE2ETest::skip);
        if (!Files.isExecutable(ReferencePluginsTest.CNI_DIR.resolve("macvlan"))) {
            skip("containernetworking-plugins is not installed (.ci/run installs it with apt)");
        }
        node = new NodeFixture();
        node.startAgent();
        kit = new NetnsKit("e2e");
        kit.netns("node");
        nodeNs = kit.name("node");
        kit.veth("node", "e2em0", "e2em0p");
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (kit != null) {
            kit.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private static void skip(String reason) {
        System.out.println("SKIP " + NodePathE2ETest.class.getSimpleName() + ": " + reason);
        Assumptions.abort(reason);
    }

    private static CniExec.Result macvlan(Map<String, String> env, String conf) throws Exception {
        return CniExec.run(List.of("ip", "netns", "exec", nodeNs, ReferencePluginsTest.CNI_DIR.resolve("macvlan").toString()),
                env, conf);
    }

    private static String pools(String v4, String v6) {
        List<String> parts = new ArrayList<>();
        if (v4 != null) {
            parts.add("\"default_ipv4_ippool\":[\"" + v4 + "\"]");
        }
        if (v6 != null) {
            parts.add("\"default_ipv6_ippool\":[\"" + v6 + "\"]");
        }
        return String.join(",", parts);
    }

    @Test
    void dualStackAddRepeatCheckDelThroughMacvlan() throws Exception {
        Path pod = kit.netns("pod1");
        String conf = node.netconf("1.0.0", "macvlan", pools("e2e-v4", "e2e-v6"));

        CniExec.Result add = macvlan(node.env("ADD", "ctr-1", pod, "net1"), conf);
        assertThat(add.exit()).as(add.stdout() + add.stderr()).isZero();
        // macvlan pretty-prints the result it got from us: compare the compact form
        assertThat(JsonWriter.write(JsonReader.parse(add.stdout()))).contains("\"address\":\"10.20.0.10/24\"", "\"gateway\":\"10.20.0.1\"",
                "\"address\":\"fd00:20::10/64\"", "\"gateway\":\"fd00:20::1\"");
        assertThat(kit.addresses("pod1", "net1")).contains("10.20.0.10/24", "fd00:20::10/64");
        assertThat(kit.routes("pod1", "-4")).contains("default via 10.20.0.1 dev net1", "10.99.0.0/16 via 10.20.0.254 dev net1");
        assertThat(kit.routes("pod1", "-6")).contains("default via fd00:20::1 dev net1");

        CniExec.Result again = node.ipam(node.env("ADD", "ctr-1", pod, "net1"), conf);
        assertThat(again.stdout()).as("a repeated ADD gives the same addresses").contains("10.20.0.10/24", "fd00:20::10/64");

        String check = conf.replaceFirst("}$", ",\"prevResult\":" + add.stdout() + "}");
        assertThat(macvlan(node.env("CHECK", "ctr-1", pod, "net1"), check).exit()).isZero();
        assertThat(node.ipam(node.env("CHECK", "ctr-1", pod, "net1"), check).exit()).isZero();
        kit.ns("pod1").deleteAddress("net1", "10.20.0.10/24");
        CniExec.Result broken = node.ipam(node.env("CHECK", "ctr-1", pod, "net1"), check);
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.stdout()).contains("10.20.0.10");

        CniExec.Result del = macvlan(node.env("DEL", "ctr-1", pod, "net1"), conf);
        assertThat(del.exit()).as(del.stdout() + del.stderr()).isZero();
        assertThat(node.allocated("e2e-v4")).doesNotContain("10.20.0.10");
        assertThat(node.allocated("e2e-v6")).doesNotContain("fd00:20::10");
        assertThat(macvlan(node.env("DEL", "ctr-1", pod, "net1"), conf).exit()).as("DEL again").isZero();
    }

    /** CNI 1.1.0's verbs through the installed binary and the agent process: STATUS, then GC of one of two containers. */
    @Test
    void statusAndGcOfCni110() throws Exception {
        String conf = node.netconf("1.1.0", "macvlan", pools("e2e-v4", null));
        Map<String, String> status = Map.of("CNI_COMMAND", "STATUS");
        CniExec.Result up = node.ipam(status, conf);
        assertThat(up.exit()).as(up.stdout() + up.stderr()).isZero();
        assertThat(up.stdout()).isEmpty();
        CniExec.Result down = node.ipam(status, conf.replace(node.socket.toString(), "/nonexistent/agent.sock"));
        assertThat(down.exit()).isEqualTo(1);
        assertThat(JsonReader.parseObject(down.stdout())).containsEntry("code", 50L);

        Path pod = kit.netns("pod9");
        String kept = address(node.ipam(node.env("ADD", "ctr-gc-keep", pod, "net1"), conf));
        String stale = address(node.ipam(node.env("ADD", "ctr-gc-stale", pod, "net2"), conf));
        assertThat(node.allocated("e2e-v4")).contains(kept, stale);

        String gc = conf.replaceFirst("}$", ",\"cni.dev/valid-attachments\":[{\"containerID\":\"ctr-gc-keep\","
                + "\"ifname\":\"net1\"}]}");
        CniExec.Result collected = node.ipam(Map.of("CNI_COMMAND", "GC", "CNI_PATH", "/opt/cni/bin"), gc);
        assertThat(collected.exit()).as(collected.stdout() + collected.stderr()).isZero();
        assertThat(collected.stdout()).isEmpty();
        assertThat(node.allocated("e2e-v4")).contains(kept).doesNotContain(stale);

        assertThat(node.ipam(node.env("DEL", "ctr-gc-keep", pod, "net1"), conf).exit()).isZero();
    }

    private static String address(CniExec.Result add) {
        assertThat(add.exit()).as(add.stdout() + add.stderr()).isZero();
        String cidr = (String) ((Map<?, ?>) ((List<?>) JsonReader.parseObject(add.stdout()).get("ips")).getFirst()).get("address");
        return cidr.substring(0, cidr.indexOf('/'));
    }

    @Test
    void theBridgePluginGetsItsAddressFromUsToo() throws Exception {
        Path pod = kit.netns("pod6");
        String conf = node.netconf("0.4.0", "bridge", pools("e2e-v4", null))
                .replace("\"master\":\"e2em0\",\"mode\":\"bridge\",", "\"bridge\":\"e2ebr0\",");
        CniExec.Result bridge = CniExec.run(List.of("ip", "netns", "exec", nodeNs,
                ReferencePluginsTest.CNI_DIR.resolve("bridge").toString()), node.env("ADD", "ctr-br", pod, "eth0"), conf);
        assertThat(bridge.exit()).as(bridge.stdout() + bridge.stderr()).isZero();
        String address = String.valueOf(firstIp(JsonReader.parseObject(bridge.stdout())).get("address"));
        assertThat(kit.addresses("pod6", "eth0")).contains(address);
        assertThat(node.allocated("e2e-v4")).contains(address.split("/")[0]);

        CniExec.Result del = CniExec.run(List.of("ip", "netns", "exec", nodeNs,
                ReferencePluginsTest.CNI_DIR.resolve("bridge").toString()), node.env("DEL", "ctr-br", pod, "eth0"), conf);
        assertThat(del.exit()).as(del.stdout() + del.stderr()).isZero();
        assertThat(node.allocated("e2e-v4")).doesNotContain(address.split("/")[0]);
    }

    @Test
    void resultsFollowTheRequestedCniVersion() throws Exception {
        Path pod = kit.netns("pod2");
        CniExec.Result v031 = node.ipam(node.env("ADD", "ctr-031", pod, "eth0"), node.netconf("0.3.1", "macvlan", pools("e2e-v4", null)));
        CniExec.Result v100 = node.ipam(node.env("ADD", "ctr-100", pod, "eth0"), node.netconf("1.0.0", "macvlan", pools("e2e-v4", null)));

        Map<String, Object> old = JsonReader.parseObject(v031.stdout());
        Map<String, Object> current = JsonReader.parseObject(v100.stdout());
        assertThat(old).containsEntry("cniVersion", "0.3.1");
        assertThat(firstIp(old)).containsEntry("version", "4");
        assertThat(current).containsEntry("cniVersion", "1.0.0");
        assertThat(firstIp(current)).doesNotContainKey("version");
        for (String id : List.of("ctr-031", "ctr-100")) {
            assertThat(node.ipam(node.env("DEL", id, pod, "eth0"), node.netconf("1.0.0", "macvlan", "")).exit()).isZero();
        }
    }

    @Test
    void anIpv6OnlyPoolGivesOnlyAnIpv6Address() throws Exception {
        Path pod = kit.netns("pod3");
        CniExec.Result add = macvlan(node.env("ADD", "ctr-v6", pod, "net1"), node.netconf("1.0.0", "macvlan", pools(null, "e2e-v6")));
        assertThat(add.exit()).as(add.stdout() + add.stderr()).isZero();
        assertThat(add.stdout()).contains("fd00:20::").doesNotContain("10.20.0.");
        assertThat(macvlan(node.env("DEL", "ctr-v6", pod, "net1"), node.netconf("1.0.0", "macvlan", "")).exit()).isZero();
    }

    @Test
    void anExhaustedPoolIsACniErrorNamingThePool() throws Exception {
        Path pod = kit.netns("pod4");
        String conf = node.netconf("1.0.0", "macvlan", pools("e2e-tiny", null));
        assertThat(node.ipam(node.env("ADD", "ctr-tiny-1", pod, "eth0"), conf).exit()).isZero();

        CniExec.Result second = node.ipam(node.env("ADD", "ctr-tiny-2", pod, "eth0"), conf);

        assertThat(second.exit()).isEqualTo(1);
        Map<String, Object> err = JsonReader.parseObject(second.stdout());
        assertThat(((Number) err.get("code")).intValue()).isEqualTo(101);
        assertThat(second.stdout()).contains("e2e-tiny");
        node.ipam(node.env("DEL", "ctr-tiny-1", pod, "eth0"), conf);
    }

    @Test
    void fiftyParallelAddsGetFiftyDistinctAddresses() throws Exception {
        Path pod = kit.netns("pod5");
        String conf = node.netconf("1.0.0", "macvlan", pools("e2e-big", null));
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<CniExec.Result>> adds = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String id = "ctr-par-" + i;
                adds.add(pool.submit(() -> node.ipam(node.env("ADD", id, pod, "eth0"), conf)));
            }
            Set<String> addresses = new HashSet<>();
            for (Future<CniExec.Result> f : adds) {
                CniExec.Result r = f.get();
                assertThat(r.exit()).as(r.stdout() + r.stderr()).isZero();
                addresses.add(String.valueOf(firstIp(JsonReader.parseObject(r.stdout())).get("address")));
            }
            assertThat(addresses).hasSize(50);
            assertThat(node.allocated("e2e-big")).hasSize(50);
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 50; i++) {
            node.ipam(node.env("DEL", "ctr-par-" + i, pod, "eth0"), conf);
        }
        assertThat(node.allocated("e2e-big")).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstIp(Map<String, Object> result) {
        return (Map<String, Object>) ((List<Object>) result.get("ips")).getFirst();
    }
}
