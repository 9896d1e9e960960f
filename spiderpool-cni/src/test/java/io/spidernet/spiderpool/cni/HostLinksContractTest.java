package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.ifacer.HostLink;
import io.spidernet.spiderpool.netlink.NetlinkException;
import io.spidernet.spiderpool.netlink.Netns;
import io.spidernet.spiderpool.netlink.testkit.NetnsFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fake the plugin tests rely on answers as the kernel does, for every operation this kernel
 * can do without the 8021q and bonding drivers: the same calls on {@link FakeHostLinks} and on
 * {@link NetlinkHostLinks} in a namespace (veth NICs, a bridge as master) give the same view and
 * the same errnos.
 */
class HostLinksContractTest {

    @FunctionalInterface
    interface Steps<T> {
        T on(HostLinks links) throws Exception;
    }

    @FunctionalInterface
    interface Action {
        void on(HostLinks links) throws Exception;
    }

    /** Runs the same steps on a host with nic1, nic2 (a veth pair, down) and br0 (a bridge, down). */
    interface Host {
        <T> T run(Steps<T> steps) throws Exception;
    }

    private static final class FakeHost implements Host {
        private final FakeHostLinks links = new FakeHostLinks().with(HostLink.device("nic1", false),
                HostLink.device("nic2", false), HostLink.device("br0", false));

        @Override
        public <T> T run(Steps<T> steps) throws Exception {
            return steps.on(links);
        }
    }

    private record KernelHost(NetnsFixture ns) implements Host {
        @Override
        public <T> T run(Steps<T> steps) throws Exception {
            return Netns.run(ns.path(), () -> {
                try (HostLinks links = NetlinkHostLinks.open()) {
                    return steps.on(links);
                }
            });
        }
    }

    /** The contract, checked on one host. */
    private static void holds(Host host) throws Exception {
        host.run(l -> {
            l.setUp("nic1");
            l.setMaster("nic2", "br0");
            l.setUp("nic2");
            return null;
        });
        List<HostLink> view = host.run(HostLinks::list);
        assertThat(view).filteredOn(l -> l.name().startsWith("nic"))
                .extracting(l -> List.of(l.name(), l.up(), l.master()))
                .containsExactlyInAnyOrder(List.of("nic1", true, ""), List.of("nic2", true, "br0"));

        host.run(l -> {
            l.setDown("nic1");
            return null;
        });
        assertThat(host.run(HostLinks::list)).filteredOn(l -> l.name().equals("nic1")).singleElement()
                .satisfies(l -> assertThat(l.up()).isFalse());

        assertErrno(host, l -> l.createBond("br0", 1, Map.of()), HostLinkFailures.EEXIST);
        assertErrno(host, l -> l.createVlan("nic9.50", "nic9", 50), HostLinkFailures.ENODEV);
        assertErrno(host, l -> l.setUp("nic9"), HostLinkFailures.ENODEV);
        assertErrno(host, l -> l.setMaster("nic1", "br9"), HostLinkFailures.ENODEV);
    }

    private static void assertErrno(Host host, Action action, int errno) {
        assertThatThrownBy(() -> host.run(l -> {
            action.on(l);
            return null;
        })).isInstanceOfSatisfying(NetlinkException.class,
                e -> assertThat(e.errno()).as(e.getMessage()).isEqualTo(errno));
    }

    @Test
    void theFakeKeepsTheContract() throws Exception {
        holds(new FakeHost());
    }

    @Test
    void theKernelKeepsTheContract() throws Exception {
        NetnsFixture.requireUsable();
        try (NetnsFixture ns = NetnsFixture.create("ifxc")) {
            ns.ip("link", "add", "nic1", "type", "veth", "peer", "name", "nic2");
            ns.ip("link", "add", "br0", "type", "bridge");
            holds(new KernelHost(ns));
        }
    }
}
