package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.netlink.Addresses;
import io.spidernet.spiderpool.netlink.Link;
import io.spidernet.spiderpool.netlink.Links;
import io.spidernet.spiderpool.netlink.NetlinkException;
import io.spidernet.spiderpool.netlink.NetlinkSocket;
import io.spidernet.spiderpool.netlink.Netns;
import io.spidernet.spiderpool.netlink.RouteNetlink;
import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.ip.Cidr;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Reads an interface's addresses by entering the namespace and asking the kernel over netlink. */
final class NetnsContainerAddresses implements ContainerAddresses {

    @Override
    public List<Cidr> of(String netns, String ifName) {
        return Inspection.of(netns, ifName);
    }

    /**
     * Separate so that constructing the outer class (CniMain does, on every verb) does not make
     * the verifier load the netlink exception types: VERSION, ADD and DEL never need them.
     */
    private static final class Inspection {
        private Inspection() {}

        static List<Cidr> of(String netns, String ifName) {
            try {
                return Netns.run(Path.of(netns), new Dump(ifName));
            } catch (Netns.NetnsException e) {
                throw cannotEnter(netns, e);
            } catch (NetlinkException e) {
                throw new CniError.IoFailure("cannot read the addresses of " + ifName + " in network namespace " + netns
                        + ": " + e.getMessage(), "see the kernel log; the runtime may retry CHECK");
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CniError.IoFailure("cannot inspect network namespace " + netns + ": " + e,
                        "the runtime may retry CHECK");
            }
        }

        private static CniError cannotEnter(String netns, Netns.NetnsException e) {
            return NetnsFailures.cannotEnter(netns, e, new CniError.UnknownContainer("network namespace " + netns
                    + " does not exist", "the container is gone, so there is nothing to check"));
        }

        /** Runs inside the namespace: find the link by name, then its addresses. */
        private record Dump(String ifName) implements Callable<List<Cidr>> {
            @Override
            public List<Cidr> call() throws NetlinkException {
                try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
                    Optional<Link> link = Links.byName(socket, ifName);
                    if (link.isEmpty()) {
                        return null;
                    }
                    List<Cidr> addresses = new ArrayList<>();
                    for (RouteNetlink.Address a : Addresses.list(socket, link.get())) {
                        addresses.add(Cidr.parse(a.address().toString()));
                    }
                    return addresses;
                }
            }
        }
    }
}
