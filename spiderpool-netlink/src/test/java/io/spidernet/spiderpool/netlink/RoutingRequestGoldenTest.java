package io.spidernet.spiderpool.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes of route, rule and neighbour requests against files derived from the kernel's
 * structs by {@code netlink-golden/route-rule-neigh-golden.py}, not from this encoder.
 */
class RoutingRequestGoldenTest {
    private static final MacAddress MAC = MacAddress.parse("02:00:c0:00:02:01");

    @BeforeAll
    static void littleEndianHost() {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            System.out.println("skipping golden netlink bytes: they are written for a little-endian host");
            Assumptions.abort("the golden files are little-endian");
        }
    }

    @Test
    void addsADefaultRouteInTable101() throws IOException {
        assertGolden("route-add-v4-default-table101", Routes.addRequest(Route.via(null, ip("192.0.2.1"), 3, 101)));
    }

    @Test
    void putsATableAbove255InRtaTableAlone() throws IOException {
        assertGolden("route-add-v4-table1000",
                Routes.addRequest(Route.via(IpPrefix.parse("198.51.100.0/24"), ip("192.0.2.1"), 3, 1000)));
    }

    @Test
    void addsAHostRouteOnTheLinkWithItsSourceInMain() throws IOException {
        Route route = Route.onLink(IpPrefix.parse("192.0.2.10/32"), 3, ip("192.0.2.7"), Route.RT_TABLE_MAIN);

        assertGolden("route-add-v4-host-scope-link-main", Routes.addRequest(route));
    }

    @Test
    void addsAnIpv6RouteViaALinkLocalGatewayWithAMetric() throws IOException {
        Route route = Route.via(IpPrefix.parse("2001:db8:1::/64"), ip("fe80::1"), 3, 0).withPriority(100);

        assertGolden("route-add-v6-gateway", Routes.addRequest(route));
    }

    @Test
    void addsAMultipathDefaultRoute() throws IOException {
        Route route = Route.multipath(null, List.of(new Route.NextHop(ip("192.0.2.1"), 3, 1),
                new Route.NextHop(ip("198.51.100.1"), 4, 2)), 101);

        assertGolden("route-add-v4-multipath", Routes.addRequest(route));
        Route unweighted = Route.multipath(null, List.of(new Route.NextHop(ip("192.0.2.1"), 3, 0),
                new Route.NextHop(ip("198.51.100.1"), 4, 2)), 101);
        assertGolden("route-add-v4-multipath", Routes.addRequest(unweighted)); // weight 0 is read as 1
    }

    @Test
    void deletesARouteMatchingAnyProtocolAndScope() throws IOException {
        assertGolden("route-delete-v4-table101",
                Routes.deleteRequest(Route.via(IpPrefix.parse("10.96.0.0/12"), ip("192.0.2.1"), 3, 101)));
    }

    @Test
    void addsASourceRule() throws IOException {
        assertGolden("rule-add-from-v4", Rules.addRequest(Rule.from(IpPrefix.parse("192.0.2.5/32"), 101, 999)));
    }

    @Test
    void addsAnFwmarkRule() throws IOException {
        assertGolden("rule-add-fwmark-v4", Rules.addRequest(Rule.fwmark(RouteNetlink.AF_INET, 1, 100, 1000)));
    }

    @Test
    void addsAnIpv6FromAllRuleToTable500() throws IOException {
        assertGolden("rule-add-all-v6-table500", Rules.addRequest(Rule.fromAll(RouteNetlink.AF_INET6, 500, 1000)));
    }

    @Test
    void deletesASourceRule() throws IOException {
        assertGolden("rule-delete-from-v4", Rules.deleteRequest(Rule.from(IpPrefix.parse("192.0.2.5/32"), 101, 999)));
    }

    @Test
    void replacesPermanentNeighbours() throws IOException {
        assertGolden("neigh-replace-permanent-v4", Neighbours.replaceRequest(Neighbour.permanent(3, ip("192.0.2.1"), MAC)));
        assertGolden("neigh-replace-permanent-v6", Neighbours.replaceRequest(Neighbour.permanent(3, ip("2001:db8::1"), MAC)));
    }

    @Test
    void deletesANeighbourWithoutItsMac() throws IOException {
        assertGolden("neigh-delete-v4", Neighbours.deleteRequest(Neighbour.permanent(3, ip("192.0.2.1"), MAC)));
    }

    @Test
    void refusesWhatTheKernelWouldOnlyCallInvalid() {
        assertThatThrownBy(() -> Routes.addRequest(Route.via(IpPrefix.parse("10.96.0.1/12"), ip("192.0.2.1"), 3, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("route destination 10.96.0.1/12 has host bits set: use 10.96.0.0/12");
        assertThatThrownBy(() -> Routes.addRequest(Route.via(IpPrefix.parse("10.96.0.0/12"), ip("fe80::1"), 3, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("route destination 10.96.0.0 is not an IPv6 address");
        assertThatThrownBy(() -> Route.multipath(null, List.of(new Route.NextHop(null, 3, 1)), 101))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("multipath route to default has no next hop with a gateway");
        assertThatThrownBy(() -> Rules.addRequest(Rule.fromAll(RouteNetlink.AF_INET, 0, 1000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rule from all lookup 0 pref 1000 has table 0: give the table it looks up (254 is main)");
        assertThatThrownBy(() -> Neighbours.replaceRequest(Neighbour.permanent(0, ip("192.0.2.1"), MAC)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has link index 0: give the index of the link it is on");
    }

    private static void assertGolden(String name, NetlinkRequest request) throws IOException {
        HexFormat hex = HexFormat.of();
        assertThat(hex.formatHex(request.toBytes(1))).as(name).isEqualTo(hex.formatHex(golden(name)));
    }

    /** The file's bytes: hex pairs, everything after '#' on a line is a comment. */
    private static byte[] golden(String name) throws IOException {
        try (InputStream in = RoutingRequestGoldenTest.class.getResourceAsStream("/netlink-golden/" + name + ".hex")) {
            assertThat(in).as("golden file " + name).isNotNull();
            StringBuilder digits = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                int comment = line.indexOf('#');
                digits.append((comment < 0 ? line : line.substring(0, comment)).replaceAll("\\s", ""));
            }
            return HexFormat.of().parseHex(digits);
        }
    }

    private static InetAddress ip(String text) {
        return IpPrefix.literal(text);
    }
}
