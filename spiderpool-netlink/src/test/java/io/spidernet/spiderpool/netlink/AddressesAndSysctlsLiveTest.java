package io.spidernet.spiderpool.netlink;

import static io.spidernet.spiderpool.netlink.LinksLiveTest.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.netlink.testkit.NetnsFixture;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Addresses and sysctls against the real kernel, inside namespaces this test makes. */
class AddressesAndSysctlsLiveTest {
    private static final IpPrefix V4 = IpPrefix.parse("192.0.2.7/24");
    private static final IpPrefix V6 = IpPrefix.parse("2001:db8::7/64");

    @BeforeEach
    void root() {
        NetnsFixture.requireUsable();
    }

    @Test
    void addsAndDeletesIpv4AndIpv6AddressesOnALink() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create("ad")) {
            List<IpPrefix> added = in(ns, s -> {
                Links.create(s, new NewLink("ad0", new NewLink.Veth("ad1", MacAddress.NONE, 0, -1)));
                Link link = Links.require(s, "ad0");
                Links.setUp(s, link);
                Addresses.add(s, link, V4, 0);
                Addresses.add(s, link, V6, Addresses.IFA_F_NODAD);
                return prefixes(s, link);
            });
            assertThat(added).contains(V4, V6);
            // NODAD: the address is not left tentative, which `ip` shows as the word "tentative"
            assertThat(ns.ip("-6", "addr", "show", "dev", "ad0")).contains("2001:db8::7/64").doesNotContain("tentative");

            List<IpPrefix> left = in(ns, s -> {
                Link link = Links.require(s, "ad0");
                Addresses.delete(s, link, V4);
                Addresses.delete(s, link, V6);
                return prefixes(s, link);
            });
            assertThat(left).doesNotContain(V4, V6);
        }
    }

    @Test
    void addingAnAddressTwiceNamesTheAddressAndTheLink() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create("ae")) {
            assertThatThrownBy(() -> in(ns, s -> {
                Links.create(s, new NewLink("ae0", new NewLink.Bridge()));
                Link link = Links.require(s, "ae0");
                Addresses.add(s, link, V4, 0);
                Addresses.add(s, link, V4, 0);
                return null;
            })).isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errno()).isEqualTo(NetlinkException.EEXIST))
                    .hasMessageStartingWith("add address 192.0.2.7/24 to link ae0 (index ")
                    .hasMessageEndingWith("File exists (errno 17)");
        }
    }

    @Test
    void aSysctlWrittenInANamespaceLeavesTheHostsValue() throws Exception {
        String key = "net.ipv4.conf.all.arp_ignore";
        String host = Sysctls.read(key);
        String other = host.equals("2") ? "1" : "2";
        try (NetnsFixture ns = NetnsFixture.create("sy")) {
            String inside = Netns.run(ns.path(), () -> {
                Sysctls.write(key, other);
                return Sysctls.read(key);
            });

            assertThat(inside).isEqualTo(other);
            assertThat(ns.ip("netns", "exec", ns.name(), "cat", "/proc/sys/net/ipv4/conf/all/arp_ignore").strip())
                    .as("as another reader sees it").isEqualTo(other);
        }
        assertThat(Sysctls.read(key)).as("the host's value").isEqualTo(host);
    }

    @Test
    void aSlashedKeyReachesAnInterfaceWithADotInItsName() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create("sd")) {
            String value = Netns.run(ns.path(), () -> {
                try (NetlinkSocket s = NetlinkSocket.openRoute()) {
                    Links.create(s, new NewLink("br.7", new NewLink.Bridge()));
                }
                Sysctls.write("net/ipv4/conf/br.7/rp_filter", "2");
                return Sysctls.read("net/ipv4/conf/br.7/rp_filter");
            });

            assertThat(value).isEqualTo("2");
        }
    }

    @Test
    void aMissingOrRefusedSysctlNamesTheKey() throws Exception {
        try (NetnsFixture ns = NetnsFixture.create("sm")) {
            assertThatThrownBy(() -> Netns.run(ns.path(), () -> Sysctls.read("net.ipv4.conf.nosuch0.rp_filter")))
                    .isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errno()).isEqualTo(NetlinkException.ENOENT))
                    .hasMessageContaining("read sysctl net.ipv4.conf.nosuch0.rp_filter");
            assertThatThrownBy(() -> Netns.run(ns.path(), () -> {
                Sysctls.write("net.ipv4.conf.all.rp_filter", "not-a-number");
                return null;
            })).isInstanceOf(NetlinkException.class)
                    .hasMessageContaining("write sysctl net.ipv4.conf.all.rp_filter=not-a-number");
        }
    }

    private static List<IpPrefix> prefixes(NetlinkSocket s, Link link) throws NetlinkException {
        return Addresses.list(s, link).stream().map(RouteNetlink.Address::address).toList();
    }
}
