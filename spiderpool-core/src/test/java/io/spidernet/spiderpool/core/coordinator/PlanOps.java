package io.spidernet.spiderpool.core.coordinator;

import io.spidernet.spiderpool.core.coordinator.RouteSpec.Scope;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFamily;
import java.util.List;

/** Short spellings of the ops a test expects. */
final class PlanOps {
    static final int MAIN = RouteSpec.MAIN;
    static final Scope LINK = Scope.LINK;
    static final Scope UNIVERSE = Scope.UNIVERSE;
    static final IpFamily V4 = IpFamily.V4;
    static final IpFamily V6 = IpFamily.V6;

    private PlanOps() {}

    static NetOp up(String link) {
        return new NetOp.SetLinkUp(link);
    }

    static NetOp addRoute(int table, String dst, String via, String dev, Scope scope, String src) {
        return new NetOp.AddRoute(PodFactsBuilder.route(table, dst, via, dev, scope, src));
    }

    static NetOp delRoute(int table, String dst, String via, String dev, Scope scope, String src) {
        return new NetOp.DeleteRoute(PodFactsBuilder.route(table, dst, via, dev, scope, src));
    }

    static NetOp deleteRoutesTo(int table, String dst) {
        return new NetOp.DeleteRoutesTo(table, Cidr.parse(dst));
    }

    static NetOp rule(IpFamily family, int priority, int table, String from, int mark) {
        return new NetOp.AddRule(new RuleSpec(family, priority, table, from == null ? null : Cidr.parse(from), null,
                mark));
    }

    static NetOp neigh(String link, String ip, String mac) {
        return new NetOp.ReplaceNeighbour(link, IpAddress.parse(ip), mac);
    }

    static NetOp deleteNeighbours(String ip) {
        return new NetOp.DeleteNeighbours(IpAddress.parse(ip));
    }

    static NetOp sysctl(String key, String value) {
        return new NetOp.SetSysctl(key, value);
    }

    static List<NetOp> rpFilter(String value) {
        return List.of(sysctl("net.ipv4.conf.all.rp_filter", value), sysctl("net.ipv4.conf.default.rp_filter", value));
    }

    static NetOp announce(String link, String ip) {
        return new NetOp.Announce(link, IpAddress.parse(ip));
    }

    /** The CONNMARK trio of the underlay reply path for one family. */
    static List<NetOp> connmark(IpFamily family) {
        return List.of(
                new NetOp.Iptables(family, List.of("-t", "mangle", "-A", "PREROUTING", "-i", "veth0", "-m", "conntrack",
                        "--ctstate", "NEW", "-j", "MARK", "--set-xmark", "0x1/0xffffffff")),
                new NetOp.Iptables(family, List.of("-t", "mangle", "-A", "PREROUTING", "-m", "mark", "--mark", "0x1", "-j",
                        "CONNMARK", "--save-mark", "--nfmask", "0xffffffff", "--ctmask", "0xffffffff")),
                new NetOp.Iptables(family, List.of("-t", "mangle", "-A", "OUTPUT", "-j", "CONNMARK", "--restore-mark",
                        "--nfmask", "0xffffffff", "--ctmask", "0xffffffff")));
    }
}
