package io.spidernet.spiderpool.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spidernet.spiderpool.netlink.testkit.NetnsFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod of {@link SimCluster}: its namespace, the node it runs on, the container ID a runtime
 * would pass, and per attached NIC the conflist and the chain's ADD result (what libcni caches
 * for DEL).
 */
final class SimPod {
    /** One attachment as the runtime remembers it. */
    record Attached(Nic nic, String conflist, JsonNode result) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    final String name;
    final SimNode node;
    final NetnsFixture ns;
    final String containerId;
    private final Map<String, Attached> nics = new LinkedHashMap<>();
    private String overlayIpv4;

    SimPod(String name, SimNode node, NetnsFixture ns, String containerId) {
        this.name = name;
        this.node = node;
        this.ns = ns;
        this.containerId = containerId;
    }

    Path netns() {
        return ns.path();
    }

    void attached(Attached a) {
        nics.put(a.nic().ifName(), a);
    }

    /** Attached NICs, last attached first: the order a runtime deletes them in. */
    List<Attached> attachedLastFirst() {
        List<Attached> out = new ArrayList<>(nics.values());
        java.util.Collections.reverse(out);
        return out;
    }

    Attached attachment(String ifName) {
        Attached a = nics.get(ifName);
        if (a == null) {
            throw new IllegalArgumentException("pod " + name + " has no CNI attachment " + ifName + " (has " + nics.keySet() + ")");
        }
        return a;
    }

    void overlayIpv4(String ip) {
        this.overlayIpv4 = ip;
    }

    /** The overlay eth0's address (bridge + veth topology), or the chain's IPv4 on that interface. */
    String ipv4(String ifName) {
        if (overlayIpv4 != null && "eth0".equals(ifName)) {
            return overlayIpv4;
        }
        return address(ifName, false);
    }

    String ipv6(String ifName) {
        return address(ifName, true);
    }

    private String address(String ifName, boolean v6) {
        JsonNode result = attachment(ifName).result();
        if (result == null) {
            throw new IllegalStateException("pod " + name + ": the ADD of " + ifName + " failed, it has no result");
        }
        for (JsonNode ip : result.path("ips")) {
            String address = ip.path("address").asText();
            if (address.contains(":") == v6) {
                return address.substring(0, address.indexOf('/'));
            }
        }
        throw new IllegalStateException("pod " + name + " has no " + (v6 ? "IPv6" : "IPv4") + " address on " + ifName);
    }

    /** Packets {@code dev} has received so far (the kernel's counter, {@code ip -s link}). */
    long rxPackets(String dev) throws IOException {
        return JSON.readTree(ns.ip("-j", "-s", "link", "show", "dev", dev)).get(0).path("stats64").path("rx").path("packets").asLong(-1);
    }

    /** The interface's MAC address, e.g. "0a:1b:c0:00:02:64". */
    String mac(String dev) throws IOException {
        return JSON.readTree(ns.ip("-j", "link", "show", "dev", dev)).get(0).path("address").asText();
    }

    /** Names of the pod's links, e.g. [lo, eth0, veth0] (without the "@peer" part). */
    List<String> links() throws IOException {
        return ns.ip("-br", "link", "show").lines().map(l -> l.split("\\s+")[0].split("@")[0]).toList();
    }

    /** {@code ip -n <pod> args...} */
    String ip(String... args) throws IOException {
        return ns.ip(args).strip();
    }
}
