package io.spidernet.spiderpool.netlink;

import java.util.List;

/** Interface addresses over {@code RTM_*ADDR}. */
public final class Addresses {
    public static final int IFA_F_NODAD = 0x02;

    private Addresses() {}

    /** Every IPv4 and IPv6 address of every link, in the kernel's order. */
    public static List<RouteNetlink.Address> list(NetlinkSocket socket) throws NetlinkException {
        return RouteNetlink.addresses(socket);
    }

    /** The addresses of one link. */
    public static List<RouteNetlink.Address> list(NetlinkSocket socket, Link link) throws NetlinkException {
        return RouteNetlink.addresses(socket, link.index());
    }

    /** NLM_F_CREATE|NLM_F_EXCL; {@code flags} IFA_F_* (e.g. NODAD for an IPv6 address usable at once). */
    public static void add(NetlinkSocket socket, Link link, IpPrefix address, int flags) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    public static void delete(NetlinkSocket socket, Link link, IpPrefix address) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }
}
