package io.spidernet.spiderpool.netlink;

/**
 * A network interface as {@code RTM_NEWLINK} describes it.
 *
 * @param flags       the kernel's IFF_* flags
 * @param kind        IFLA_INFO_KIND ("veth", "macvlan", "bond", "vlan", ...), empty for a plain device
 * @param mac         IFLA_ADDRESS, empty when the link has none (e.g. a tunnel)
 * @param masterIndex IFLA_MASTER (the bond or bridge it is enslaved to), 0 for none
 * @param parentIndex IFLA_LINK: a veth's peer, a macvlan's or vlan's parent; 0 for none. For a veth
 *                    whose peer is in another namespace it is the peer's index there
 * @param vlanId      IFLA_VLAN_ID of a vlan link, 0 otherwise
 */
public record Link(int index, String name, int flags, String kind, int mtu, MacAddress mac, int masterIndex,
                   int parentIndex, int txQueueLen, int vlanId) {
    public static final int IFF_UP = 0x1;
    public static final int IFF_BROADCAST = 0x2;
    public static final int IFF_LOOPBACK = 0x8;
    public static final int IFF_MULTICAST = 0x1000;

    public boolean isUp() {
        return (flags & IFF_UP) != 0;
    }

    public boolean has(int flag) {
        return (flags & flag) == flag;
    }
}
