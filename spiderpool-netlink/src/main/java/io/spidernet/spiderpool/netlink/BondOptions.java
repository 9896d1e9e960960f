package io.spidernet.spiderpool.netlink;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a bond's options as the IFLA_BOND_* attributes of its IFLA_INFO_DATA, each with the
 * number and width of {@code linux/if_link.h} and the kernel's bond_netlink policy. The names
 * are those upstream's ifacer accepts (the bonding sysfs file names, plus its {@code up_delay}).
 * Values are numbers as upstream takes them, except the MAC of {@code ad_actor_system}, the
 * IPv4 list of {@code arp_ip_target} and the interface names of {@code primary} and
 * {@code active_slave}, which the caller has resolved to indexes.
 */
final class BondOptions {
    static final int IFLA_BOND_MODE = 1;
    static final int IFLA_BOND_ARP_IP_TARGET = 8;
    /** BOND_MAX_ARP_TARGETS: the kernel keeps at most this many. */
    static final int MAX_ARP_TARGETS = 16;

    private enum Width { U8, U16, U32, MAC, IFINDEX, IPV4_LIST }

    private record Option(int type, Width width) {}

    private static final Map<String, Option> OPTIONS = new TreeMap<>(Map.ofEntries(
            Map.entry("active_slave", new Option(2, Width.IFINDEX)),
            Map.entry("miimon", new Option(3, Width.U32)),
            Map.entry("updelay", new Option(4, Width.U32)),
            Map.entry("up_delay", new Option(4, Width.U32)),
            Map.entry("downdelay", new Option(5, Width.U32)),
            Map.entry("use_carrier", new Option(6, Width.U8)),
            Map.entry("arp_interval", new Option(7, Width.U32)),
            Map.entry("arp_ip_target", new Option(IFLA_BOND_ARP_IP_TARGET, Width.IPV4_LIST)),
            Map.entry("arp_validate", new Option(9, Width.U32)),
            Map.entry("arp_all_targets", new Option(10, Width.U32)),
            Map.entry("primary", new Option(11, Width.IFINDEX)),
            Map.entry("primary_reselect", new Option(12, Width.U8)),
            Map.entry("fail_over_mac", new Option(13, Width.U8)),
            Map.entry("xmit_hash_policy", new Option(14, Width.U8)),
            Map.entry("resend_igmp", new Option(15, Width.U32)),
            Map.entry("all_slaves_active", new Option(17, Width.U8)),
            Map.entry("min_links", new Option(18, Width.U32)),
            Map.entry("lp_interval", new Option(19, Width.U32)),
            Map.entry("packets_per_slave", new Option(20, Width.U32)),
            Map.entry("lacp_rate", new Option(21, Width.U8)),
            Map.entry("ad_select", new Option(22, Width.U8)),
            Map.entry("ad_actor_sys_prio", new Option(24, Width.U16)),
            Map.entry("ad_user_port_key", new Option(25, Width.U16)),
            Map.entry("ad_actor_system", new Option(26, Width.MAC)),
            Map.entry("tlb_dynamic_lb", new Option(27, Width.U8)),
            // the kernel's IFLA_BOND_PEER_NOTIF_DELAY (u32 ms), which is what the name says; upstream
            // sends this key as IFLA_BOND_NUM_PEER_NOTIF, a u8 count, which the name does not
            Map.entry("peer_notif_delay", new Option(28, Width.U32))));

    private BondOptions() {}

    /** The option names {@link #write} accepts, sorted. */
    static List<String> known() {
        return List.copyOf(OPTIONS.keySet());
    }

    /** Whether the option's value is an interface name that must be resolved to an index first. */
    static boolean namesALink(String option) {
        Option o = OPTIONS.get(option);
        return o != null && o.width() == Width.IFINDEX;
    }

    /**
     * Appends the options in attribute-number order (so the bytes do not depend on the map's);
     * {@code indexes} maps the interface names of primary / active_slave to their indexes.
     */
    static void write(NetlinkRequest r, String bond, Map<String, String> options, Map<String, Integer> indexes) {
        if (options.containsKey("updelay") && options.containsKey("up_delay")) {
            throw new IllegalArgumentException("bond " + bond + " has both updelay and up_delay: they are the same"
                    + " option, give one");
        }
        TreeMap<Integer, String> byType = new TreeMap<>();
        for (String name : options.keySet()) {
            Option o = OPTIONS.get(name);
            if (o == null) {
                throw new IllegalArgumentException("bond " + bond + " option '" + name + "' is not known; known options: "
                        + String.join(", ", OPTIONS.keySet()));
            }
            byType.put(o.type(), name);
        }
        for (String name : byType.values()) {
            writeOne(r, bond, name, OPTIONS.get(name), options.get(name).strip(), indexes);
        }
    }

    private static void writeOne(NetlinkRequest r, String bond, String name, Option o, String value,
                                 Map<String, Integer> indexes) {
        String what = "bond " + bond + " option " + name + "=" + value;
        switch (o.width()) {
            case U8 -> r.attribute(o.type(), new byte[] {(byte) number(what, value, 0xff)});
            case U16 -> r.attribute(o.type(), native16((int) number(what, value, 0xffff)));
            case U32 -> r.attributeU32(o.type(), (int) number(what, value, 0xffff_ffffL));
            case MAC -> r.attribute(o.type(), mac(what, value));
            case IFINDEX -> {
                Integer index = indexes.get(value);
                if (index == null) {
                    throw new IllegalArgumentException(what + ": the interface name was not resolved to an index");
                }
                r.attributeU32(o.type(), index);
            }
            case IPV4_LIST -> arpTargets(r, what, value);
        }
    }

    /** Each target a be32 in its own attribute numbered from 0, as iproute2 sends them. */
    private static void arpTargets(NetlinkRequest r, String what, String value) {
        List<String> targets = new ArrayList<>();
        for (String t : value.replace("[", "").replace("]", "").replace("\"", "").split(",")) {
            if (!t.isBlank()) {
                targets.add(t.strip());
            }
        }
        if (targets.isEmpty() || targets.size() > MAX_ARP_TARGETS) {
            throw new IllegalArgumentException(what + ": give 1 to " + MAX_ARP_TARGETS
                    + " IPv4 addresses, as [a.b.c.d,...] or a.b.c.d,...; the kernel keeps no more");
        }
        int nest = r.beginNested(IFLA_BOND_ARP_IP_TARGET);
        for (int i = 0; i < targets.size(); i++) {
            InetAddress ip;
            try {
                ip = IpPrefix.literal(targets.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": " + e.getMessage());
            }
            if (!(ip instanceof Inet4Address)) {
                throw new IllegalArgumentException(what + ": " + targets.get(i) + " is not IPv4 (arp_ip_target is ARP)");
            }
            r.attribute(i, ip.getAddress());
        }
        r.endNested(nest);
    }

    private static long number(String what, String value, long max) {
        try {
            long n = Long.parseLong(value);
            if (n >= 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the range
        }
        throw new IllegalArgumentException(what + ": give a whole number from 0 to " + max);
    }

    private static byte[] mac(String what, String value) {
        try {
            return MacAddress.parse(value).bytes();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage());
        }
    }

    static byte[] native16(int value) {
        return ByteBuffer.allocate(2).order(ByteOrder.nativeOrder()).putShort((short) value).array();
    }
}
