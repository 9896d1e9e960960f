package io.spidernet.spiderpool.core.ifacer;

import java.util.Set;

/**
 * The bond options ifacer understands: upstream's keys (§6.1 of the reference), each with the type
 * of its value and, for numbers, the range the kernel's bonding driver accepts
 * (Documentation/networking/bonding.rst). Checking the range here turns the kernel's bare EINVAL
 * for the whole bond into a message naming the key.
 *
 * <p>{@link #kernelName()} is the bonding sysfs name the netlink layer expects; it differs from
 * upstream's key only for {@code up_delay} (sysfs {@code updelay}). Upstream sends
 * {@code peer_notif_delay} as the number of peer notifications (IFLA_BOND_NUM_PEER_NOTIF), which
 * is another setting than its name says; here it is the kernel's {@code peer_notif_delay} (ms).
 */
public enum BondOption {
    ACTIVE_SLAVE("active_slave", ValueType.INTERFACE),
    AD_ACTOR_SYS_PRIO("ad_actor_sys_prio", 1, 65535),
    AD_ACTOR_SYSTEM("ad_actor_system", ValueType.MAC),
    AD_SELECT("ad_select", 0, 2),
    AD_USER_PORT_KEY("ad_user_port_key", 0, 1023),
    ALL_SLAVES_ACTIVE("all_slaves_active", 0, 1),
    ARP_INTERVAL("arp_interval", 0, Integer.MAX_VALUE),
    ARP_IP_TARGET("arp_ip_target", ValueType.IPV4_LIST),
    ARP_VALIDATE("arp_validate", 0, 6),
    ARP_ALL_TARGETS("arp_all_targets", 0, 1),
    DOWNDELAY("downdelay", 0, Integer.MAX_VALUE),
    FAIL_OVER_MAC("fail_over_mac", 0, 2),
    LACP_RATE("lacp_rate", 0, 1),
    MIIMON("miimon", 0, Integer.MAX_VALUE),
    MIN_LINKS("min_links", 0, Integer.MAX_VALUE),
    PACKETS_PER_SLAVE("packets_per_slave", 0, 65535),
    PRIMARY("primary", ValueType.INTERFACE),
    PRIMARY_RESELECT("primary_reselect", 0, 2),
    TLB_DYNAMIC_LB("tlb_dynamic_lb", 0, 1),
    UP_DELAY("up_delay", "updelay", 0, Integer.MAX_VALUE),
    USE_CARRIER("use_carrier", 0, 1),
    XMIT_HASH_POLICY("xmit_hash_policy", 0, 5),
    LP_INTERVAL("lp_interval", 1, Integer.MAX_VALUE),
    RESEND_IGMP("resend_igmp", 0, 255),
    PEER_NOTIF_DELAY("peer_notif_delay", 0, 300_000);

    /** What the value of an option is. */
    public enum ValueType {
        INTEGER,
        /** Six colon- or hyphen-separated hex octets, a unicast address. */
        MAC,
        /** IPv4 addresses, comma-separated, optionally in brackets: {@code [192.0.2.1,192.0.2.2]}. */
        IPV4_LIST,
        /** The name of one of the bond's interfaces. */
        INTERFACE
    }

    /** The kernel's BOND_MAX_ARP_TARGETS. */
    public static final int MAX_ARP_TARGETS = 16;

    /** Modes where the kernel accepts primary and active_slave: active-backup, balance-tlb, balance-alb. */
    public static final Set<Integer> PRIMARY_MODES = Set.of(1, 5, 6);

    private final String key;
    private final String kernelName;
    private final ValueType type;
    private final long min;
    private final long max;

    BondOption(String key, ValueType type) {
        this(key, key, type, 0, 0);
    }

    BondOption(String key, long min, long max) {
        this(key, key, ValueType.INTEGER, min, max);
    }

    BondOption(String key, String kernelName, long min, long max) {
        this(key, kernelName, ValueType.INTEGER, min, max);
    }

    BondOption(String key, String kernelName, ValueType type, long min, long max) {
        this.key = key;
        this.kernelName = kernelName;
        this.type = type;
        this.min = min;
        this.max = max;
    }

    /** As written in {@code bond.options}. */
    public String key() {
        return key;
    }

    /** As the bonding driver's sysfs file is named; what the netlink layer is given. */
    public String kernelName() {
        return kernelName;
    }

    public ValueType type() {
        return type;
    }

    /** Smallest accepted value of an {@link ValueType#INTEGER} option. */
    public long min() {
        return min;
    }

    /** Largest accepted value of an {@link ValueType#INTEGER} option. */
    public long max() {
        return max;
    }

    /** The option for this exact (lower-case) key, or null. */
    public static BondOption find(String key) {
        for (BondOption o : values()) {
            if (o.key.equals(key)) {
                return o;
            }
        }
        return null;
    }
}
