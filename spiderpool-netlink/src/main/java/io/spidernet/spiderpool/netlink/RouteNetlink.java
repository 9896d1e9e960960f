package io.spidernet.spiderpool.netlink;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads links and addresses over a route netlink socket: the {@code rtnetlink} message types,
 * family headers and attribute numbers of {@code linux/rtnetlink.h}, {@code if_link.h} and
 * {@code if_addr.h}, decoded into records.
 */
public final class RouteNetlink {
    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;

    public static final int AF_UNSPEC = 0;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    public static final int IFLA_IFNAME = 3;
    public static final int IFA_ADDRESS = 1;
    public static final int IFA_LOCAL = 2;

    /** {@code struct ifinfomsg}: family, pad, type, index, flags, change. */
    static final int IFINFOMSG_LENGTH = 16;
    /** {@code struct ifaddrmsg}: family, prefixlen, flags, scope, index. */
    static final int IFADDRMSG_LENGTH = 8;
    private static final int IFF_UP = 0x1;

    private RouteNetlink() {}

    /** @param flags the kernel's IFF_* flags */
    public record Link(int index, String name, int flags) {
        public boolean isUp() {
            return (flags & IFF_UP) != 0;
        }
    }

    /**
     * @param address the interface's own address with its prefix length, as {@code ip addr} shows it
     * @param scope RT_SCOPE_* (0 universe, 253 link, 254 host)
     */
    public record Address(int ifIndex, IpPrefix address, int scope) {}

    public static List<Link> links(NetlinkSocket socket) throws NetlinkException {
        NetlinkRequest request = new NetlinkRequest(RTM_GETLINK, NetlinkRequest.NLM_F_DUMP)
                .u8(AF_UNSPEC).u8(0).u16(0).u32(0).u32(0).u32(0);
        List<Link> links = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(request)) {
            if (m.type() == RTM_NEWLINK && m.payload().remaining() >= IFINFOMSG_LENGTH) {
                ByteBuffer p = m.payload();
                String name = m.attributes(IFINFOMSG_LENGTH).string(IFLA_IFNAME);
                links.add(new Link(p.getInt(4), name == null ? "" : name, p.getInt(8)));
            }
        }
        return links;
    }

    /** The link with this name in the socket's namespace, or null. */
    public static Link link(NetlinkSocket socket, String name) throws NetlinkException {
        for (Link l : links(socket)) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        return null;
    }

    /** Every IPv4 and IPv6 address of every interface. */
    public static List<Address> addresses(NetlinkSocket socket) throws NetlinkException {
        NetlinkRequest request = new NetlinkRequest(RTM_GETADDR, NetlinkRequest.NLM_F_DUMP)
                .u8(AF_UNSPEC).u8(0).u8(0).u8(0).u32(0);
        List<Address> addresses = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(request)) {
            Address a = m.type() == RTM_NEWADDR ? address(m) : null;
            if (a != null) {
                addresses.add(a);
            }
        }
        return addresses;
    }

    /** The addresses of one interface, in the kernel's order. */
    public static List<Address> addresses(NetlinkSocket socket, int ifIndex) throws NetlinkException {
        List<Address> mine = new ArrayList<>();
        for (Address a : addresses(socket)) {
            if (a.ifIndex() == ifIndex) {
                mine.add(a);
            }
        }
        return mine;
    }

    /**
     * IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on point-to-point links
     * and the same as IFA_LOCAL otherwise. IPv6 sends only IFA_ADDRESS.
     */
    private static Address address(NetlinkMessage m) {
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
            return new Address(p.getInt(4), prefix, Byte.toUnsignedInt(p.get(3)));
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null; // not an address of the declared family: skip it as the other malformed cases
        }
    }
}
