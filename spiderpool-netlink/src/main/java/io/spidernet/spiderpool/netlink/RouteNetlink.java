package io.spidernet.spiderpool.netlink;

/**
 * The {@code rtnetlink} vocabulary shared by links and addresses: message types, address
 * families, family-header sizes and the attribute numbers of {@code linux/rtnetlink.h},
 * {@code if_link.h} and {@code if_addr.h}. The reading and writing is in {@link Links} and
 * {@link Addresses}.
 */
public final class RouteNetlink {
    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_SETLINK = 19;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;

    public static final int AF_UNSPEC = 0;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    public static final int IFLA_IFNAME = 3;
    public static final int IFA_ADDRESS = 1;
    public static final int IFA_LOCAL = 2;
    public static final int IFA_FLAGS = 8;

    /** {@code struct ifinfomsg}: family, pad, type, index, flags, change. */
    static final int IFINFOMSG_LENGTH = 16;
    /** {@code struct ifaddrmsg}: family, prefixlen, flags, scope, index. */
    static final int IFADDRMSG_LENGTH = 8;

    private RouteNetlink() {}

    /**
     * @param address the interface's own address with its prefix length, as {@code ip addr} shows it
     * @param scope RT_SCOPE_* (0 universe, 253 link, 254 host)
     */
    public record Address(int ifIndex, IpPrefix address, int scope) {}
}
