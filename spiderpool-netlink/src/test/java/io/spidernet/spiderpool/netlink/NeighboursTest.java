package io.spidernet.spiderpool.netlink;

import static io.spidernet.spiderpool.netlink.RouteNetlink.AF_INET;
import static io.spidernet.spiderpool.netlink.RouteNetlink.AF_INET6;
import static io.spidernet.spiderpool.netlink.RoutesTest.ip;
import static io.spidernet.spiderpool.netlink.RoutesTest.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.netlink.testkit.NetnsFixture;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Permanent neighbour entries against the kernel in a namespace of their own, cross-read with iproute2. */
class NeighboursTest {
    private static final MacAddress GATEWAY_MAC = MacAddress.parse("02:00:c0:00:02:01");
    private static final MacAddress OTHER_MAC = MacAddress.parse("02:00:c0:00:02:02");

    @BeforeEach
    void needsNamespaces() {
        NetnsFixture.requireUsable();
    }

    @Test
    void replacesListsAndDeletesPermanentIpv4AndIpv6Entries() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create("n")) {
            ns.veth("in0", InNamespace.outsideName("n"), "192.0.2.7/24", "2001:db8::7/64");
            int in0 = InNamespace.index(ns, "in0");
            Neighbour v4 = Neighbour.permanent(in0, ip("192.0.2.1"), GATEWAY_MAC);
            Neighbour v6 = Neighbour.permanent(in0, ip("2001:db8::1"), GATEWAY_MAC);
            ns.ip("neigh", "add", "192.0.2.2", "lladdr", "02:00:c0:00:02:02", "dev", "in0", "nud", "permanent");

            run(ns, socket -> {
                Neighbours.replace(socket, v4);
                Neighbours.replace(socket, v6);
            });

            assertThat(permanent(ns, AF_INET)).containsExactlyInAnyOrder(v4,
                    Neighbour.permanent(in0, ip("192.0.2.2"), OTHER_MAC));
            assertThat(permanent(ns, AF_INET6)).containsExactly(v6);
            assertThat(lines(ns.ip("neigh", "show", "dev", "in0", "nud", "permanent"))).containsExactlyInAnyOrder(
                    "192.0.2.1 lladdr 02:00:c0:00:02:01 PERMANENT", "192.0.2.2 lladdr 02:00:c0:00:02:02 PERMANENT",
                    "2001:db8::1 lladdr 02:00:c0:00:02:01 PERMANENT");

            Neighbour moved = Neighbour.permanent(in0, ip("192.0.2.1"), OTHER_MAC);
            run(ns, socket -> Neighbours.replace(socket, moved));
            assertThat(permanent(ns, AF_INET)).contains(moved).doesNotContain(v4);

            run(ns, socket -> {
                Neighbours.delete(socket, moved);
                Neighbours.delete(socket, v6);
            });
            assertThat(permanent(ns, RouteNetlink.AF_UNSPEC)).extracting(Neighbour::ip).containsExactly(ip("192.0.2.2"));
            assertThat(lines(ns.ip("neigh", "show", "dev", "in0", "nud", "permanent")))
                    .containsExactly("192.0.2.2 lladdr 02:00:c0:00:02:02 PERMANENT");
        }
    }

    @Test
    void aMissingEntryIsNamedInTheError() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create("ne")) {
            ns.veth("in0", InNamespace.outsideName("ne"), "192.0.2.7/24");
            int in0 = InNamespace.index(ns, "in0");

            assertThatThrownBy(() -> run(ns, socket -> Neighbours.delete(socket,
                    Neighbour.permanent(in0, ip("192.0.2.9"), GATEWAY_MAC))))
                    .isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errno()).isEqualTo(2))
                    .hasMessage("delete neighbour 192.0.2.9 lladdr 02:00:c0:00:02:01 dev index " + in0
                            + " nud permanent: No such file or directory (errno 2)");
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

    /** The permanent entries only: the kernel adds others of its own (e.g. for IPv6 routers) at any time. */
    private static List<Neighbour> permanent(NetnsFixture ns, int family) throws Exception {
        return InNamespace.run(ns, socket -> Neighbours.list(socket, family)).stream()
                .filter(n -> n.state() == Neighbour.NUD_PERMANENT).toList();
    }
}
