package io.spidernet.spiderpool.netlink;

import java.net.InetAddress;
import java.util.List;

/**
 * A route as {@code RTM_NEWROUTE} carries it.
 *
 * @param family    AF_INET or AF_INET6
 * @param table     RT_TABLE_MAIN is 254; other numbers for policy tables (carried in RTA_TABLE above 255)
 * @param dst       null for a default route
 * @param gateway   RTA_GATEWAY, null for none (a connected or scope-link route)
 * @param oifIndex  RTA_OIF, 0 when the route has several next hops
 * @param scope     RT_SCOPE_UNIVERSE 0, RT_SCOPE_LINK 253, RT_SCOPE_HOST 254
 * @param prefSrc   RTA_PREFSRC, null for none
 * @param protocol  RTPROT_* (2 kernel, 3 boot, 4 static); 0 when adding means boot
 * @param type      RTN_UNICAST 1, RTN_LOCAL 2, ...
 * @param priority  RTA_PRIORITY (the metric)
 * @param multipath RTA_MULTIPATH next hops, empty for a single-path route
 */
public record Route(int family, int table, IpPrefix dst, InetAddress gateway, int oifIndex, int scope,
                    InetAddress prefSrc, int protocol, int type, int priority, List<NextHop> multipath) {
    public static final int RT_TABLE_UNSPEC = 0;
    public static final int RT_TABLE_MAIN = 254;
    public static final int RT_SCOPE_UNIVERSE = 0;
    public static final int RT_SCOPE_LINK = 253;
    public static final int RT_SCOPE_HOST = 254;
    /** Matches any scope; what a delete sends when the route does not say. */
    public static final int RT_SCOPE_NOWHERE = 255;
    public static final int RTN_UNICAST = 1;
    public static final int RTN_LOCAL = 2;
    public static final int RTPROT_KERNEL = 2;
    public static final int RTPROT_BOOT = 3;
    public static final int RTPROT_STATIC = 4;

    public Route {
        multipath = List.copyOf(multipath);
    }

    /** @param weight 1..256, as {@code ip route ... nexthop ... weight N} (the kernel carries weight - 1) */
    public record NextHop(InetAddress gateway, int oifIndex, int weight) {}

    /** {@code ip route add <dst|default> via <gateway> dev <oif> table <table>}; {@code dst} null for default. */
    public static Route via(IpPrefix dst, InetAddress gateway, int oifIndex, int table) {
        return new Route(IpPrefix.family(gateway), table, dst, gateway, oifIndex, RT_SCOPE_UNIVERSE, null, 0,
                RTN_UNICAST, 0, List.of());
    }

    /** {@code ip route add <dst> dev <oif> scope link [src <prefSrc>] table <table>}: a directly connected destination. */
    public static Route onLink(IpPrefix dst, int oifIndex, InetAddress prefSrc, int table) {
        return new Route(dst.family(), table, dst, null, oifIndex, RT_SCOPE_LINK, prefSrc, 0, RTN_UNICAST, 0,
                List.of());
    }

    /** {@code ip route add <dst|default> nexthop via A dev x [weight w] nexthop ... table <table>}. */
    public static Route multipath(IpPrefix dst, List<NextHop> hops, int table) {
        InetAddress gateway = hops.stream().map(NextHop::gateway).filter(g -> g != null).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("multipath route to "
                        + (dst == null ? "default" : dst) + " has no next hop with a gateway: " + hops));
        int family = IpPrefix.family(gateway);
        return new Route(family, table, dst, null, 0, RT_SCOPE_UNIVERSE, null, 0, RTN_UNICAST, 0, hops);
    }

    /** This route with RTA_PRIORITY (the metric) set. */
    public Route withPriority(int metric) {
        return new Route(family, table, dst, gateway, oifIndex, scope, prefSrc, protocol, type, metric, multipath);
    }

    /** This route with RTA_PREFSRC set. */
    public Route withPrefSrc(InetAddress source) {
        return new Route(family, table, dst, gateway, oifIndex, scope, source, protocol, type, priority, multipath);
    }

    public boolean isDefault() {
        return dst == null || dst.prefixLength() == 0;
    }
}
