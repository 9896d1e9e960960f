package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.netlink.NetlinkException;
import io.spidernet.spiderpool.netlink.Netns;
import io.spidernet.spiderpool.netlink.PacketSocket;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Detection over packet sockets in the pod's namespace: bring the interface up, probe the IPv4
 * and the IPv6 addresses at the same time (each family on its own thread and socket, each within
 * {@link FamilyProbes#FAMILY_BUDGET_MILLIS}), and only when both are clean announce every address.
 */
final class PacketAddressDetection implements AddressDetection {

    @Override
    public Optional<Finding> detect(String netns, String ifName, List<Target> targets) {
        return Probing.run(Path.of(netns), ifName, targets);
    }

    /**
     * Separate so that constructing the outer class (CniMain does, on every verb) loads nothing of
     * the netlink module: an ADD without detection must not pay for it.
     */
    private static final class Probing {
        private Probing() {}

        static Optional<Finding> run(Path netns, String ifName, List<Target> targets) {
            try {
                PodLink link = Netns.run(netns, () -> PodLink.bringUp(ifName));
                if (link == null) {
                    throw new CniError.InvalidEnvironment("network namespace " + netns + " has no interface " + ifName
                            + " to probe for IP conflicts and the gateway", "the main plugin must create CNI_IFNAME before"
                            + " it calls the IPAM plugin, as macvlan, ipvlan and sriov do");
                }
                if (link.mac().bytes().length != 6) {
                    throw new CniError.InvalidEnvironment("interface " + ifName + " has no Ethernet MAC (" + link.mac()
                            + "), so ARP and neighbour discovery cannot run on it", "turn off enableIPConflictDetection"
                            + " and enableGatewayDetection in spiderpool-conf for networks of this kind");
                }
                List<Target> v4 = targets.stream().filter(t -> t.ip() instanceof Inet4Address).toList();
                List<Target> v6 = targets.stream().filter(t -> !(t.ip() instanceof Inet4Address)).toList();
                FutureTask<Optional<Finding>> ipv6 = new FutureTask<>(() -> Netns.run(netns,
                        () -> probe(link, ifName, v6, PacketSocket.ETH_P_IPV6)));
                if (switchedOn(v6)) {
                    Thread.ofPlatform().daemon().name("detect ipv6").start(ipv6);
                }
                Optional<Finding> found = switchedOn(v4)
                        ? Netns.run(netns, () -> probe(link, ifName, v4, PacketSocket.ETH_P_ARP)) : Optional.empty();
                Optional<Finding> found6 = switchedOn(v6) ? outcome(ipv6) : Optional.empty();
                if (found.isPresent() || found6.isPresent()) {
                    return found.or(() -> found6);
                }
                Netns.run(netns, () -> announce(link, v4, PacketSocket.ETH_P_ARP) + announce(link, v6, PacketSocket.ETH_P_IPV6));
                return Optional.empty();
            } catch (CniError e) {
                throw e;
            } catch (Exception e) {
                throw new CniError.IoFailure("cannot probe for IP conflicts and the gateway on " + ifName + " in network"
                        + " namespace " + netns + ": " + e.getMessage(), "the runtime retries ADD; the probes need root"
                        + " (CAP_NET_RAW and CAP_SYS_ADMIN), as container runtimes run plugins");
            }
        }

        private static boolean switchedOn(List<Target> targets) {
            return targets.stream().anyMatch(t -> t.checkConflict() || t.checkGateway());
        }

        private static Optional<Finding> outcome(FutureTask<Optional<Finding>> task) throws Exception {
            try {
                return task.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }

        /** In the namespace: the questions of one family, conflict before gateway per address. */
        private static Optional<Finding> probe(PodLink link, String ifName, List<Target> targets, int etherType)
                throws IOException {
            try (PacketSocket socket = PacketSocket.open(link.index(), etherType)) {
                long deadline = System.nanoTime() + FamilyProbes.FAMILY_BUDGET_MILLIS * 1_000_000L;
                ProbeLoop loop = new ProbeLoop(new SocketIo(socket), FamilyProbes.TRIES, FamilyProbes.WINDOW_MILLIS,
                        deadline, System::nanoTime);
                for (Target t : targets) {
                    Optional<Finding> finding = FamilyProbes.probe(loop, link.mac(), ifName, t);
                    if (finding.isPresent()) {
                        return finding;
                    }
                }
                return Optional.empty();
            }
        }

        /** Best effort, as upstream: a failed announcement only delays neighbours' learning the new MAC. */
        private static int announce(PodLink link, List<Target> targets, int etherType) {
            if (targets.isEmpty()) {
                return 0;
            }
            int sent = 0;
            try (PacketSocket socket = PacketSocket.open(link.index(), etherType)) {
                for (Target t : targets) {
                    socket.send(FamilyProbes.announcement(link.mac(), t.ip()));
                    sent++;
                }
            } catch (NetlinkException e) {
                // nothing to undo: the address is valid, only the courtesy to the neighbours is lost
            }
            return sent;
        }
    }

    private record SocketIo(PacketSocket socket) implements ProbeLoop.FrameIo {
        @Override
        public void send(byte[] frame) throws IOException {
            socket.send(frame);
        }

        @Override
        public int receive(byte[] into, long timeoutMillis) throws IOException {
            return socket.receive(into, timeoutMillis);
        }
    }
}
