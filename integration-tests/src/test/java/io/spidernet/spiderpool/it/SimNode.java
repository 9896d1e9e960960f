package io.spidernet.spiderpool.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spidernet.spiderpool.netlink.testkit.NetnsFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node of {@link SimCluster}: a namespace with an uplink veth to the underlay switch (the
 * macvlan master), the node's addresses and default routes, forwarding on, its own agent process
 * on the local store with pools of its own range, and kube-proxy's service rules. Plugins run
 * inside this namespace, so the "host" the coordinator wires up is this node.
 */
final class SimNode {
    /** The node's uplink to the switch; not a name the coordinator skips when it collects host addresses. */
    static final String UPLINK = "uplink0";
    static final String OVERLAY_BRIDGE = "cni0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COUNTERS = Pattern.compile("^\\[(\\d+):(\\d+)]");

    final int index;
    final NetnsFixture ns;
    final Path dir;
    final Path socket;
    private boolean serviceChain;
    private boolean overlayBridge;
    AgentProcess agent;

    SimNode(int index, NetnsFixture ns, Path dir) {
        this.index = index;
        this.ns = ns;
        this.dir = dir;
        this.socket = dir.resolve("agent.sock");
    }

    String name() {
        return "sim-node" + index;
    }

    String ipv4() {
        return "192.0.2." + (10 + index);
    }

    String ipv6() {
        return "2001:db8:1::" + (10 + index);
    }

    Path netns() {
        return ns.path();
    }

    /** Uplink, addresses, default routes and forwarding; {@code switchNs} holds br0, {@code port} names the switch's end. */
    void wire(NetnsFixture switchNs, String port) throws IOException {
        switchNs.ip("link", "add", port, "type", "veth", "peer", "name", UPLINK, "netns", ns.name());
        switchNs.ip("link", "set", port, "master", "br0", "up");
        ns.addAddress(UPLINK, ipv4() + "/24");
        ns.addAddress(UPLINK, ipv6() + "/64");
        ns.ip("link", "set", UPLINK, "up");
        ns.ip("route", "add", "default", "via", SimCluster.GATEWAY_V4);
        ns.ip("-6", "route", "add", "default", "via", SimCluster.GATEWAY_V6);
        // a node forwards (kube-proxy's DNAT, the coordinator's veth), and the agent upstream sets
        // rp_filter to 0 on the host because replies of coordinated pods come back asymmetrically
        sysctl("net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1", "net.ipv4.conf.all.rp_filter=0",
                "net.ipv4.conf.default.rp_filter=0");
    }

    /** The pool file of this node's agent: per underlay subnet an IPv4 and an IPv6 pool of a range only this node uses. */
    void writePools() throws IOException {
        Path pools = Files.createDirectories(dir.resolve("pools"));
        int first = 100 + 40 * (index - 1);
        int last = first + 39;
        StringBuilder yaml = new StringBuilder();
        yaml.append(pool("sim-v4", "192.0.2.0/24", "192.0.2." + first + "-192.0.2." + last, SimCluster.GATEWAY_V4));
        yaml.append(pool("sim-v6", "2001:db8:1::/64", "2001:db8:1::" + first + "-2001:db8:1::" + last, SimCluster.GATEWAY_V6));
        yaml.append(pool("sim2-v4", "198.51.100.0/24", "198.51.100." + first + "-198.51.100." + last, "198.51.100.1"));
        yaml.append(pool("sim2-v6", "2001:db8:2::/64", "2001:db8:2::" + first + "-2001:db8:2::" + last, "2001:db8:2::1"));
        Files.writeString(pools.resolve("pools.yaml"), yaml);
    }

    private static String pool(String name, String subnet, String range, String gateway) {
        return "---\napiVersion: spiderpool.spidernet.io/v2beta1\nkind: SpiderIPPool\nmetadata: {name: " + name + "}\n"
                + "spec:\n  subnet: " + subnet + "\n  ips: [" + range + "]\n  gateway: " + gateway + "\n";
    }

    /**
     * Starts this node's agent (local store) and returns at once; {@link AgentProcess#awaitReady}
     * follows. A non-empty {@code spiderpoolConf} becomes the agent's spiderpool-conf file.
     */
    AgentProcess launchAgent(String spiderpoolConf) throws IOException {
        Map<String, String> props = new LinkedHashMap<>(Map.of("spiderpool.agent.store", "local",
                "spiderpool.agent.local.pools-dir", dir.resolve("pools").toString(),
                "spiderpool.agent.local.state-file", dir.resolve("state.json").toString(),
                "spiderpool.agent.node-name", name()));
        if (!spiderpoolConf.isEmpty()) {
            Path conf = Files.writeString(dir.resolve("spiderpool-conf.yaml"), "ipamUnixSocketPath: " + socket + "\n" + spiderpoolConf);
            props.put("spiderpool.agent.conf-file", conf.toString());
        }
        agent = AgentProcess.launch(socket, props, List.of(), dir.resolve("agent.log"));
        return agent;
    }

    /** The conflist of one NIC: macvlan on the uplink with our IPAM, then the coordinator when the NIC asks for it. */
    String conflist(Nic nic) {
        String pools = nic.subnet() == 1 ? "sim" : "sim2";
        List<String> ipam = new ArrayList<>();
        ipam.add("\"type\":\"spiderpool\",\"ipam_unix_socket_path\":\"" + socket + "\"");
        if (nic.ipv4()) {
            ipam.add("\"default_ipv4_ippool\":[\"" + pools + "-v4\"]");
        }
        if (nic.ipv6()) {
            ipam.add("\"default_ipv6_ippool\":[\"" + pools + "-v6\"]");
        }
        List<String> plugins = new ArrayList<>();
        plugins.add("{\"type\":\"macvlan\",\"master\":\"" + UPLINK + "\",\"mode\":\"bridge\",\"ipam\":{" + String.join(",", ipam) + "}}");
        if (nic.coordinator() != null) {
            String extra = nic.coordinator().isBlank() ? "" : "," + nic.coordinator();
            plugins.add("{\"type\":\"coordinator\",\"ipam_unix_socket_path\":\"" + socket + "\",\"logOptions\":{\"logFile\":\""
                    + dir.resolve("coordinator.log") + "\"}" + extra + "}");
        }
        return "{\"cniVersion\":\"1.0.0\",\"name\":\"sim-" + nic.ifName() + "\",\"plugins\":[" + String.join(",", plugins) + "]}";
    }

    /**
     * kube-proxy's iptables mode for one ClusterIP port: DNAT to the backend for packets arriving
     * from pods (PREROUTING) and for the node's own (OUTPUT), and MASQUERADE of traffic DNATed from
     * the service CIDR (underlay pod addresses are outside the cluster CIDR, which kube-proxy
     * masquerades). Without it a backend on another node would answer the client pod straight over
     * the underlay, from its own address, which the client's conntrack does not expect.
     */
    void addService(String serviceIp, int port, String backendIp, int backendPort) throws IOException {
        ensureServiceChain();
        dnat(serviceIp, port, backendIp, backendPort);
    }

    /**
     * A NodePort of a Service with {@code externalTrafficPolicy: Local} on this node (the backend
     * runs here): DNAT of this node's address and port, no MASQUERADE, so the backend sees the
     * client's own address, and its reply must go back through this node to be un-DNATed.
     */
    void addLocalNodePort(int nodePort, String backendIp, int backendPort) throws IOException {
        ensureServiceChain();
        dnat(ipv4(), nodePort, backendIp, backendPort);
    }

    private void ensureServiceChain() throws IOException {
        if (!serviceChain) {
            iptables("-t", "nat", "-N", "SIM-SERVICES");
            iptables("-t", "nat", "-A", "PREROUTING", "-j", "SIM-SERVICES");
            iptables("-t", "nat", "-A", "OUTPUT", "-j", "SIM-SERVICES");
            iptables("-t", "nat", "-A", "POSTROUTING", "-m", "conntrack", "--ctstate", "DNAT", "--ctorigdst", SimCluster.SERVICE_RANGE,
                    "-j", "MASQUERADE");
            serviceChain = true;
        }
    }

    private void dnat(String ip, int port, String backendIp, int backendPort) throws IOException {
        iptables("-t", "nat", "-A", "SIM-SERVICES", "-d", ip + "/32", "-p", "tcp", "--dport", String.valueOf(port),
                "-j", "DNAT", "--to-destination", backendIp + ":" + backendPort);
    }

    /** Packets (= new connections: nat sees only the first) that the DNAT rules of {@code serviceIp} (or a node IP) rewrote. */
    long dnatPackets(String serviceIp) throws IOException {
        long total = 0;
        for (String line : exec("iptables-save", "-c", "-t", "nat").split("\n")) {
            Matcher m = COUNTERS.matcher(line);
            if (line.contains("-A SIM-SERVICES -d " + serviceIp + "/32") && m.find()) {
                total += Long.parseLong(m.group(1));
            }
        }
        return total;
    }

    /** The per-node bridge of a bridge-based overlay CNI (flannel's cni0): 10.244.N.1/24. */
    void ensureOverlayBridge() throws IOException {
        if (!overlayBridge) {
            ns.ip("link", "add", OVERLAY_BRIDGE, "type", "bridge");
            ns.addAddress(OVERLAY_BRIDGE, overlayGateway() + "/24");
            ns.ip("link", "set", OVERLAY_BRIDGE, "up");
            overlayBridge = true;
        }
    }

    String overlayGateway() {
        return "10.244." + index + ".1";
    }

    /**
     * The node's host-side state a pod's attachment may leave behind: links, rules, routes of all
     * tables, permanent neighbours. Link-local (fe80::) routes are left out: the kernel adds them
     * to each link by itself once its IPv6 duplicate address detection ends, at a moment no
     * plugin controls; a link left behind shows in the links part anyway.
     */
    String hostState() throws IOException {
        String v6Routes = ns.ip("-6", "route", "show", "table", "all").lines().filter(l -> !l.contains("fe80::"))
                .collect(java.util.stream.Collectors.joining("\n"));
        return String.join("\n", "# links", ns.ip("-br", "link", "show"), "# rules v4", ns.ip("-4", "rule", "show"),
                "# rules v6", ns.ip("-6", "rule", "show"), "# routes v4", ns.ip("-4", "route", "show", "table", "all"),
                "# routes v6", v6Routes, "# neighbours", ns.ip("neigh", "show", "nud", "permanent"));
    }

    /** Addresses the agent's ledger holds in {@code pool} (upstream's allocatedIPs, decoded from the local store's state file). */
    List<String> allocated(String pool) throws IOException {
        Path state = dir.resolve("state.json");
        if (!Files.exists(state)) {
            return List.of();
        }
        JsonNode entry = JSON.readTree(state.toFile()).path("pools").path(pool).path("allocatedIPs");
        List<String> out = new ArrayList<>();
        if (!entry.isMissingNode() && !entry.isNull()) {
            JSON.readTree(entry.asText()).fieldNames().forEachRemaining(out::add);
        }
        return out;
    }

    void sysctl(String... settings) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("sysctl", "-q", "-w"));
        cmd.addAll(List.of(settings));
        exec(cmd.toArray(String[]::new));
    }

    void iptables(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("iptables", "-w"));
        cmd.addAll(List.of(args));
        exec(cmd.toArray(String[]::new));
    }

    /** Runs a command inside this node's namespace; fails with its output on a non-zero exit. */
    String exec(String... args) throws IOException {
        return SimCluster.inNetns(ns.name(), args);
    }
}
