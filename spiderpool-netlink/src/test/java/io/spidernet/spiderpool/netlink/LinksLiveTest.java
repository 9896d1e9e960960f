package io.spidernet.spiderpool.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.netlink.testkit.NetnsFixture;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the real kernel, inside namespaces this test makes (root; skipped with the reason elsewhere). */
class LinksLiveTest {
    private static final MacAddress MAC_A = MacAddress.parse("02:00:c0:00:02:0a");
    private static final MacAddress MAC_B = MacAddress.parse("02:00:c0:00:02:0b");
    private static final MacAddress MAC_C = MacAddress.parse("02:00:c0:00:02:0c");

    /** Work on a route socket opened inside the namespace. */
    interface InNs<T> {
        T run(NetlinkSocket socket) throws Exception;
    }

    static <T> T in(NetnsFixture ns, InNs<T> work) throws Exception {
        return Netns.run(ns.path(), () -> {
            try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
                return work.run(socket);
            }
        });
    }

    static Optional<Link> byName(NetnsFixture ns, String name) throws Exception {
        return in(ns, s -> Links.byName(s, name));
    }

    @BeforeEach
    void root() {
        NetnsFixture.requireUsable();
    }

    @Test
    void makesAVethWithItsPeerInAnotherNamespaceAndReadsItBack() throws Exception {
        try (NetnsFixture a = NetnsFixture.create("lka"); NetnsFixture b = NetnsFixture.create("lkb")) {
            Link made = in(a, s -> {
                try (NetnsFile peerNs = NetnsFile.open(b.path())) {
                    Links.create(s, new NewLink("va0", new NewLink.Veth("vb0", MAC_B, 1400, peerNs.fd()), 1300, MAC_A, 0));
                }
                return Links.require(s, "va0");
            });
            Link peer = in(b, s -> Links.require(s, "vb0"));

            assertThat(made.kind()).isEqualTo("veth");
            assertThat(made.mtu()).isEqualTo(1300);
            assertThat(made.mac()).isEqualTo(MAC_A);
            assertThat(made.parentIndex()).as("a veth's IFLA_LINK is its peer's index, here in the other namespace")
                    .isEqualTo(peer.index());
            assertThat(made.isUp()).isFalse();
            assertThat(peer.kind()).isEqualTo("veth");
            assertThat(peer.mtu()).isEqualTo(1400);
            assertThat(peer.mac()).isEqualTo(MAC_B);
            assertThat(byName(a, "vb0")).as("the peer is not beside its end").isEmpty();
            Optional<Link> again = in(a, s -> Links.byIndex(s, made.index()));
            assertThat(again).contains(made);
        }
    }

    @Test
    void changesALinksSettingsMovesItAndDeletesIt() throws Exception {
        try (NetnsFixture a = NetnsFixture.create("lkc"); NetnsFixture b = NetnsFixture.create("lkd")) {
            Link changed = in(a, s -> {
                Links.create(s, new NewLink("vc0", new NewLink.Veth("vc1", MacAddress.NONE, 0, -1)));
                Link link = Links.require(s, "vc0");
                Links.setTxQueueLen(s, link, 500);
                Links.setMtu(s, link, 1280);
                Links.setMac(s, link, MAC_C);
                Links.setUp(s, link);
                return Links.require(s, "vc0");
            });
            assertThat(changed.txQueueLen()).isEqualTo(500);
            assertThat(changed.mtu()).isEqualTo(1280);
            assertThat(changed.mac()).isEqualTo(MAC_C);
            assertThat(changed.isUp()).isTrue();

            Link down = in(a, s -> {
                Links.setDown(s, changed);
                return Links.require(s, "vc0");
            });
            assertThat(down.isUp()).isFalse();

            in(a, s -> {
                try (NetnsFile target = NetnsFile.open(b.path())) {
                    Links.moveToNetns(s, down, target);
                }
                return null;
            });
            assertThat(byName(a, "vc0")).isEmpty();
            Link moved = in(b, s -> Links.require(s, "vc0"));
            assertThat(moved.mac()).isEqualTo(MAC_C);

            in(b, s -> {
                Links.delete(s, moved);
                return null;
            });
            assertThat(byName(b, "vc0")).isEmpty();
            assertThat(byName(a, "vc1")).as("deleting one end of a veth deletes both").isEmpty();
        }
    }

    @Test
    void makesAMacvlanOnAVethEnd() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create("lkm")) {
            Link[] links = in(ns, s -> {
                Links.create(s, new NewLink("mp0", new NewLink.Veth("mp1", MacAddress.NONE, 0, -1)));
                Link parent = Links.require(s, "mp0");
                Links.create(s, new NewLink("mv0", new NewLink.Macvlan(parent.index(), 4), 1400, MAC_A, 0));
                return new Link[] {parent, Links.require(s, "mv0")};
            });

            assertThat(links[1].kind()).isEqualTo("macvlan");
            assertThat(links[1].parentIndex()).isEqualTo(links[0].index());
            assertThat(links[1].mac()).isEqualTo(MAC_A);
            assertThat(links[1].mtu()).isEqualTo(1400);
        }
    }

    @Test
    void enslavesALinkToABridgeAndReleasesIt() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create("lkbr")) {
            int[] masters = in(ns, s -> {
                Links.create(s, new NewLink("br0", new NewLink.Bridge()));
                Links.create(s, new NewLink("bp0", new NewLink.Veth("bp1", MacAddress.NONE, 0, -1)));
                Link bridge = Links.require(s, "br0");
                Link port = Links.require(s, "bp0");
                Links.setMaster(s, port, bridge.index());
                int enslaved = Links.require(s, "bp0").masterIndex();
                Links.setMaster(s, port, 0);
                return new int[] {bridge.index(), enslaved, Links.require(s, "bp0").masterIndex()};
            });

            String kind = in(ns, s -> Links.require(s, "br0").kind());
            assertThat(kind).isEqualTo("bridge");
            assertThat(masters[1]).isEqualTo(masters[0]);
            assertThat(masters[2]).isZero();
        }
    }

    @Test
    void creatingALinkThatExistsNamesItAndTheErrno() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create("lke")) {
            assertThatThrownBy(() -> in(ns, s -> {
                Links.create(s, new NewLink("dup0", new NewLink.Bridge()));
                Links.create(s, new NewLink("dup0", new NewLink.Bridge()));
                return null;
            })).isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errno()).isEqualTo(NetlinkException.EEXIST))
                    .hasMessage("create bridge dup0: File exists (errno 17)");
            assertThatThrownBy(() -> in(ns, s -> Links.require(s, "gone0")))
                    .isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errno()).isEqualTo(NetlinkException.ENODEV))
                    .hasMessageContaining("gone0").hasMessageContaining("No such device");
            Optional<Link> none = in(ns, s -> Links.byIndex(s, 99_999));
            assertThat(none).isEmpty();
        }
    }

    @Test
    void aBondsPrimaryIsLookedUpBeforeTheKernelIsAsked() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create("lkp")) {
            assertThatThrownBy(() -> in(ns, s -> {
                Links.create(s, new NewLink("bond0", new NewLink.Bond(1, Map.of("primary", "nosuch0"))));
                return null;
            })).isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errno()).isEqualTo(NetlinkException.ENODEV))
                    .hasMessage("create bond bond0: option primary names link nosuch0: No such device (errno 19)");
        }
    }

    @Test
    void makesIpvlanLiveWhereTheKernelHasIt() throws Exception {
        tryKind("ipvlan", parent -> new NewLink("ipv0", new NewLink.Ipvlan(parent, 0)), (link, parent) -> {
            assertThat(link.parentIndex()).isEqualTo(parent);
        });
    }

    @Test
    void makesVlanLiveWhereTheKernelHasIt() throws Exception {
        tryKind("vlan", parent -> new NewLink("kp0.100", new NewLink.Vlan(parent, 100)), (link, parent) -> {
            assertThat(link.parentIndex()).isEqualTo(parent);
            assertThat(link.vlanId()).isEqualTo(100);
        });
    }

    @Test
    void makesBondLiveWhereTheKernelHasIt() throws Exception {
        tryKind("bond", parent -> new NewLink("bond0", new NewLink.Bond(4,
                Map.of("miimon", "100", "lacp_rate", "1", "xmit_hash_policy", "1"))), (link, parent) -> {
            assertThat(link.kind()).isEqualTo("bond");
        });
    }

    interface Check {
        void check(Link link, int parentIndex);
    }

    interface Make {
        NewLink make(int parentIndex);
    }

    /** Creates the kind on a veth parent; a kernel without it (EOPNOTSUPP) skips the test saying so. */
    private static void tryKind(String kind, Make make, Check check) throws Exception {
        try (NetnsFixture ns = NetnsFixture.create("lk" + kind)) {
            Object outcome = in(ns, s -> {
                Links.create(s, new NewLink("kp0", new NewLink.Veth("kp1", MacAddress.NONE, 0, -1)));
                Link parent = Links.require(s, "kp0");
                NewLink wanted = make.make(parent.index());
                try {
                    Links.create(s, wanted);
                } catch (NetlinkException e) {
                    if (e.errno() == EOPNOTSUPP) {
                        return e;
                    }
                    throw e;
                }
                return new Link[] {parent, Links.require(s, wanted.name())};
            });
            if (outcome instanceof NetlinkException e) {
                String reason = "skipping live " + kind + ": this kernel has no " + kind + " support (" + e.getMessage() + ")";
                System.out.println(reason);
                Assumptions.abort(reason);
            }
            Link[] links = (Link[]) outcome;
            System.out.println("ran live " + kind + ": " + links[1]);
            assertThat(links[1].kind()).isEqualTo(kind);
            check.check(links[1], links[0].index());
        }
    }

    private static final int EOPNOTSUPP = 95;
}
