package io.spidernet.spiderpool.netlink;

import static io.spidernet.spiderpool.netlink.RouteNetlink.AF_INET;
import static io.spidernet.spiderpool.netlink.RouteNetlink.AF_INET6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.netlink.testkit.NetnsFixture;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routes against the kernel, in namespaces of their own; what Java writes is read back with
 * iproute2 and what iproute2 writes is read with Java, so the decoding is checked by an
 * independent reader.
 */
class RoutesTest {
    private static final IpPrefix SERVICES = IpPrefix.parse("10.96.0.0/12");
    private static final List<Route.NextHop> NO_HOPS = List.of();

    @BeforeEach
    void needsNamespaces() {
        NetnsFixture.requireUsable();
    }

    @Test
    void addsListsReplacesAndDeletesIpv4RoutesInMainAndPolicyTables() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create("r4")) {
            ns.veth("in0", InNamespace.outsideName("r4"), "192.0.2.7/24");
            int in0 = InNamespace.index(ns, "in0");
            Route viaGateway = Route.via(SERVICES, ip("192.0.2.1"), in0, 101);
            Route host = Route.onLink(IpPrefix.parse("198.51.100.10/32"), in0, ip("192.0.2.7"), Route.RT_TABLE_MAIN);
            Route bigTable = Route.via(null, ip("192.0.2.1"), in0, 1000).withPriority(50);

            InNamespace.run(ns, socket -> {
                Routes.add(socket, viaGateway);
                Routes.add(socket, host);
                Routes.add(socket, bigTable);
                return null;
            });

            assertThat(list(ns, AF_INET, 101)).containsExactly(
                    new Route(AF_INET, 101, SERVICES, ip("192.0.2.1"), in0, 0, null, Route.RTPROT_BOOT, 1, 0, NO_HOPS));
            assertThat(list(ns, AF_INET, 1000)).containsExactly(
                    new Route(AF_INET, 1000, null, ip("192.0.2.1"), in0, 0, null, Route.RTPROT_BOOT, 1, 50, NO_HOPS));
            assertThat(list(ns, AF_INET, Route.RT_TABLE_MAIN)).containsExactlyInAnyOrder(
                    new Route(AF_INET, 254, IpPrefix.parse("192.0.2.0/24"), null, in0, Route.RT_SCOPE_LINK, ip("192.0.2.7"),
                            Route.RTPROT_KERNEL, 1, 0, NO_HOPS),
                    new Route(AF_INET, 254, IpPrefix.parse("198.51.100.10/32"), null, in0, Route.RT_SCOPE_LINK,
                            ip("192.0.2.7"), Route.RTPROT_BOOT, 1, 0, NO_HOPS));
            assertThat(lines(ns.ip("-d", "route", "show", "table", "101")))
                    .containsExactly("unicast 10.96.0.0/12 via 192.0.2.1 dev in0 proto boot scope global");
            assertThat(lines(ns.ip("-d", "route", "show", "table", "1000")))
                    .containsExactly("unicast default via 192.0.2.1 dev in0 proto boot scope global metric 50");
            assertThat(lines(ns.ip("-d", "route", "show", "198.51.100.10")))
                    .containsExactly("unicast 198.51.100.10 dev in0 proto boot scope link src 192.0.2.7");

            Route moved = Route.via(SERVICES, ip("192.0.2.254"), in0, 101);
            InNamespace.run(ns, socket -> {
                Routes.replace(socket, moved);
                return null;
            });
            assertThat(list(ns, AF_INET, 101))
                    .extracting(Route::gateway).containsExactly(ip("192.0.2.254"));

            InNamespace.run(ns, socket -> {
                Routes.delete(socket, moved);
                Routes.delete(socket, host);
                Routes.delete(socket, bigTable);
                return null;
            });
            assertThat(list(ns, AF_INET, 0)).extracting(Route::dst)
                    .containsExactly(IpPrefix.parse("192.0.2.0/24"));
            assertThat(lines(ns.ip("route", "show", "table", "all", "type", "unicast"))).containsExactly(
                    "192.0.2.0/24 dev in0 proto kernel scope link src 192.0.2.7");
        }
    }

    @Test
    void addsListsReplacesAndDeletesIpv6RoutesWithALinkLocalGateway() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create("r6")) {
            ns.veth("in0", InNamespace.outsideName("r6"), "2001:db8::7/64");
            int in0 = InNamespace.index(ns, "in0");
            IpPrefix pods = IpPrefix.parse("2001:db8:1::/64");
            Route viaLinkLocal = Route.via(pods, ip("fe80::1"), in0, 101);
            Route inMain = Route.via(IpPrefix.parse("2001:db8:2::/64"), ip("2001:db8::1"), in0, 0).withPriority(100);

            InNamespace.run(ns, socket -> {
                Routes.add(socket, viaLinkLocal);
                Routes.add(socket, inMain);
                return null;
            });

            // the kernel gives an IPv6 route without a metric 1024
            assertThat(list(ns, AF_INET6, 101)).containsExactly(
                    new Route(AF_INET6, 101, pods, ip("fe80::1"), in0, 0, null, Route.RTPROT_BOOT, 1, 1024, NO_HOPS));
            assertThat(list(ns, AF_INET6, Route.RT_TABLE_MAIN))
                    .contains(new Route(AF_INET6, 254, IpPrefix.parse("2001:db8:2::/64"), ip("2001:db8::1"), in0, 0,
                            null, Route.RTPROT_BOOT, 1, 100, NO_HOPS));
            assertThat(lines(ns.ip("-6", "-d", "route", "show", "table", "101"))).singleElement().asString()
                    .startsWith("unicast 2001:db8:1::/64 via fe80::1 dev in0 proto boot scope global metric 1024");
            List<Route> all = list(ns, RouteNetlink.AF_UNSPEC, 0);
            assertThat(all).as("the local table's entries are not unicast routes").allSatisfy(r -> {
                assertThat(r.type()).isEqualTo(Route.RTN_UNICAST);
                assertThat(r.table()).isNotEqualTo(255);
            });

            Route moved = Route.via(pods, ip("fe80::2"), in0, 101);
            InNamespace.run(ns, socket -> {
                Routes.replace(socket, moved);
                return null;
            });
            assertThat(list(ns, AF_INET6, 101))
                    .extracting(Route::gateway).containsExactly(ip("fe80::2"));

            InNamespace.run(ns, socket -> {
                Routes.delete(socket, moved);
                Routes.delete(socket, inMain);
                return null;
            });
            assertThat(list(ns, AF_INET6, 101)).isEmpty();
            assertThat(ns.ip("-6", "route", "show", "table", "all")).doesNotContain("2001:db8:1::", "2001:db8:2::");
        }
    }

    @Test
    void readsAMultipathDefaultRouteThatIproute2MadeAndWritesOneIproute2Reads() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create("rm")) {
            ns.veth("in0", InNamespace.outsideName("ma"), "192.0.2.7/24");
            ns.veth("in1", InNamespace.outsideName("mb"), "198.51.100.7/24");
            int in0 = InNamespace.index(ns, "in0");
            int in1 = InNamespace.index(ns, "in1");
            ns.ip("route", "add", "default", "nexthop", "via", "192.0.2.1", "dev", "in0",
                    "nexthop", "via", "198.51.100.1", "dev", "in1", "weight", "3");

            List<Route> defaults = list(ns, AF_INET, Route.RT_TABLE_MAIN)
                    .stream().filter(Route::isDefault).toList();

            assertThat(defaults).singleElement().satisfies(r -> {
                assertThat(r.gateway()).isNull();
                assertThat(r.oifIndex()).isZero();
                assertThat(r.multipath()).containsExactly(new Route.NextHop(ip("192.0.2.1"), in0, 1),
                        new Route.NextHop(ip("198.51.100.1"), in1, 3));
            });

            InNamespace.run(ns, socket -> {
                Routes.add(socket, Route.multipath(null, List.of(new Route.NextHop(ip("192.0.2.1"), in0, 2),
                        new Route.NextHop(ip("198.51.100.1"), in1, 1)), 101));
                return null;
            });
            assertThat(lines(ns.ip("-d", "route", "show", "table", "101"))).containsExactly("unicast default proto boot scope global",
                    "nexthop via 192.0.2.1 dev in0 weight 2", "nexthop via 198.51.100.1 dev in1 weight 1");
        }
    }

    @Test
    void getAnswersWithTheRouteAndItsPreferredSource() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create("rg")) {
            ns.veth("in0", InNamespace.outsideName("rg"), "192.0.2.7/24", "192.0.2.8/24", "2001:db8::7/64");
            int in0 = InNamespace.index(ns, "in0");
            ns.ip("route", "add", "203.0.113.0/24", "via", "192.0.2.1", "dev", "in0", "src", "192.0.2.8");

            Route onLink = get(ns, ip("192.0.2.99"));
            Route remote = get(ns, ip("203.0.113.5"));
            Route v6 = get(ns, ip("2001:db8::99"));

            assertThat(onLink.dst()).isEqualTo(IpPrefix.parse("192.0.2.99/32"));
            assertThat(onLink.gateway()).isNull();
            assertThat(onLink.oifIndex()).isEqualTo(in0);
            assertThat(onLink.prefSrc()).isEqualTo(ip("192.0.2.7"));
            assertThat(remote.gateway()).isEqualTo(ip("192.0.2.1"));
            assertThat(remote.prefSrc()).isEqualTo(ip("192.0.2.8"));
            assertThat(lines(ns.ip("route", "get", "203.0.113.5")).getFirst())
                    .startsWith("203.0.113.5 via 192.0.2.1 dev in0 src 192.0.2.8");
            assertThat(v6.oifIndex()).isEqualTo(in0);
            assertThat(v6.prefSrc()).isEqualTo(ip("2001:db8::7"));
            assertThatThrownBy(() -> get(ns, ip("198.51.100.1")))
                    .isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errno()).isEqualTo(101))
                    .hasMessage("get route to 198.51.100.1: Network is unreachable (errno 101)");
        }
    }

    @Test
    void aRefusedRouteIsNamedInTheError() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create("re")) {
            ns.veth("in0", InNamespace.outsideName("re"), "192.0.2.7/24");
            int in0 = InNamespace.index(ns, "in0");
            Route unreachable = Route.via(SERVICES, ip("203.0.113.1"), in0, 101);
            Route fine = Route.via(SERVICES, ip("192.0.2.1"), in0, 101);

            assertThatThrownBy(() -> InNamespace.run(ns, socket -> {
                Routes.add(socket, unreachable);
                return null;
            })).isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errno()).isEqualTo(101)).hasMessage(
                    "add route 10.96.0.0/12 via 203.0.113.1 dev index " + in0 + " table 101: Network is unreachable"
                            + " (errno 101)");
            InNamespace.run(ns, socket -> {
                Routes.add(socket, fine);
                return null;
            });
            assertThatThrownBy(() -> InNamespace.run(ns, socket -> {
                Routes.add(socket, fine);
                return null;
            })).isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errno()).isEqualTo(17)).hasMessage(
                    "add route 10.96.0.0/12 via 192.0.2.1 dev index " + in0 + " table 101: File exists (errno 17)");
        }
    }

    private static List<Route> list(NetnsFixture ns, int family, int table) throws Exception {
        return InNamespace.run(ns, socket -> Routes.list(socket, family, table));
    }

    private static Route get(NetnsFixture ns, InetAddress dst) throws Exception {
        return InNamespace.run(ns, socket -> Routes.get(socket, dst));
    }

    /**
     * iproute2's output as trimmed, non-empty lines, without the "linkdown" flag: the root-namespace
     * ends of the fixture's veths stay down, and link state is not what these tests read.
     */
    static List<String> lines(String output) {
        return output.lines().map(l -> l.replace(" linkdown", "").strip()).filter(l -> !l.isEmpty()).toList();
    }

    static InetAddress ip(String text) {
        return IpPrefix.literal(text);
    }
}
