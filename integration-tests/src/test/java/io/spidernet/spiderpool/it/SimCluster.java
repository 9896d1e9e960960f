package io.spidernet.spiderpool.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.spidernet.spiderpool.netlink.testkit.NetnsFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * A two-node cluster made of network namespaces, for system tests of the node plugins (see
 * {@code shared/reference/netns-cluster-recipe.md}): an "underlay switch" namespace whose bridge
 * {@code br0} holds the gateways (192.0.2.1/24, 2001:db8:1::1/64, and a second subnet
 * 198.51.100.1/24, 2001:db8:2::1/64); {@link SimNode}s wired to it, each with its own agent
 * process; {@link SimPod}s attached by running real conflists ({@link ChainRunner}) inside the
 * node's namespace; kube-proxy's DNAT rules on every node. Names carry the pid and a random part,
 * so parallel runs never meet; {@link #close()} removes every namespace and stops every process,
 * also after a failure half-way.
 */
final class SimCluster implements AutoCloseable {
    static final String GATEWAY_V4 = "192.0.2.1";
    static final String GATEWAY_V6 = "2001:db8:1::1";
    /**
     * The coordinator's NAD member naming the cluster's ClusterIP range, which kube-proxy's rules
     * here use (10.96.0.0/12, kubeadm's default); in a cluster it comes from the SpiderCoordinator's status.
     */
    static final String SERVICE_RANGE = "10.96.0.0/12";
    static final String SERVICE_CIDR = "\"serviceCIDR\":[\"" + SERVICE_RANGE + "\"]";
    static final Path DEBIAN_PLUGINS = ReferencePluginsTest.CNI_DIR;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id = HexFormat.of().formatHex(randomBytes(2));
    private final Deque<AutoCloseable> cleanup = new ArrayDeque<>();
    private final List<SimNode> nodes = new ArrayList<>();
    private final AtomicInteger overlayPods = new AtomicInteger();
    private final List<ChainRunner.Call> calls = new CopyOnWriteArrayList<>();
    private final Path cniBin;
    private final String label;
    private final Path dir;
    private NetnsFixture switchNs;

    private SimCluster(Path cniBin, String label) throws IOException {
        this.cniBin = cniBin;
        this.label = label;
        this.dir = Files.createTempDirectory("simcluster");
        cleanup.push(() -> deleteTree(dir));
    }

    /**
     * Skips the calling test class (printing why) where the cluster cannot be built: no root or
     * iproute2, no Debian CNI plugins, no iptables, or a build told to skip the CNI tree. Returns
     * the packaged tree's bin directory otherwise (a stale or missing tree fails, as elsewhere).
     */
    private static Path requireUsable(Class<?> testClass) {
        Optional<String> reason = NetnsKit.unavailableReason();
        if (reason.isEmpty() && !Files.isExecutable(DEBIAN_PLUGINS.resolve("macvlan"))) {
            reason = Optional.of("containernetworking-plugins is not installed (.ci/run installs it with apt)");
        }
        if (reason.isEmpty() && !Files.isExecutable(Path.of("/usr/sbin/iptables"))) {
            reason = Optional.of("iptables is not installed (.ci/run installs it with apt): kube-proxy's rules need it");
        }
        Optional<Path> tree = reason.isPresent() ? Optional.empty() : CniExec.packagedTree();
        if (reason.isEmpty() && tree.isEmpty()) {
            reason = Optional.of("-Dcni.package.skip=true: the cluster runs the packaged spiderpool and coordinator binaries");
        }
        if (reason.isPresent()) {
            System.out.println("SKIP " + testClass.getSimpleName() + ": " + reason.get());
            Assumptions.abort(reason.get());
        }
        return tree.orElseThrow().resolve("bin");
    }

    /**
     * The switch, {@code count} nodes and their agents (booted in parallel) for {@code testClass},
     * which is skipped where the cluster cannot be built; closes what it made if any step fails.
     */
    static SimCluster start(Class<?> testClass, int count) throws Exception {
        return start(testClass, count, "");
    }

    /** The same with every agent reading {@code spiderpoolConf} (upstream's spiderpool-conf YAML, e.g. detection switches). */
    static SimCluster start(Class<?> testClass, int count, String spiderpoolConf) throws Exception {
        SimCluster cluster = new SimCluster(requireUsable(testClass), testClass.getSimpleName());
        try {
            cluster.switchNs = cluster.namespace("sw");
            cluster.switchNs.ip("link", "add", "br0", "type", "bridge");
            for (String gw : List.of(GATEWAY_V4 + "/24", GATEWAY_V6 + "/64", "198.51.100.1/24", "2001:db8:2::1/64")) {
                cluster.switchNs.addAddress("br0", gw);
            }
            cluster.switchNs.ip("link", "set", "br0", "up");
            for (int i = 1; i <= count; i++) {
                SimNode node = new SimNode(i, cluster.namespace("n" + i), Files.createDirectories(cluster.dir.resolve("node" + i)));
                node.wire(cluster.switchNs, "port" + i);
                node.writePools();
                cluster.cleanup.push(node.launchAgent(spiderpoolConf));
                cluster.nodes.add(node);
            }
            for (SimNode node : cluster.nodes) {
                node.agent.awaitReady(Duration.ofSeconds(90));
            }
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * A machine on the underlay that is not a node (one holding an address a pod is about to get,
     * say): a namespace with a veth to the switch holding {@code cidrs} (IPv6 without DAD, so it
     * answers at once). Removed with the cluster.
     */
    NetnsFixture addUnderlayHost(String tag, String... cidrs) throws IOException {
        NetnsFixture host = namespace(tag);
        String port = "h" + tag;
        switchNs.ip("link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", host.name());
        switchNs.ip("link", "set", port, "master", "br0", "up");
        for (String cidr : cidrs) {
            host.addAddress("eth0", cidr);
        }
        host.ip("link", "set", "eth0", "up");
        return host;
    }

    /** The underlay switch's namespace, whose br0 holds the gateways. */
    NetnsFixture underlaySwitch() {
        return switchNs;
    }

    SimNode node(int index) {
        return nodes.get(index - 1);
    }

    List<SimNode> nodes() {
        return List.copyOf(nodes);
    }

    /** A pod namespace (lo up) on {@code node}, then each NIC attached in order through its chain. */
    SimPod addPod(SimNode node, String name, List<Nic> nics) throws Exception {
        SimPod pod = new SimPod(name, node, namespace(name), HexFormat.of().formatHex(randomBytes(32)));
        for (Nic nic : nics) {
            attach(pod, nic);
        }
        return pod;
    }

    /**
     * A pod whose {@code eth0} comes from a bridge-based overlay CNI (flannel-like): a veth pair
     * from the pod to the node's {@code cni0} bridge, 10.244.N.x/24 with the default route via
     * 10.244.N.1; then the underlay NICs attached by their chains, as Multus adds them.
     */
    SimPod addOverlayPod(SimNode node, String name, List<Nic> nics) throws Exception {
        SimPod pod = new SimPod(name, node, namespace(name), HexFormat.of().formatHex(randomBytes(32)));
        node.ensureOverlayBridge();
        String hostSide = "veth" + HexFormat.of().formatHex(randomBytes(4));
        String address = "10.244." + node.index + "." + (10 + overlayPods.incrementAndGet());
        node.ns.ip("link", "add", hostSide, "type", "veth", "peer", "name", "eth0", "netns", pod.ns.name());
        node.ns.ip("link", "set", hostSide, "master", SimNode.OVERLAY_BRIDGE, "up");
        pod.ns.addAddress("eth0", address + "/24");
        pod.ns.ip("link", "set", "eth0", "up");
        pod.ns.ip("route", "add", "default", "via", node.overlayGateway(), "dev", "eth0");
        pod.overlayIpv4(address);
        for (Nic nic : nics) {
            attach(pod, nic);
        }
        return pod;
    }

    /** CNI ADD of one NIC through its whole chain, as the runtime would; the result is kept for DEL. */
    JsonNode attach(SimPod pod, Nic nic) throws Exception {
        return attach(pod, nic, pod.node.conflist(nic));
    }

    /** CNI ADD of one NIC through a conflist of the test's own (e.g. {@link SimNode#conflist} with a plugin added). */
    JsonNode attach(SimPod pod, Nic nic, String conflist) throws Exception {
        // remembered before ADD: after a failed ADD a runtime still calls DEL, without a cached result
        pod.attached(new SimPod.Attached(nic, conflist, null));
        JsonNode result = runner(pod.node).add(conflist, attachment(pod, nic.ifName()));
        pod.attached(new SimPod.Attached(nic, conflist, result));
        return result;
    }

    /** CNI CHECK of one NIC through its chain, with the cached ADD result as prevResult. */
    void check(SimPod pod, String ifName) throws Exception {
        SimPod.Attached a = pod.attachment(ifName);
        runner(pod.node).check(a.conflist(), attachment(pod, ifName), a.result());
    }

    /** CNI DEL of one NIC through its chain (last plugin first), with the cached ADD result as prevResult. */
    void detach(SimPod pod, String ifName) throws Exception {
        SimPod.Attached a = pod.attachment(ifName);
        runner(pod.node).del(a.conflist(), attachment(pod, ifName), a.result());
    }

    /** CNI DEL of every NIC of the pod, the last attached first; the pod's namespace stays. */
    void deletePod(SimPod pod) throws Exception {
        for (SimPod.Attached a : pod.attachedLastFirst()) {
            detach(pod, a.nic().ifName());
        }
    }

    /** A ClusterIP port as kube-proxy programs it: the same DNAT on every node. */
    void addService(String serviceIp, int port, String backendIp, int backendPort) throws IOException {
        for (SimNode node : nodes) {
            node.addService(serviceIp, port, backendIp, backendPort);
        }
    }

    private ChainRunner runner(SimNode node) {
        return new ChainRunner(node.ns.name(), List.of(cniBin, DEBIAN_PLUGINS), calls::add);
    }

    private static ChainRunner.Attachment attachment(SimPod pod, String ifName) {
        return new ChainRunner.Attachment(pod.containerId, pod.netns(), ifName, "default", pod.name);
    }

    private NetnsFixture namespace(String tag) throws IOException {
        NetnsFixture ns = NetnsFixture.create("sim" + id + "-" + tag);
        cleanup.push(ns);
        return ns;
    }

    /** Runs {@code args} inside the named namespace; fails with the command's output on a non-zero exit. */
    static String inNetns(String netns, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        cmd.addAll(List.of(args));
        try {
            CniExec.Result r = CniExec.run(cmd, Map.of(), "");
            if (r.exit() != 0) {
                throw new IOException(String.join(" ", cmd) + " exited " + r.exit() + ": " + r.stdout() + r.stderr());
            }
            return r.stdout();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd), e);
        }
    }

    /** Pods, nodes' agents and namespaces, the switch: last made first, each attempted even when one fails. */
    @Override
    public void close() {
        printTimings();
        while (!cleanup.isEmpty()) {
            try {
                cleanup.pop().close();
            } catch (Exception e) {
                System.err.println("simcluster cleanup: " + e);
            }
        }
    }

    /** Figures for the report: median wall time per verb and plugin over this cluster's calls ("ip netns exec" included). */
    private void printTimings() {
        Map<String, List<Long>> byCall = new TreeMap<>();
        for (ChainRunner.Call c : calls) {
            byCall.computeIfAbsent(c.command() + " " + c.plugin(), k -> new ArrayList<>()).add(c.nanos());
        }
        byCall.forEach((call, nanos) -> {
            List<Long> sorted = nanos.stream().sorted().toList();
            System.out.printf("%s: %-18s n=%3d  median %6.1f ms  max %6.1f ms%n", label, call, sorted.size(),
                    sorted.get(sorted.size() / 2) / 1e6, sorted.getLast() / 1e6);
        });
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
