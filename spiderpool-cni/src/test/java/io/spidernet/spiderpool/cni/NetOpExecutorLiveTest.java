package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.coordinator.CoordinatorPlan;
import io.spidernet.spiderpool.core.coordinator.NetOp;
import io.spidernet.spiderpool.core.coordinator.RouteSpec;
import io.spidernet.spiderpool.core.coordinator.RuleSpec;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.netlink.Netns;
import io.spidernet.spiderpool.netlink.testkit.NetnsFixture;
import java.nio.charset.StandardCharsets;
import io.spidernet.spiderpool.netlink.Links;
import io.spidernet.spiderpool.netlink.NetlinkSocket;
import io.spidernet.spiderpool.netlink.PacketSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every NetOp kind applied by the executor for real, in a "pod" and a "host" namespace made for
 * the test (the executor runs inside the host one, as the binary runs in the node's), each plan
 * twice to prove a retried ADD finds its own work done. Checked with iproute2 and iptables.
 */
class NetOpExecutorLiveTest {
    static final String POD_MAC = "02:aa:bb:cc:dd:01";
    static final String HOST_MAC = "02:aa:bb:cc:dd:02";
    static final IpAddress POD_IP = IpAddress.parse("192.0.2.10");
    static final IpAddress NODE_IP = IpAddress.parse("198.51.100.1");
    static final List<String> MARK_NEW = List.of("-t", "mangle", "-A", "PREROUTING", "-i", "veth0", "-m", "conntrack",
            "--ctstate", "NEW", "-j", "MARK", "--set-xmark", "0x1/0xffffffff");

    final List<String> logged = new ArrayList<>();
    final NetOpExecutor executor = new NetOpExecutor(new IptablesCommand(System.getenv().getOrDefault("PATH", "")),
            logged::add);

    static RouteSpec route(int table, String dst, String via, String dev, RouteSpec.Scope scope, String src) {
        return new RouteSpec(table, dst == null ? null : Cidr.parse(dst), via == null ? null : IpAddress.parse(via), dev,
                scope, src == null ? null : IpAddress.parse(src));
    }

    static CoordinatorPlan underlayPlan(String hostEnd) {
        List<NetOp> pod = List.of(
                new NetOp.CreateVethPair("veth0", hostEnd, 1400, POD_MAC, HOST_MAC),
                new NetOp.SetLinkUp("eth0"),
                new NetOp.SetMac("eth0", "0a:1b:c0:00:02:0a"),
                new NetOp.SetTxQueueLen("eth0", 2000),
                new NetOp.AddAddress("veth0", Cidr.parse("169.254.100.1/32")),
                new NetOp.SetSysctl("net.ipv4.conf.all.rp_filter", "0"),
                new NetOp.ReplaceNeighbour("veth0", NODE_IP, HOST_MAC),
                new NetOp.AddRoute(route(RouteSpec.MAIN, "198.51.100.1/32", null, "veth0", RouteSpec.Scope.LINK, "192.0.2.10")),
                new NetOp.AddRoute(route(RouteSpec.MAIN, "10.96.0.0/12", "198.51.100.1", "veth0", RouteSpec.Scope.UNIVERSE,
                        "192.0.2.10")),
                new NetOp.AddRule(new RuleSpec(IpFamily.V4, 1000, 100, null, null, 1)),
                new NetOp.AddRule(new RuleSpec(IpFamily.V4, 999, 101, Cidr.parse("192.0.2.10/32"), null, 0)),
                new NetOp.AddRoute(route(100, null, "198.51.100.1", "veth0", RouteSpec.Scope.UNIVERSE, null)),
                new NetOp.AddRoute(route(101, "192.0.2.0/24", null, "eth0", RouteSpec.Scope.LINK, "192.0.2.10")),
                new NetOp.DeleteRoute(route(RouteSpec.MAIN, "203.0.113.0/24", null, "eth0", RouteSpec.Scope.LINK, null)),
                new NetOp.DeleteRule(new RuleSpec(IpFamily.V4, 998, 102, Cidr.parse("192.0.2.99/32"), null, 0)),
                new NetOp.Iptables(IpFamily.V4, MARK_NEW),
                new NetOp.Announce("eth0", POD_IP));
        List<NetOp> host = List.of(
                new NetOp.DeleteNeighbours(POD_IP),
                new NetOp.ReplaceNeighbour(hostEnd, POD_IP, POD_MAC),
                new NetOp.AddRule(new RuleSpec(IpFamily.V4, 1000, 500, null, null, 0)),
                new NetOp.DeleteRoutesTo(500, Cidr.parse("192.0.2.10/32")),
                new NetOp.AddRoute(route(500, "192.0.2.10/32", null, hostEnd, RouteSpec.Scope.LINK, null)),
                new NetOp.SetSysctl("net.ipv4.conf." + hostEnd + ".rp_filter", "0"));
        return new CoordinatorPlan(pod, host);
    }

    @Test
    void appliesEveryKindOfOpTwiceAndDeleteLeavesTheHostAsItWas() throws Exception {
        NetnsFixture.requireUsable();
        try (NetnsFixture host = NetnsFixture.create("exh"); NetnsFixture pod = NetnsFixture.create("exp")) {
            host.ip("link", "add", "uplink", "type", "veth", "peer", "name", "uplink-p");
            host.ip("addr", "add", "198.51.100.1/24", "dev", "uplink");
            host.ip("link", "set", "uplink", "up");
            // a stale entry from an earlier pod with this IP, which the plan clears
            host.ip("neigh", "add", "192.0.2.10", "lladdr", "02:00:00:00:00:99", "dev", "uplink", "nud", "permanent");
            pod.ip("link", "add", "eth0", "type", "veth", "peer", "name", "eth0-p");
            pod.ip("addr", "add", "192.0.2.10/24", "dev", "eth0");
            pod.ip("link", "set", "eth0-p", "up");
            String before = dump(host);
            String hostEnd = "vethexec0123";
            CoordinatorPlan plan = underlayPlan(hostEnd);
            CountDownLatch listening = new CountDownLatch(1);
            FutureTask<byte[]> heard = new FutureTask<>(() -> Netns.run(pod.path(), () -> firstArp(listening)));
            Thread.ofPlatform().daemon().start(heard);
            assertThat(listening.await(10, TimeUnit.SECONDS)).isTrue();

            for (int attempt = 0; attempt < 2; attempt++) {
                Netns.run(host.path(), () -> {
                    executor.apply(pod.path(), plan);
                    return null;
                });
            }

            assertThat(pod.ip("-d", "link", "show", "veth0")).contains("mtu 1400", "state UP", "link/ether " + POD_MAC);
            assertThat(pod.ip("link", "show", "eth0")).contains("state UP", "qlen 2000", "link/ether 0a:1b:c0:00:02:0a");
            assertThat(pod.ip("-4", "addr", "show", "veth0")).contains("inet 169.254.100.1/32");
            assertThat(pod.ip("neigh", "show", "dev", "veth0")).contains("198.51.100.1 lladdr " + HOST_MAC + " PERMANENT");
            assertThat(pod.ip("route", "show", "table", "main")).contains(
                    "10.96.0.0/12 via 198.51.100.1 dev veth0 src 192.0.2.10",
                    "198.51.100.1 dev veth0 scope link src 192.0.2.10");
            assertThat(pod.ip("route", "show", "table", "100")).contains("default via 198.51.100.1 dev veth0");
            assertThat(pod.ip("route", "show", "table", "101")).contains("192.0.2.0/24 dev eth0 scope link src 192.0.2.10");
            assertThat(lines(pod.ip("rule", "show"), "lookup 10")).containsExactly(
                    "999:\tfrom 192.0.2.10 lookup 101", "1000:\tfrom all fwmark 0x1 lookup 100");
            assertThat(run("ip", "netns", "exec", pod.name(), "sysctl", "-n", "net.ipv4.conf.all.rp_filter")).isEqualTo("0\n");
            assertThat(lines(run("ip", "netns", "exec", pod.name(), "iptables", "-w", "-t", "mangle", "-S", "PREROUTING"),
                    "veth0")).singleElement().asString().contains("MARK --set-xmark 0x1/0xffffffff");
            assertThat(logged).noneMatch(l -> l.contains("not sent"));
            byte[] arp = heard.get(10, TimeUnit.SECONDS);
            // a gratuitous ARP from the MAC set just before: sender MAC at 22, sender and target IP at 28 and 38
            assertThat(arp).as("a gratuitous ARP for 192.0.2.10 within 10 s").isNotNull();
            assertThat(HexFormat.ofDelimiter(":").formatHex(Arrays.copyOfRange(arp, 22, 28))).isEqualTo("0a:1b:c0:00:02:0a");
            assertThat(Arrays.copyOfRange(arp, 28, 32)).containsExactly(192, 0, 2, 10);
            assertThat(Arrays.copyOfRange(arp, 38, 42)).containsExactly(192, 0, 2, 10);
            assertThat(host.ip("-d", "link", "show", hostEnd)).contains("mtu 1400", "state UP", "link/ether " + HOST_MAC);
            assertThat(host.ip("neigh", "show", "192.0.2.10").strip()).isEqualTo("192.0.2.10 dev " + hostEnd + " lladdr "
                    + POD_MAC + " PERMANENT");
            assertThat(lines(host.ip("rule", "show"), "500")).containsExactly("1000:\tfrom all lookup 500");
            assertThat(host.ip("route", "show", "table", "500").strip()).isEqualTo("192.0.2.10 dev " + hostEnd + " scope link");
            assertThat(run("ip", "netns", "exec", host.name(), "sysctl", "-n", "net.ipv4.conf." + hostEnd + ".rp_filter"))
                    .isEqualTo("0\n");

            List<NetOp> del = List.of(new NetOp.DeleteLink(hostEnd),
                    new NetOp.DeleteRule(new RuleSpec(IpFamily.V4, 1000, 500, null, null, 0)),
                    new NetOp.DeleteRoute(route(500, "192.0.2.10/32", null, hostEnd, RouteSpec.Scope.LINK, null)),
                    new NetOp.DeleteNeighbours(POD_IP));
            for (int attempt = 0; attempt < 2; attempt++) {
                Netns.run(host.path(), () -> {
                    executor.applyInHost(del);
                    return null;
                });
            }

            assertThat(dump(host)).isEqualTo(String.join("", before.lines()
                    .filter(l -> !l.contains("02:00:00:00:00:99")).map(l -> l + "\n").toList()));
            assertThat(pod.ip("link", "show")).doesNotContain("veth0");
        }
    }

    /** The first ARP frame arriving on eth0's peer, eth0-p, within 10 s (null if none). */
    static byte[] firstArp(CountDownLatch listening) throws Exception {
        int index;
        try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
            index = Links.require(socket, "eth0-p").index();
        }
        try (PacketSocket packets = PacketSocket.open(index, PacketSocket.ETH_P_ARP)) {
            listening.countDown();
            byte[] frame = new byte[PacketSocket.MAX_FRAME];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // other ARP frames may pass first (the peer's own, a request): the one sought announces the pod IP
            for (int frames = 0; frames < 100; frames++) {
                int left = (int) TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                int n = left <= 0 ? 0 : packets.receive(frame, left);
                if (n <= 0) {
                    return null;
                }
                if (n >= 42 && Arrays.equals(frame, 28, 32, POD_IP_BYTES, 0, 4) && Arrays.equals(frame, 38, 42, POD_IP_BYTES, 0, 4)) {
                    return Arrays.copyOf(frame, n);
                }
            }
            return null;
        }
    }

    private static final byte[] POD_IP_BYTES = {(byte) 192, 0, 2, 10};

    @Test
    void aFailingOpIsNamedWithTheNamespaceAndTheKernelsWords() throws Exception {
        NetnsFixture.requireUsable();
        try (NetnsFixture host = NetnsFixture.create("exfh"); NetnsFixture pod = NetnsFixture.create("exfp")) {
            pod.ip("link", "add", "eth0", "type", "veth", "peer", "name", "eth0-p");
            pod.ip("addr", "add", "192.0.2.10/24", "dev", "eth0");
            pod.ip("link", "set", "eth0", "up");
            CoordinatorPlan plan = new CoordinatorPlan(List.of(new NetOp.AddRoute(
                    route(RouteSpec.MAIN, "203.0.113.0/24", "198.51.100.7", "eth0", RouteSpec.Scope.UNIVERSE, null))),
                    List.of());

            CniError e = catchThrowableOfType(CniError.class, () -> Netns.run(host.path(), () -> {
                executor.apply(pod.path(), plan);
                return null;
            }));

            assertThat(e).isNotNull();
            assertThat(e.msg()).startsWith("coordinator: add route 203.0.113.0/24 via 198.51.100.7 dev eth0 table main"
                    + " in the pod's namespace " + pod.path() + ": ").contains("Network is unreachable");
        }
    }

    @Test
    void aHostEndNameHeldByAnotherPodIsRefusedNotTakenOver() throws Exception {
        NetnsFixture.requireUsable();
        try (NetnsFixture host = NetnsFixture.create("exch"); NetnsFixture pod = NetnsFixture.create("excp")) {
            // another live pod's pair whose container ID shares the first 11 characters
            host.ip("link", "add", "vethtaken0123", "type", "veth", "peer", "name", "other-pod");
            CoordinatorPlan plan = new CoordinatorPlan(List.of(
                    new NetOp.CreateVethPair("veth0", "vethtaken0123", 1500, POD_MAC, HOST_MAC)), List.of());

            CniError e = catchThrowableOfType(CniError.class, () -> Netns.run(host.path(), () -> {
                executor.apply(pod.path(), plan);
                return null;
            }));

            assertThat(e).isNotNull();
            assertThat(e.msg()).startsWith("coordinator: create veth pair veth0 (peer vethtaken0123 in the host's"
                    + " namespace, mtu 1500) in the pod's namespace " + pod.path() + ": ").contains("File exists");
            assertThat(host.ip("link", "show", "vethtaken0123")).contains("vethtaken0123@other-pod");
            assertThat(pod.ip("link", "show")).doesNotContain("veth0");
        }
    }

    /**
     * Everything of the host namespace a coordinator may touch. Left out: the local routes of IPv6
     * link-local addresses, which the kernel adds whenever duplicate detection on the test's own
     * links happens to finish (a link the coordinator leaves behind still shows in the link list).
     */
    static String dump(NetnsFixture ns) throws Exception {
        String all = ns.ip("-o", "link", "show") + ns.ip("rule", "show") + ns.ip("-6", "rule", "show")
                + ns.ip("route", "show", "table", "all") + ns.ip("-6", "route", "show", "table", "all")
                + ns.ip("neigh", "show");
        return String.join("", all.lines().filter(l -> !l.startsWith("local fe80::")).map(l -> l + "\n").toList());
    }

    static List<String> lines(String text, String containing) {
        return text.lines().filter(l -> l.contains(containing)).toList();
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
