package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.coordinator.PodFacts;
import io.spidernet.spiderpool.core.coordinator.PodFacts.LinkFact;
import io.spidernet.spiderpool.core.coordinator.RouteSpec;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.netlink.Addresses;
import io.spidernet.spiderpool.netlink.Link;
import io.spidernet.spiderpool.netlink.Links;
import io.spidernet.spiderpool.netlink.MacAddress;
import io.spidernet.spiderpool.netlink.NetlinkException;
import io.spidernet.spiderpool.netlink.NetlinkSocket;
import io.spidernet.spiderpool.netlink.Netns;
import io.spidernet.spiderpool.netlink.Route;
import io.spidernet.spiderpool.netlink.RouteNetlink;
import io.spidernet.spiderpool.netlink.Routes;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Reads from the kernel what the coordinator's planner needs ({@link PodFacts}), once per
 * invocation, so that planning itself touches nothing: first the pod's namespace (entered on its
 * own thread), then the namespace of the calling thread, which is the host's.
 */
final class PodFactsReader {
    private static final int ENETUNREACH = 101;
    private static final int EHOSTUNREACH = 113;

    PodFacts read(Path podNetns) throws Exception {
        Namespace pod = Netns.run(podNetns, PodFactsReader::readNamespace);
        List<IpAddress> podIps = podIps(pod.addresses());
        Namespace host;
        Map<IpAddress, IpAddress> hostSourceFor = new HashMap<>();
        try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
            host = readNamespace(socket, false);
            for (IpAddress ip : podIps) {
                IpAddress source = sourceTowards(socket, ip);
                if (source != null) {
                    hostSourceFor.put(ip, source);
                }
            }
        }
        return new PodFacts(pod.links(), pod.addresses(), pod.routes(), host.links(), host.addresses(),
                hostSourceFor, veth(new SecureRandom()));
    }

    /** For DEL: the pod's addresses on every link but {@code lo}. */
    List<IpAddress> podIps(Path podNetns) throws Exception {
        return Netns.run(podNetns, () -> {
            try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
                return podIps(readNamespace(socket, false).addresses());
            }
        });
    }

    private static List<IpAddress> podIps(Map<String, List<Cidr>> addresses) {
        List<IpAddress> ips = new ArrayList<>();
        addresses.forEach((link, cidrs) -> {
            if (!link.equals("lo")) {
                cidrs.forEach(c -> ips.add(c.address()));
            }
        });
        return ips;
    }

    /** Made here, not in a constructor, so the VERSION path never seeds a SecureRandom. */
    private static PodFacts.VethMacs veth(RandomGenerator random) {
        return new PodFacts.VethMacs(randomMac(random), randomMac(random));
    }

    /** A random locally administered unicast MAC: bit 1 of the first byte set, bit 0 (multicast) clear. */
    static String randomMac(RandomGenerator random) {
        byte[] raw = new byte[6];
        random.nextBytes(raw);
        raw[0] = (byte) ((raw[0] & 0xfe) | 0x02);
        return new MacAddress(raw).toString();
    }

    /** What one namespace holds; routes are read for the pod only. */
    record Namespace(List<LinkFact> links, Map<String, List<Cidr>> addresses, List<RouteSpec> routes) {}

    private static Namespace readNamespace() throws NetlinkException {
        try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
            return readNamespace(socket, true);
        }
    }

    private static Namespace readNamespace(NetlinkSocket socket, boolean withRoutes) throws NetlinkException {
        List<Link> links = Links.list(socket);
        Map<Integer, String> names = new HashMap<>();
        List<LinkFact> facts = new ArrayList<>();
        for (Link link : links) {
            names.put(link.index(), link.name());
            facts.add(fact(link));
        }
        Map<String, List<Cidr>> addresses = new LinkedHashMap<>();
        for (Link link : links) {
            addresses.put(link.name(), new ArrayList<>());
        }
        for (RouteNetlink.Address a : Addresses.list(socket)) {
            String name = names.get(a.ifIndex());
            if (name != null) {
                addresses.get(name).add(KernelValues.cidr(a.address()));
            }
        }
        addresses.replaceAll((name, list) -> List.copyOf(list));
        List<RouteSpec> routes = withRoutes ? routes(socket, names) : List.of();
        return new Namespace(facts, addresses, routes);
    }

    private static LinkFact fact(Link link) {
        boolean broadcast = link.has(Link.IFF_BROADCAST) && link.has(Link.IFF_MULTICAST);
        String mac = link.mac() == null || link.mac().isEmpty() ? "" : link.mac().toString();
        int peer = "veth".equals(link.kind()) ? link.parentIndex() : 0;
        return new LinkFact(link.index(), link.name(), link.isUp(), broadcast, link.kind(), mac, peer);
    }

    /** Unicast routes of every table; a multipath route becomes one entry per next hop. */
    private static List<RouteSpec> routes(NetlinkSocket socket, Map<Integer, String> names) throws NetlinkException {
        List<RouteSpec> specs = new ArrayList<>();
        for (Route r : Routes.list(socket, RouteNetlink.AF_UNSPEC, 0)) {
            if (r.type() != Route.RTN_UNICAST) {
                continue;
            }
            Cidr dst = r.dst() == null ? null : KernelValues.cidr(r.dst());
            IpAddress src = r.prefSrc() == null ? null : KernelValues.ip(r.prefSrc());
            RouteSpec.Scope scope = KernelValues.scope(r.scope());
            if (r.multipath().isEmpty()) {
                specs.add(new RouteSpec(r.table(), dst, r.gateway() == null ? null : KernelValues.ip(r.gateway()),
                        names.getOrDefault(r.oifIndex(), ""), scope, src));
            } else {
                for (Route.NextHop hop : r.multipath()) {
                    specs.add(new RouteSpec(r.table(), dst, hop.gateway() == null ? null : KernelValues.ip(hop.gateway()),
                            names.getOrDefault(hop.oifIndex(), ""), scope, src));
                }
            }
        }
        return specs;
    }

    /** {@code ip route get <pod IP>}'s preferred source; null when the host has no route there. */
    private static IpAddress sourceTowards(NetlinkSocket socket, IpAddress podIp) throws NetlinkException {
        try {
            Route route = Routes.get(socket, KernelValues.inet(podIp));
            return route.prefSrc() == null ? null : KernelValues.ip(route.prefSrc());
        } catch (NetlinkException e) {
            if (e.errno() == ENETUNREACH || e.errno() == EHOSTUNREACH) {
                return null;
            }
            throw e;
        }
    }
}
