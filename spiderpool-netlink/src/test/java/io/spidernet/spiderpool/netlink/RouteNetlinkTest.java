package io.spidernet.spiderpool.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.netlink.testkit.NetnsFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real kernel: reading needs no privilege, entering a namespace needs root. */
class RouteNetlinkTest {

    @Test
    void dumpsLoopbackInTheCurrentNamespace() throws NetlinkException {
        try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
            Link lo = Links.byName(socket, "lo").orElseThrow();

            assertThat(lo.has(Link.IFF_LOOPBACK)).isTrue();
            assertThat(Links.byName(socket, "no-such-link")).isEmpty();
            assertThat(Addresses.list(socket, lo)).extracting(RouteNetlink.Address::address)
                    .contains(IpPrefix.parse("127.0.0.1/8"));
        }
    }

    @Test
    void aNameNoLinkCanHaveIsAbsentRatherThanAKernelError() throws NetlinkException {
        try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
            assertThat(Links.byName(socket, "a234567890123456")).as("16 bytes, over IFNAMSIZ").isEmpty();
            assertThat(Links.byName(socket, "")).isEmpty();
            assertThat(Links.byIndex(socket, 0)).isEmpty();
        }
    }

    @Test
    void readsAVethEndInsideANamespaceOnItsOwnThread() throws Exception {
        NetnsFixture.requireUsable();
        try (NetnsFixture ns = NetnsFixture.create("rt")) {
            ns.veth("in0", "spcni-rt-out", "192.0.2.7/24", "2001:db8::7/64");

            List<IpPrefix> inside = Netns.run(ns.path(), () -> {
                assertThat(Thread.currentThread().isVirtual()).isFalse();
                try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
                    assertThat(Links.list(socket)).extracting(Link::name).containsExactlyInAnyOrder("lo", "in0");
                    Link in0 = Links.require(socket, "in0");
                    assertThat(in0.isUp()).isTrue();
                    return Addresses.list(socket, in0).stream().map(RouteNetlink.Address::address).toList();
                }
            });

            assertThat(inside).contains(IpPrefix.parse("192.0.2.7/24"), IpPrefix.parse("2001:db8::7/64"));
            try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
                assertThat(Links.byName(socket, "in0")).as("the test thread stayed in its namespace").isEmpty();
            }
        }
    }

    @Test
    void namesWhyANamespaceCannotBeEntered(@TempDir Path dir) throws Exception {
        NetnsFixture.requireUsable();
        Path plainFile = Files.writeString(dir.resolve("not-a-netns"), "x");

        assertThatThrownBy(() -> Netns.run(dir.resolve("missing"), () -> 1))
                .isInstanceOfSatisfying(Netns.NetnsException.class, e -> assertThat(e.errno()).isEqualTo(2))
                .hasMessageContaining("No such file or directory");
        assertThatThrownBy(() -> Netns.run(plainFile, () -> 1))
                .isInstanceOfSatisfying(Netns.NetnsException.class, e -> assertThat(e.errno()).isEqualTo(22));
    }

    @Test
    void theWorksOwnExceptionComesBackUnwrapped() throws Exception {
        NetnsFixture.requireUsable();
        try (NetnsFixture ns = NetnsFixture.create("ex")) {
            assertThatThrownBy(() -> Netns.run(ns.path(), () -> {
                throw new IllegalStateException("from inside");
            })).isExactlyInstanceOf(IllegalStateException.class).hasMessage("from inside");
        }
    }
}
