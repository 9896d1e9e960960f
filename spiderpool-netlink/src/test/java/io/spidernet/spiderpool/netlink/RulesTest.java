package io.spidernet.spiderpool.netlink;

import static io.spidernet.spiderpool.netlink.RouteNetlink.AF_INET;
import static io.spidernet.spiderpool.netlink.RouteNetlink.AF_INET6;
import static io.spidernet.spiderpool.netlink.RoutesTest.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.netlink.testkit.NetnsFixture;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Policy rules against the kernel in a namespace of their own, cross-read with iproute2. */
class RulesTest {
    /** What every new namespace has: lookup local at 0, main at 32766 and (IPv4 only) default at 32767. */
    private static final List<Rule> V4_DEFAULTS = List.of(Rule.fromAll(AF_INET, 255, 0),
            Rule.fromAll(AF_INET, 254, 32766), Rule.fromAll(AF_INET, 253, 32767));

    @BeforeEach
    void needsNamespaces() {
        NetnsFixture.requireUsable();
    }

    @Test
    void addsListsAndDeletesIpv4SourceAndFwmarkRules() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create("u4")) {
            // not a "lookup table" rule, so not one Rules lists
            ns.ip("rule", "add", "pref", "2000", "unreachable");
            Rule fromPod = Rule.from(IpPrefix.parse("192.0.2.5/32"), 101, 999);
            Rule marked = Rule.fwmark(AF_INET, 0x1, 100, 1000);
            Rule bigTable = new Rule(AF_INET, 1001, 1000, null, IpPrefix.parse("198.51.100.0/24"), 0x100, 0xff00);

            run(ns, socket -> {
                Rules.add(socket, fromPod);
                Rules.add(socket, marked);
                Rules.add(socket, bigTable);
            });

            assertThat(list(ns, AF_INET)).containsExactlyInAnyOrder(V4_DEFAULTS.get(0), fromPod, marked, bigTable,
                    V4_DEFAULTS.get(1), V4_DEFAULTS.get(2));
            assertThat(lines(ns.ip("rule", "show"))).containsExactly("0:\tfrom all lookup local",
                    "999:\tfrom 192.0.2.5 lookup 101", "1000:\tfrom all fwmark 0x1 lookup 100",
                    "1001:\tfrom all to 198.51.100.0/24 fwmark 0x100/0xff00 lookup 1000",
                    "2000:\tfrom all unreachable", "32766:\tfrom all lookup main", "32767:\tfrom all lookup default");

            run(ns, socket -> {
                Rules.delete(socket, fromPod);
                Rules.delete(socket, marked);
                Rules.delete(socket, bigTable);
            });
            assertThat(list(ns, AF_INET)).containsExactlyElementsOf(V4_DEFAULTS);
        }
    }

    @Test
    void addsListsAndDeletesIpv6RulesAndReadsOnesIproute2Made() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create("u6")) {
            Rule toHost = Rule.fromAll(AF_INET6, 500, 1000);
            Rule fromPod = Rule.from(IpPrefix.parse("2001:db8::5/128"), 101, 999);
            Rule marked = new Rule(AF_INET6, 1002, 100, null, null, 0x100, 0xff00);
            ns.ip("-6", "rule", "add", "from", "2001:db8:1::/64", "to", "2001:db8:2::/64", "lookup", "102", "pref", "1500");
            ns.ip("-6", "rule", "add", "fwmark", "0x2", "lookup", "103", "pref", "1600");

            run(ns, socket -> {
                Rules.add(socket, toHost);
                Rules.add(socket, fromPod);
                Rules.add(socket, marked);
            });

            assertThat(list(ns, AF_INET6)).containsExactly(Rule.fromAll(AF_INET6, 255, 0), fromPod, toHost, marked,
                    new Rule(AF_INET6, 1500, 102, IpPrefix.parse("2001:db8:1::/64"), IpPrefix.parse("2001:db8:2::/64"), 0,
                            0),
                    Rule.fwmark(AF_INET6, 0x2, 103, 1600), Rule.fromAll(AF_INET6, 254, 32766));
            assertThat(list(ns, RouteNetlink.AF_UNSPEC)).as("both families").hasSize(7 + V4_DEFAULTS.size());
            assertThat(lines(ns.ip("-6", "rule", "show"))).contains("999:\tfrom 2001:db8::5 lookup 101",
                    "1000:\tfrom all lookup 500", "1002:\tfrom all fwmark 0x100/0xff00 lookup 100");

            run(ns, socket -> {
                Rules.delete(socket, toHost);
                Rules.delete(socket, fromPod);
                Rules.delete(socket, marked);
            });
            assertThat(list(ns, AF_INET6)).extracting(Rule::priority).containsExactly(0, 1500, 1600, 32766);
        }
    }

    @Test
    void aDuplicateOrMissingRuleIsNamedInTheError() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create("ue")) {
            Rule fromPod = Rule.from(IpPrefix.parse("192.0.2.5/32"), 101, 999);
            run(ns, socket -> Rules.add(socket, fromPod));

            assertThatThrownBy(() -> run(ns, socket -> Rules.add(socket, fromPod)))
                    .isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errno()).isEqualTo(17))
                    .hasMessage("add rule from 192.0.2.5/32 lookup 101 pref 999: File exists (errno 17)");
            assertThatThrownBy(() -> run(ns, socket -> Rules.delete(socket, Rule.fromAll(AF_INET6, 500, 1000))))
                    .isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errno()).isEqualTo(2))
                    .hasMessage("delete IPv6 rule from all lookup 500 pref 1000: No such file or directory (errno 2)");
        }
    }

    private interface Change {
        void apply(NetlinkSocket socket) throws Exception;
    }

    private static void run(NetnsFixture ns, Change change) throws Exception {
        InNamespace.run(ns, socket -> {
            change.apply(socket);
            return null;
        });
    }

    private static List<Rule> list(NetnsFixture ns, int family) throws Exception {
        return InNamespace.run(ns, socket -> Rules.list(socket, family));
    }
}
