package io.spidernet.spiderpool.netlink;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Neighbour entries over {@code RTM_*NEIGH} ({@code struct ndmsg} + NDA_* attributes of
 * {@code linux/neighbour.h}). Errors name the entry in {@code ip neigh} words.
 */
public final class Neighbours {
    static final int RTM_NEWNEIGH = 28;
    static final int RTM_DELNEIGH = 29;
    static final int RTM_GETNEIGH = 30;
    static final int NDA_DST = 1;
    static final int NDA_LLADDR = 2;
    /** family, pad1, pad2 (u16), ifindex (s32), state (u16), flags, type. */
    static final int NDMSG_LENGTH = 12;

    private Neighbours() {}

    /**
     * Entries of {@code family} (AF_UNSPEC: both) on every link, in every state (unlike
     * {@code ip neigh}, which hides NOARP ones); an entry still being resolved has no MAC.
     */
    public static List<Neighbour> list(NetlinkSocket socket, int family) throws NetlinkException {
        NetlinkRequest request = new NetlinkRequest(RTM_GETNEIGH, NetlinkRequest.NLM_F_DUMP)
                .u8(family).u8(0).u16(0).u32(0).u16(0).u8(0).u8(0);
        List<Neighbour> entries = new ArrayList<>();
        // the kernel dumps the tables of the family asked for (all for AF_UNSPEC); decode drops non-IP ones
        for (NetlinkMessage m : socket.dump(request)) {
            Neighbour n = m.type() == RTM_NEWNEIGH ? decode(m) : null;
            if (n != null) {
                entries.add(n);
            }
        }
        return entries;
    }

    /** Adds or overwrites (NLM_F_CREATE|NLM_F_REPLACE) the entry. */
    public static void replace(NetlinkSocket socket, Neighbour neighbour) throws NetlinkException {
        socket.execute(replaceRequest(neighbour), "replace neighbour " + describe(neighbour));
    }

    public static void delete(NetlinkSocket socket, Neighbour neighbour) throws NetlinkException {
        socket.execute(deleteRequest(neighbour), "delete neighbour " + describe(neighbour));
    }

    static NetlinkRequest replaceRequest(Neighbour neighbour) {
        NetlinkRequest r = header(RTM_NEWNEIGH, NetlinkRequest.NLM_F_CREATE | NetlinkRequest.NLM_F_REPLACE, neighbour);
        if (neighbour.mac() != null && !neighbour.mac().isEmpty()) {
            r.attribute(NDA_LLADDR, neighbour.mac().bytes());
        }
        return r;
    }

    static NetlinkRequest deleteRequest(Neighbour neighbour) {
        return header(RTM_DELNEIGH, 0, neighbour);
    }

    private static NetlinkRequest header(int type, int flags, Neighbour neighbour) {
        if (neighbour.ip() == null) {
            throw new IllegalArgumentException("neighbour on link index " + neighbour.ifIndex() + " has no IP address");
        }
        if (neighbour.ifIndex() <= 0) {
            throw new IllegalArgumentException("neighbour " + describe(neighbour) + " has link index "
                    + neighbour.ifIndex() + ": give the index of the link it is on");
        }
        return new NetlinkRequest(type, flags | NetlinkRequest.NLM_F_ACK)
                .u8(IpPrefix.family(neighbour.ip())).u8(0).u16(0).u32(neighbour.ifIndex())
                .u16(neighbour.state()).u8(0).u8(0)
                .attribute(NDA_DST, neighbour.ip().getAddress());
    }

    /** "192.0.2.1 lladdr 02:00:00:00:00:01 dev index 3 nud permanent". */
    static String describe(Neighbour n) {
        StringBuilder s = new StringBuilder(n.ip() == null ? "(no address)" : n.ip().getHostAddress());
        if (n.mac() != null && !n.mac().isEmpty()) {
            s.append(" lladdr ").append(n.mac());
        }
        s.append(" dev index ").append(n.ifIndex());
        return s.append(n.state() == Neighbour.NUD_PERMANENT ? " nud permanent"
                : " nud 0x" + Integer.toHexString(n.state())).toString();
    }

    /** An RTM_NEWNEIGH as a Neighbour; null for another family or an entry without an address. */
    static Neighbour decode(NetlinkMessage m) {
        ByteBuffer p = m.payload();
        if (p.remaining() < NDMSG_LENGTH) {
            return null;
        }
        int family = Byte.toUnsignedInt(p.get(0));
        if (InetBytes.length(family) < 0) {
            return null;
        }
        NetlinkAttributes attrs = m.attributes(NDMSG_LENGTH);
        InetAddress ip = InetBytes.attribute(attrs, NDA_DST, family);
        if (ip == null) {
            return null;
        }
        byte[] mac = attrs.bytes(NDA_LLADDR);
        return new Neighbour(p.getInt(4), ip, mac == null ? MacAddress.NONE : new MacAddress(mac),
                Short.toUnsignedInt(p.getShort(8)));
    }
}
