package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.coordinator.NetOp;
import io.spidernet.spiderpool.core.coordinator.RouteSpec;
import io.spidernet.spiderpool.core.coordinator.RuleSpec;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.netlink.Addresses;
import io.spidernet.spiderpool.netlink.IpPrefix;
import io.spidernet.spiderpool.netlink.Link;
import io.spidernet.spiderpool.netlink.Links;
import io.spidernet.spiderpool.netlink.MacAddress;
import io.spidernet.spiderpool.netlink.Neighbour;
import io.spidernet.spiderpool.netlink.Neighbours;
import io.spidernet.spiderpool.netlink.NetlinkException;
import io.spidernet.spiderpool.netlink.NetlinkSocket;
import io.spidernet.spiderpool.netlink.PacketSocket;
import io.spidernet.spiderpool.netlink.NewLink;
import io.spidernet.spiderpool.netlink.Route;
import io.spidernet.spiderpool.netlink.Routes;
import io.spidernet.spiderpool.netlink.Rule;
import io.spidernet.spiderpool.netlink.Rules;
import io.spidernet.spiderpool.netlink.Sysctls;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The netlink calls of each {@link NetOp}, in one namespace: the one {@code socket} was opened in
 * (sysctls and iptables act on the calling thread's, which is the same). Each op is idempotent:
 * what is already as asked counts as done, and a delete of what is not there is done as well.
 */
final class NetOpSession {
    private static final int ESRCH = 3;
    private static final int EADDRNOTAVAIL = 99;

    private final NetlinkSocket socket;
    private final int hostNetnsFd;
    private final IptablesCommand iptables;
    private final Consumer<String> log;
    private final List<String> createdHostEnds = new ArrayList<>();

    /** {@code hostNetnsFd}: where a veth's peer goes, -1 outside the pod's namespace. */
    NetOpSession(NetlinkSocket socket, int hostNetnsFd, IptablesCommand iptables, Consumer<String> log) {
        this.socket = socket;
        this.hostNetnsFd = hostNetnsFd;
        this.iptables = iptables;
        this.log = log;
    }

    /** The host ends of the veth pairs made here; they still need bringing up in the host's namespace. */
    List<String> createdHostEnds() {
        return List.copyOf(createdHostEnds);
    }

    void apply(NetOp op) throws IOException {
        switch (op) {
            case NetOp.CreateVethPair v -> createVeth(v);
            case NetOp.SetLinkUp u -> Links.setUp(socket, Links.require(socket, u.link()));
            case NetOp.SetMac m -> Links.setMac(socket, Links.require(socket, m.link()), MacAddress.parse(m.mac()));
            case NetOp.SetTxQueueLen t -> Links.setTxQueueLen(socket, Links.require(socket, t.link()), t.length());
            case NetOp.AddAddress a -> addAddress(a);
            case NetOp.SetSysctl s -> Sysctls.write(s.key(), s.value());
            case NetOp.ReplaceNeighbour n -> Neighbours.replace(socket, new Neighbour(Links.require(socket, n.link()).index(),
                    KernelValues.inet(n.ip()), MacAddress.parse(n.mac()), Neighbour.NUD_PERMANENT));
            case NetOp.DeleteNeighbours d -> deleteNeighbours(d.ip());
            case NetOp.AddRoute r -> Routes.replace(socket, route(r.route()));
            case NetOp.DeleteRoute r -> deleteRoute(r.route());
            case NetOp.DeleteRoutesTo d -> deleteRoutesTo(d);
            case NetOp.AddRule r -> addRule(r.rule());
            case NetOp.DeleteRule r -> deleteRule(r.rule());
            case NetOp.Iptables i -> iptables.ensure(i.family(), i.args());
            case NetOp.Announce a -> announce(a);
            case NetOp.DeleteLink l -> deleteLink(l.link());
        }
    }

    /** Rules of one family, checked and added together: a process or two for all of them. */
    void ensureIptables(List<NetOp.Iptables> rules) throws IOException {
        iptables.ensureAll(rules.getFirst().family(), rules.stream().map(NetOp.Iptables::args).toList());
    }

    /**
     * Best effort, as upstream: after a MAC change the neighbours (the gateway, the switch) learn
     * the new MAC from this instead of waiting for their entries to expire; a failure only delays that.
     */
    private void announce(NetOp.Announce a) throws NetlinkException {
        Link link = Links.require(socket, a.link());
        InetAddress ip = KernelValues.inet(a.ip());
        int etherType = a.ip().isV4() ? PacketSocket.ETH_P_ARP : PacketSocket.ETH_P_IPV6;
        try (PacketSocket packets = PacketSocket.open(link.index(), etherType)) {
            packets.send(FamilyProbes.announcement(link.mac(), ip));
        } catch (NetlinkException e) {
            log.accept("coordinator: " + NetOpText.describe(a) + ": not sent: " + e.getMessage());
        }
    }

    /**
     * An existing pod end (a retried ADD) is kept as it is. A host end that exists without our
     * pod end belongs to another live pod whose ID shares the first 11 characters: that is refused.
     */
    private void createVeth(NetOp.CreateVethPair v) throws NetlinkException {
        NewLink link = new NewLink(v.podEnd(), new NewLink.Veth(v.hostEnd(), MacAddress.parse(v.hostMac()), v.mtu(),
                hostNetnsFd), v.mtu(), MacAddress.parse(v.podMac()), 0);
        try {
            Links.create(socket, link);
        } catch (NetlinkException e) {
            Optional<Link> existing = Links.byName(socket, v.podEnd());
            if (e.errno() != NetlinkException.EEXIST || existing.isEmpty() || !"veth".equals(existing.get().kind())) {
                throw e;
            }
        }
        Links.setUp(socket, Links.require(socket, v.podEnd()));
        createdHostEnds.add(v.hostEnd());
    }

    private void addAddress(NetOp.AddAddress a) throws NetlinkException {
        IpPrefix prefix = KernelValues.prefix(a.address());
        int flags = prefix.isIpv4() ? 0 : Addresses.IFA_F_NODAD;
        try {
            Addresses.add(socket, Links.require(socket, a.link()), prefix, flags);
        } catch (NetlinkException e) {
            if (e.errno() != NetlinkException.EEXIST) {
                throw e;
            }
        }
    }

    private void deleteNeighbours(IpAddress ip) throws NetlinkException {
        InetAddress target = KernelValues.inet(ip);
        for (Neighbour n : Neighbours.list(socket, KernelValues.af(ip.family()))) {
            if (target.equals(n.ip())) {
                try {
                    Neighbours.delete(socket, n);
                } catch (NetlinkException e) {
                    tolerateAbsent(e);
                }
            }
        }
    }

    private Route route(RouteSpec spec) throws NetlinkException {
        int family = spec.dst() != null ? KernelValues.af(spec.dst().family())
                : spec.via() != null ? KernelValues.af(spec.via().family())
                : KernelValues.af(spec.src().family());
        IpPrefix dst = spec.isDefault() ? null : KernelValues.prefix(spec.dst());
        InetAddress via = spec.via() == null ? null : KernelValues.inet(spec.via());
        InetAddress src = spec.src() == null ? null : KernelValues.inet(spec.src());
        int oif = spec.dev() == null || spec.dev().isEmpty() ? 0 : Links.require(socket, spec.dev()).index();
        return new Route(family, spec.table(), dst, via, oif, KernelValues.scope(spec.scope()), src, 0,
                Route.RTN_UNICAST, 0, List.of());
    }

    private void deleteRoute(RouteSpec spec) throws NetlinkException {
        try {
            Routes.delete(socket, route(spec));
        } catch (NetlinkException e) {
            tolerateAbsent(e);
        }
    }

    private void deleteRoutesTo(NetOp.DeleteRoutesTo d) throws NetlinkException {
        IpPrefix dst = KernelValues.prefix(d.dst()).network();
        for (Route r : Routes.list(socket, KernelValues.af(d.dst().family()), d.table())) {
            if (r.table() == d.table() && r.dst() != null && r.dst().network().equals(dst)) {
                try {
                    Routes.delete(socket, r);
                } catch (NetlinkException e) {
                    tolerateAbsent(e);
                }
            }
        }
    }

    /** A negative priority (RuleSpec's "any", for DEL) is the netlink 0 that matches any. */
    private static Rule rule(RuleSpec spec) {
        return new Rule(KernelValues.af(spec.family()), Math.max(0, spec.priority()), spec.table(),
                spec.from() == null ? null : KernelValues.prefix(spec.from()),
                spec.to() == null ? null : KernelValues.prefix(spec.to()), spec.fwmark(), 0);
    }

    /** EEXIST is fine only when the rule there is this very rule. */
    private void addRule(RuleSpec spec) throws NetlinkException {
        Rule rule = rule(spec);
        try {
            Rules.add(socket, rule);
        } catch (NetlinkException e) {
            if (e.errno() != NetlinkException.EEXIST || !present(rule)) {
                throw e;
            }
        }
    }

    private boolean present(Rule wanted) throws NetlinkException {
        for (Rule r : Rules.list(socket, wanted.family())) {
            if (r.priority() == wanted.priority() && r.table() == wanted.table() && r.fwmark() == wanted.fwmark()
                    && same(r.src(), wanted.src()) && same(r.dst(), wanted.dst())) {
                return true;
            }
        }
        return false;
    }

    private static boolean same(IpPrefix a, IpPrefix b) {
        return a == null ? b == null : b != null && a.network().equals(b.network());
    }

    private void deleteRule(RuleSpec spec) throws NetlinkException {
        try {
            Rules.delete(socket, rule(spec));
        } catch (NetlinkException e) {
            tolerateAbsent(e);
        }
    }

    private void deleteLink(String name) throws NetlinkException {
        Optional<Link> link = Links.byName(socket, name);
        if (link.isPresent()) {
            try {
                Links.delete(socket, link.get());
            } catch (NetlinkException e) {
                tolerateAbsent(e);
            }
        }
    }

    /** A delete of something already gone (ENOENT, ESRCH, ENODEV, EADDRNOTAVAIL) is done. */
    private static void tolerateAbsent(NetlinkException e) throws NetlinkException {
        int errno = e.errno();
        if (errno != NetlinkException.ENOENT && errno != ESRCH && errno != NetlinkException.ENODEV
                && errno != EADDRNOTAVAIL) {
            throw e;
        }
    }
}
