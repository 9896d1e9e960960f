package io.spidernet.spiderpool.netlink;

import java.util.Map;

/**
 * What {@link Links#create} makes: a name, a kind with its own settings, and optional common
 * settings (0, or {@link MacAddress#NONE}, leaves the kernel's default).
 */
public record NewLink(String name, Kind kind, int mtu, MacAddress mac, int txQueueLen) {

    public NewLink(String name, Kind kind) {
        this(name, kind, 0, MacAddress.NONE, 0);
    }

    /** The IFLA_INFO_KIND of the link with its IFLA_INFO_DATA. */
    public sealed interface Kind {}

    /**
     * A veth pair; the peer is made in the namespace of {@code peerNetnsFd} (an open namespace file,
     * see {@link NetnsFile}) or beside this end when it is -1.
     */
    public record Veth(String peerName, MacAddress peerMac, int peerMtu, int peerNetnsFd) implements Kind {}

    /** MACVLAN_MODE_*: private 1, vepa 2, bridge 4, passthru 8, source 16. */
    public record Macvlan(int parentIndex, int mode) implements Kind {}

    /** IPVLAN_MODE_*: l2 0, l3 1, l3s 2. */
    public record Ipvlan(int parentIndex, int mode) implements Kind {}

    public record Bridge() implements Kind {}

    /** 802.1Q sub-interface of {@code parentIndex}, id 1..4094. */
    public record Vlan(int parentIndex, int vlanId) implements Kind {}

    /**
     * A bond in {@code mode} 0..6 (balance-rr .. balance-alb) with options named as the kernel's
     * bonding sysfs files ({@code miimon}, {@code arp_ip_target}, {@code primary}, ...), values as
     * text; interface names in {@code primary} and {@code active_slave} are resolved at creation.
     */
    public record Bond(int mode, Map<String, String> options) implements Kind {}
}
