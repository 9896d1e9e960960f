package io.spidernet.spiderpool.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The node sysctls upstream's agent sets at start when {@code conf.yml} says {@code tuneSysctlConfig:
 * true} (the chart's default), for the families the node serves. Underlay pods answer ARP and ND for
 * the node's neighbours themselves, so the node's own tables must be large enough for a full node of
 * pods on wide subnets, and replies may come back through another NIC than the one they left by.
 */
public final class NodeSysctls {
    /** One setting: its dotted name as {@code sysctl} prints it, the value written, why. */
    public record Setting(String name, String value, String why) {
        /** The file under {@code /proc/sys} that holds it. */
        public String path() {
            return name.replace('.', '/');
        }
    }

    // 110 pods (kubelet's default maximum) times the 256 neighbours of a /24 each
    private static final String NEIGHBOUR_TABLE = "28160";

    private NodeSysctls() {}

    /** What to set on a node serving these families, in the order upstream sets it. */
    public static List<Setting> forFamilies(boolean ipv4, boolean ipv6) {
        List<Setting> settings = new ArrayList<>();
        if (ipv4) {
            settings.add(new Setting("net.ipv4.neigh.default.gc_thresh3", NEIGHBOUR_TABLE,
                    "a full node of underlay pods must not overflow the ARP table"));
        }
        if (ipv6) {
            settings.add(new Setting("net.ipv6.neigh.default.gc_thresh3", NEIGHBOUR_TABLE,
                    "a full node of underlay pods must not overflow the neighbour table"));
        }
        if (ipv4) {
            settings.add(new Setting("net.ipv4.conf.all.arp_notify", "1",
                    "a gratuitous ARP when a device or address changes"));
            settings.add(new Setting("net.ipv4.conf.all.forwarding", "1", "the node routes between pod NICs and veths"));
        }
        if (ipv6) {
            settings.add(new Setting("net.ipv6.conf.all.forwarding", "1", "the node routes between pod NICs and veths"));
        }
        // upstream marks this one for both families; it is an IPv4 setting, so an IPv6-only node sets it too
        if (ipv4 || ipv6) {
            settings.add(new Setting("net.ipv4.conf.all.rp_filter", "0",
                    "replies may arrive on another NIC than the one the request left by"));
        }
        return List.copyOf(settings);
    }
}
