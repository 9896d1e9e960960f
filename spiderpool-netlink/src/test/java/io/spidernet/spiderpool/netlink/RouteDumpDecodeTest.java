package io.spidernet.spiderpool.netlink;

import static io.spidernet.spiderpool.netlink.RouteNetlink.AF_INET;
import static io.spidernet.spiderpool.netlink.RouteNetlink.AF_INET6;
import static io.spidernet.spiderpool.netlink.RoutesTest.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which messages of a route dump become Routes, on hand-made messages the kernel rarely sends on demand. */
class RouteDumpDecodeTest {
    private static final int CLONED = 0x200;

    @Test
    void keepsConfiguredUnicastRoutesOfTheAskedFamilyAndTable() throws NetlinkException {
        NetlinkMessage inMain = message(rtmsg(AF_INET, 12, 254, 1, 0).attribute(Routes.RTA_DST, ip("10.96.0.0").getAddress())
                .attributeU32(Routes.RTA_OIF, 3));
        NetlinkMessage table1000 = message(rtmsg(AF_INET, 0, 0, 1, 0).attributeU32(Routes.RTA_TABLE, 1000)
                .attribute(Routes.RTA_GATEWAY, ip("192.0.2.1").getAddress()));
        NetlinkMessage ipv6Exception = message(rtmsg(AF_INET6, 128, 254, 1, CLONED)
                .attribute(Routes.RTA_DST, ip("2001:db8::9").getAddress()));
        NetlinkMessage local = message(rtmsg(AF_INET, 32, 255, Route.RTN_LOCAL, 0)
                .attribute(Routes.RTA_DST, ip("192.0.2.7").getAddress()));
        NetlinkMessage prefixWithoutAddress = message(rtmsg(AF_INET, 24, 254, 1, 0));
        NetlinkMessage prefixTooLong = message(rtmsg(AF_INET, 33, 254, 1, 0)
                .attribute(Routes.RTA_DST, ip("192.0.2.0").getAddress()));

        List<NetlinkMessage> dump = List.of(inMain, table1000, ipv6Exception, local, prefixWithoutAddress,
                prefixTooLong);

        assertThat(Routes.unicast(dump, RouteNetlink.AF_UNSPEC, 0)).containsExactly(
                new Route(AF_INET, 254, IpPrefix.parse("10.96.0.0/12"), null, 3, 0, null, 3, 1, 0, List.of()),
                new Route(AF_INET, 1000, null, ip("192.0.2.1"), 0, 0, null, 3, 1, 0, List.of()));
        assertThat(Routes.unicast(dump, AF_INET, 1000)).extracting(Route::table).containsExactly(1000);
        assertThat(Routes.unicast(dump, AF_INET6, 0)).isEmpty();
    }

    @Test
    void keepsTheWellFormedNextHopsBeforeATruncatedOne() throws NetlinkException {
        NetlinkRequest r = rtmsg(AF_INET, 0, 254, 1, 0);
        int multipath = r.beginNested(Routes.RTA_MULTIPATH);
        r.u16(16).u8(0).u8(4).u32(3).attribute(Routes.RTA_GATEWAY, ip("192.0.2.1").getAddress());
        r.u16(40).u8(0).u8(0).u32(4); // claims more bytes than the attribute holds
        r.endNested(multipath);

        Route route = Routes.unicast(List.of(message(r)), AF_INET, 0).getFirst();

        assertThat(route.multipath()).containsExactly(new Route.NextHop(ip("192.0.2.1"), 3, 5));
    }

    /** struct rtmsg with protocol boot and scope universe. */
    private static NetlinkRequest rtmsg(int family, int dstLen, int table, int type, int flags) {
        return new NetlinkRequest(Routes.RTM_NEWROUTE, 0).u8(family).u8(dstLen).u8(0).u8(0).u8(table)
                .u8(Route.RTPROT_BOOT).u8(0).u8(type).u32(flags);
    }

    private static NetlinkMessage message(NetlinkRequest r) throws NetlinkException {
        return NetlinkMessage.parseAll(ByteBuffer.wrap(r.toBytes(1))).getFirst();
    }
}
