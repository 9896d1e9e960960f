package io.spidernet.spiderpool.netlink;

import java.net.InetAddress;
import java.util.List;

/** Routes over {@code RTM_*ROUTE}; errors name the route and the errno. */
public final class Routes {
    private Routes() {}

    /** Unicast routes of {@code family} (AF_UNSPEC: both) in {@code table} (0: every table). */
    public static List<Route> list(NetlinkSocket socket, int family, int table) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    /** NLM_F_CREATE|NLM_F_EXCL: an identical route fails with EEXIST. */
    public static void add(NetlinkSocket socket, Route route) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    /** NLM_F_CREATE|NLM_F_REPLACE. */
    public static void replace(NetlinkSocket socket, Route route) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    public static void delete(NetlinkSocket socket, Route route) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    /** What {@code ip route get <dst>} answers: the route the kernel would use, with its preferred source. */
    public static Route get(NetlinkSocket socket, InetAddress dst) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }
}
