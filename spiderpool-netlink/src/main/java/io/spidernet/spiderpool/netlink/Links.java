package io.spidernet.spiderpool.netlink;

import java.util.List;
import java.util.Optional;

/**
 * Links over {@code RTM_*LINK}: read, create, change, move to another namespace, delete. Every
 * failure names the link, the operation and the errno, e.g. "create vlan eth0.100 on eth0: File
 * exists (errno 17)". The {@code *Request} methods build the exact message, for golden-file tests
 * of kinds this kernel cannot make.
 */
public final class Links {
    private Links() {}

    public static List<Link> list(NetlinkSocket socket) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    public static Optional<Link> byName(NetlinkSocket socket, String name) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    public static Optional<Link> byIndex(NetlinkSocket socket, int index) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    /** The link, or a NetlinkException with ENODEV naming it. */
    public static Link require(NetlinkSocket socket, String name) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    /** Creates it (NLM_F_CREATE|NLM_F_EXCL: an existing name fails with EEXIST); not brought up. */
    public static void create(NetlinkSocket socket, NewLink link) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    public static void setUp(NetlinkSocket socket, Link link) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    public static void setDown(NetlinkSocket socket, Link link) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    public static void setMtu(NetlinkSocket socket, Link link, int mtu) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    public static void setMac(NetlinkSocket socket, Link link, MacAddress mac) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    public static void setTxQueueLen(NetlinkSocket socket, Link link, int length) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    /** Enslaves {@code link} to a bond or bridge; {@code masterIndex} 0 releases it. */
    public static void setMaster(NetlinkSocket socket, Link link, int masterIndex) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    public static void moveToNetns(NetlinkSocket socket, Link link, NetnsFile target) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    public static void delete(NetlinkSocket socket, Link link) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }
}
