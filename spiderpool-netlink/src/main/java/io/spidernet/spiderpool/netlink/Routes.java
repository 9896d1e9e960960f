package io.spidernet.spiderpool.netlink;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Routes over {@code RTM_*ROUTE} ({@code struct rtmsg} + RTA_* attributes of
 * {@code linux/rtnetlink.h}). Errors name the route in {@code ip route} words and the errno, e.g.
 * "add route 10.96.0.0/12 via 192.0.2.1 dev index 3 table 101: Network is unreachable (errno 101)".
 */
public final class Routes {
    static final int RTM_NEWROUTE = 24;
    static final int RTM_DELROUTE = 25;
    static final int RTM_GETROUTE = 26;
    static final int RTA_DST = 1;
    static final int RTA_OIF = 4;
    static final int RTA_GATEWAY = 5;
    static final int RTA_PRIORITY = 6;
    static final int RTA_PREFSRC = 7;
    static final int RTA_MULTIPATH = 9;
    static final int RTA_TABLE = 15;
    /** {@code struct rtmsg}: family, dst_len, src_len, tos, table, protocol, scope, type, flags (u32). */
    static final int RTMSG_LENGTH = 12;
    /** {@code struct rtnexthop}: len (u16), flags, hops (weight - 1), ifindex (s32); its attributes follow. */
    static final int RTNEXTHOP_LENGTH = 8;
    /**
     * rtm_flags of a cached clone (an IPv6 exception from a PMTU update, say): not a configured
     * route. Kernels before 5.3 put them in every IPv6 dump; later ones only when asked.
     */
    private static final int RTM_F_CLONED = 0x200;

    private Routes() {}

    /**
     * Unicast routes of {@code family} (AF_UNSPEC: both) in {@code table} (0: every table). The
     * table is filtered here: without strict checking the kernel ignores it in a dump request.
     * Local, broadcast, multicast and unreachable entries (the IPv6 dump carries the local table's)
     * are left out.
     */
    public static List<Route> list(NetlinkSocket socket, int family, int table) throws NetlinkException {
        NetlinkRequest request = new NetlinkRequest(RTM_GETROUTE, NetlinkRequest.NLM_F_DUMP)
                .u8(family).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u32(0);
        return unicast(socket.dump(request), family, table);
    }

    /** The configured unicast routes of a dump's answer, of {@code family} and {@code table} (0: any). */
    static List<Route> unicast(List<NetlinkMessage> dump, int family, int table) {
        List<Route> routes = new ArrayList<>();
        for (NetlinkMessage m : dump) {
            Route r = m.type() == RTM_NEWROUTE && !cloned(m) ? decode(m) : null;
            if (r != null && r.type() == Route.RTN_UNICAST && (table == 0 || r.table() == table)
                    && (family == RouteNetlink.AF_UNSPEC || r.family() == family)) {
                routes.add(r);
            }
        }
        return routes;
    }

    /** NLM_F_CREATE|NLM_F_EXCL: an identical route fails with EEXIST. */
    public static void add(NetlinkSocket socket, Route route) throws NetlinkException {
        socket.execute(addRequest(route), "add route " + describe(route));
    }

    /** NLM_F_CREATE|NLM_F_REPLACE. */
    public static void replace(NetlinkSocket socket, Route route) throws NetlinkException {
        socket.execute(replaceRequest(route), "replace route " + describe(route));
    }

    /**
     * Deletes the route that matches: what it leaves at 0 (protocol, type, scope, metric) matches
     * any value, as with {@code ip route del}.
     */
    public static void delete(NetlinkSocket socket, Route route) throws NetlinkException {
        socket.execute(deleteRequest(route), "delete route " + describe(route));
    }

    /** What {@code ip route get <dst>} answers: the route the kernel would use, with its preferred source. */
    public static Route get(NetlinkSocket socket, InetAddress dst) throws NetlinkException {
        IpPrefix host = IpPrefix.host(dst);
        NetlinkRequest request = new NetlinkRequest(RTM_GETROUTE, NetlinkRequest.NLM_F_ACK)
                .u8(host.family()).u8(host.prefixLength()).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u32(0)
                .attribute(RTA_DST, dst.getAddress());
        String what = "get route to " + dst.getHostAddress();
        NetlinkMessage answer = socket.request(request, what);
        Route route = answer.type() == RTM_NEWROUTE ? decode(answer) : null;
        if (route == null) {
            throw new NetlinkException(what + ": the kernel answered with message type " + answer.type()
                    + " that is not a route");
        }
        return route;
    }

    static NetlinkRequest addRequest(Route route) {
        return encode(RTM_NEWROUTE, NetlinkRequest.NLM_F_CREATE | NetlinkRequest.NLM_F_EXCL, route, true);
    }

    static NetlinkRequest replaceRequest(Route route) {
        return encode(RTM_NEWROUTE, NetlinkRequest.NLM_F_CREATE | NetlinkRequest.NLM_F_REPLACE, route, true);
    }

    static NetlinkRequest deleteRequest(Route route) {
        return encode(RTM_DELROUTE, 0, route, false);
    }

    /**
     * A table above 255 does not fit rtm_table and goes in RTA_TABLE alone; RTA_TABLE is sent for
     * every table so that both ways of reading it agree. A creating request fills in what
     * {@code ip route add} would (protocol boot, type unicast); a delete sends scope "nowhere" for
     * an unset scope, which the kernel takes as "any".
     */
    private static NetlinkRequest encode(int type, int flags, Route route, boolean creating) {
        int family = familyOf(route);
        check(route, family);
        int table = route.table() == Route.RT_TABLE_UNSPEC ? Route.RT_TABLE_MAIN : route.table();
        int protocol = creating && route.protocol() == 0 ? Route.RTPROT_BOOT : route.protocol();
        int scope = !creating && route.scope() == Route.RT_SCOPE_UNIVERSE ? Route.RT_SCOPE_NOWHERE : route.scope();
        int routeType = creating && route.type() == 0 ? Route.RTN_UNICAST : route.type();
        NetlinkRequest r = new NetlinkRequest(type, flags | NetlinkRequest.NLM_F_ACK)
                .u8(family).u8(route.isDefault() ? 0 : route.dst().prefixLength()).u8(0).u8(0)
                .u8(Integer.compareUnsigned(table, 256) < 0 ? table : Route.RT_TABLE_UNSPEC)
                .u8(protocol).u8(scope).u8(routeType).u32(0)
                .attributeU32(RTA_TABLE, table);
        if (!route.isDefault()) {
            r.attribute(RTA_DST, route.dst().address().getAddress());
        }
        if (route.gateway() != null) {
            r.attribute(RTA_GATEWAY, route.gateway().getAddress());
        }
        if (route.oifIndex() > 0) {
            r.attributeU32(RTA_OIF, route.oifIndex());
        }
        if (route.prefSrc() != null) {
            r.attribute(RTA_PREFSRC, route.prefSrc().getAddress());
        }
        if (route.priority() != 0) {
            r.attributeU32(RTA_PRIORITY, route.priority());
        }
        if (!route.multipath().isEmpty()) {
            writeNextHops(r, route.multipath());
        }
        return r;
    }

    /** RTA_MULTIPATH: a run of rtnexthop headers, each followed by its own RTA_GATEWAY. */
    private static void writeNextHops(NetlinkRequest r, List<Route.NextHop> hops) {
        int multipath = r.beginNested(RTA_MULTIPATH);
        for (Route.NextHop hop : hops) {
            byte[] gateway = hop.gateway() == null ? null : hop.gateway().getAddress();
            int length = RTNEXTHOP_LENGTH + (gateway == null ? 0 : NetlinkRequest.align(4 + gateway.length));
            r.u16(length).u8(0).u8(Math.max(hop.weight(), 1) - 1).u32(hop.oifIndex());
            if (gateway != null) {
                r.attribute(RTA_GATEWAY, gateway);
            }
        }
        r.endNested(multipath);
    }

    private static int familyOf(Route route) {
        if (InetBytes.length(route.family()) > 0) {
            return route.family();
        }
        InetAddress shown = route.dst() != null ? route.dst().address()
                : route.gateway() != null ? route.gateway()
                : route.multipath().isEmpty() ? null : route.multipath().getFirst().gateway();
        if (shown == null) {
            throw new IllegalArgumentException("route " + describe(route) + " has family " + route.family()
                    + " and no address that shows one: set family to AF_INET (2) or AF_INET6 (10)");
        }
        return IpPrefix.family(shown);
    }

    /** Mistakes the kernel would only answer with EINVAL, named here with the field and the fix. */
    private static void check(Route route, int family) {
        if (route.dst() != null) {
            InetBytes.requireFamily("route destination", route.dst().address(), family);
            if (!route.dst().equals(route.dst().network())) {
                throw new IllegalArgumentException("route destination " + route.dst() + " has host bits set: use "
                        + route.dst().network());
            }
        }
        InetBytes.requireFamily("route gateway", route.gateway(), family);
        InetBytes.requireFamily("route source", route.prefSrc(), family);
        for (Route.NextHop hop : route.multipath()) {
            InetBytes.requireFamily("route next-hop gateway", hop.gateway(), family);
        }
    }

    /** The route as {@code ip route} would write it, with link indexes instead of names. */
    static String describe(Route route) {
        StringBuilder s = new StringBuilder(route.isDefault() ? "default" : route.dst().toString());
        if (route.gateway() != null) {
            s.append(" via ").append(route.gateway().getHostAddress());
        }
        if (route.oifIndex() > 0) {
            s.append(" dev index ").append(route.oifIndex());
        }
        for (Route.NextHop hop : route.multipath()) {
            s.append(" nexthop");
            if (hop.gateway() != null) {
                s.append(" via ").append(hop.gateway().getHostAddress());
            }
            s.append(" dev index ").append(hop.oifIndex()).append(" weight ").append(Math.max(hop.weight(), 1));
        }
        if (route.scope() == Route.RT_SCOPE_LINK || route.scope() == Route.RT_SCOPE_HOST) {
            s.append(route.scope() == Route.RT_SCOPE_LINK ? " scope link" : " scope host");
        }
        if (route.prefSrc() != null) {
            s.append(" src ").append(route.prefSrc().getHostAddress());
        }
        if (route.priority() != 0) {
            s.append(" metric ").append(Integer.toUnsignedString(route.priority()));
        }
        if (route.table() != Route.RT_TABLE_UNSPEC && route.table() != Route.RT_TABLE_MAIN) {
            s.append(" table ").append(Integer.toUnsignedString(route.table()));
        }
        return s.toString();
    }

    private static boolean cloned(NetlinkMessage m) {
        return m.payload().remaining() >= RTMSG_LENGTH && (m.payload().getInt(8) & RTM_F_CLONED) != 0;
    }

    /** An RTM_NEWROUTE as a Route; null when it is no IPv4/IPv6 route or is malformed. */
    static Route decode(NetlinkMessage m) {
        ByteBuffer p = m.payload();
        if (p.remaining() < RTMSG_LENGTH) {
            return null;
        }
        int family = Byte.toUnsignedInt(p.get(0));
        int dstLen = Byte.toUnsignedInt(p.get(1));
        if (InetBytes.length(family) < 0 || dstLen > InetBytes.length(family) * 8) {
            return null;
        }
        NetlinkAttributes attrs = m.attributes(RTMSG_LENGTH);
        IpPrefix dst = null;
        if (dstLen > 0) {
            InetAddress address = InetBytes.attribute(attrs, RTA_DST, family);
            if (address == null) {
                return null;
            }
            dst = new IpPrefix(address, dstLen);
        }
        return new Route(family, attrs.u32(RTA_TABLE, Byte.toUnsignedInt(p.get(4))), dst,
                InetBytes.attribute(attrs, RTA_GATEWAY, family), attrs.u32(RTA_OIF, 0), Byte.toUnsignedInt(p.get(6)),
                InetBytes.attribute(attrs, RTA_PREFSRC, family), Byte.toUnsignedInt(p.get(5)),
                Byte.toUnsignedInt(p.get(7)), attrs.u32(RTA_PRIORITY, 0), nextHops(attrs.bytes(RTA_MULTIPATH), family));
    }

    private static List<Route.NextHop> nextHops(byte[] raw, int family) {
        if (raw == null) {
            return List.of();
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
        List<Route.NextHop> hops = new ArrayList<>();
        int at = 0;
        while (raw.length - at >= RTNEXTHOP_LENGTH) {
            int length = Short.toUnsignedInt(b.getShort(at));
            if (length < RTNEXTHOP_LENGTH || length > raw.length - at) {
                break; // a truncated tail: keep the well-formed hops, as the attribute parser does
            }
            NetlinkAttributes attrs = NetlinkAttributes.parse(b.slice(at, length).order(ByteOrder.nativeOrder()),
                    RTNEXTHOP_LENGTH);
            hops.add(new Route.NextHop(InetBytes.attribute(attrs, RTA_GATEWAY, family), b.getInt(at + 4),
                    Byte.toUnsignedInt(b.get(at + 3)) + 1));
            at += NetlinkRequest.align(length);
        }
        return hops;
    }
}
