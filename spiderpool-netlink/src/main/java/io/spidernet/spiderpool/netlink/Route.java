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
    public static final int RT_TABLE_MAIN = 254;
    public static final int RT_SCOPE_UNIVERSE = 0;
    public static final int RT_SCOPE_LINK = 253;
    public static final int RT_SCOPE_HOST = 254;
    public static final int RTN_UNICAST = 1;

    public Route {
        multipath = List.copyOf(multipath);
    }

    public record NextHop(InetAddress gateway, int oifIndex, int weight) {}

    public boolean isDefault() {
        return dst == null || dst.prefixLength() == 0;
    }
}
