package io.spidernet.spiderpool.netlink;

import static io.spidernet.spiderpool.netlink.RouteNetlink.AF_INET;
import static io.spidernet.spiderpool.netlink.RouteNetlink.AF_INET6;
import static io.spidernet.spiderpool.netlink.RouteNetlink.AF_UNSPEC;
import static io.spidernet.spiderpool.netlink.RouteNetlink.IFADDRMSG_LENGTH;
import static io.spidernet.spiderpool.netlink.RouteNetlink.IFA_ADDRESS;
import static io.spidernet.spiderpool.netlink.RouteNetlink.IFA_FLAGS;
import static io.spidernet.spiderpool.netlink.RouteNetlink.IFA_LOCAL;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Interface addresses over {@code RTM_*ADDR}. */
public final class Addresses {
    public static final int IFA_F_NODAD = 0x02;
    /** ifaddrmsg carries the low 8 flag bits; the others need the IFA_FLAGS attribute. */
    private static final int HEADER_FLAG_BITS = 0xff;

    private Addresses() {}

    /** Every IPv4 and IPv6 address of every link, in the kernel's order. */
    public static List<RouteNetlink.Address> list(NetlinkSocket socket) throws NetlinkException {
        NetlinkRequest request = new NetlinkRequest(RouteNetlink.RTM_GETADDR, NetlinkRequest.NLM_F_DUMP)
                .u8(AF_UNSPEC).u8(0).u8(0).u8(0).u32(0);
        List<RouteNetlink.Address> addresses = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(request)) {
            RouteNetlink.Address a = m.type() == RouteNetlink.RTM_NEWADDR ? decode(m) : null;
            if (a != null) {
                addresses.add(a);
            }
        }
        return addresses;
    }

    /** The addresses of one link. */
    public static List<RouteNetlink.Address> list(NetlinkSocket socket, Link link) throws NetlinkException {
        List<RouteNetlink.Address> mine = new ArrayList<>();
        for (RouteNetlink.Address a : list(socket)) {
            if (a.ifIndex() == link.index()) {
                mine.add(a);
            }
        }
        return mine;
    }

    /** NLM_F_CREATE|NLM_F_EXCL; {@code flags} IFA_F_* (e.g. NODAD for an IPv6 address usable at once). */
    public static void add(NetlinkSocket socket, Link link, IpPrefix address, int flags) throws NetlinkException {
        socket.execute(addRequest(link.index(), address, flags), "add address " + address + " to " + Links.describe(link));
    }

    public static void delete(NetlinkSocket socket, Link link, IpPrefix address) throws NetlinkException {
        socket.execute(deleteRequest(link.index(), address), "delete address " + address + " from " + Links.describe(link));
    }

    /** The RTM_NEWADDR message {@link #add} sends, for golden-file tests. */
    public static NetlinkRequest addRequest(int ifIndex, IpPrefix address, int flags) {
        int requestFlags = NetlinkRequest.NLM_F_CREATE | NetlinkRequest.NLM_F_EXCL | NetlinkRequest.NLM_F_ACK;
        return message(RouteNetlink.RTM_NEWADDR, requestFlags, ifIndex, address, flags);
    }

    /** The RTM_DELADDR message {@link #delete} sends. */
    public static NetlinkRequest deleteRequest(int ifIndex, IpPrefix address) {
        return message(RouteNetlink.RTM_DELADDR, NetlinkRequest.NLM_F_ACK, ifIndex, address, 0);
    }

    /**
     * IPv4 carries the address twice, as IFA_LOCAL (the interface's own) and IFA_ADDRESS (the
     * peer, the same on a broadcast link), as iproute2 sends it; IPv6 knows only IFA_ADDRESS.
     */
    private static NetlinkRequest message(int type, int requestFlags, int ifIndex, IpPrefix address, int flags) {
        NetlinkRequest r = new NetlinkRequest(type, requestFlags)
                .u8(address.family()).u8(address.prefixLength()).u8(flags & HEADER_FLAG_BITS).u8(0).u32(ifIndex);
        byte[] raw = address.address().getAddress();
        if (address.isIpv4()) {
            r.attribute(IFA_LOCAL, raw);
        }
        r.attribute(IFA_ADDRESS, raw);
        if ((flags & ~HEADER_FLAG_BITS) != 0) {
            r.attributeU32(IFA_FLAGS, flags);
        }
        return r;
    }

    /**
     * IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on point-to-point links
     * and the same as IFA_LOCAL otherwise. IPv6 sends only IFA_ADDRESS.
     */
    private static RouteNetlink.Address decode(NetlinkMessage m) {
        ByteBuffer p = m.payload();
        if (p.remaining() < IFADDRMSG_LENGTH) {
            return null;
        }
        int family = Byte.toUnsignedInt(p.get(0));
        int length = family == AF_INET ? 4 : family == AF_INET6 ? 16 : -1;
        NetlinkAttributes attrs = m.attributes(IFADDRMSG_LENGTH);
        byte[] raw = attrs.has(IFA_LOCAL) ? attrs.bytes(IFA_LOCAL) : attrs.bytes(IFA_ADDRESS);
        if (raw == null || raw.length != length) {
            return null;
        }
        try {
            IpPrefix prefix = new IpPrefix(InetAddress.getByAddress(raw), Byte.toUnsignedInt(p.get(1)));
            return new RouteNetlink.Address(p.getInt(4), prefix, Byte.toUnsignedInt(p.get(3)));
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null; // not an address of the declared family: skip it as the other malformed cases
        }
    }
}
