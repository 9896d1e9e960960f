package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.coordinator.NetOp;
import io.spidernet.spiderpool.core.coordinator.RouteSpec;
import io.spidernet.spiderpool.core.coordinator.RuleSpec;
import io.spidernet.spiderpool.core.ip.IpFamily;

/** An op as a person reads it in an error, close to the {@code ip} command that would do the same. */
final class NetOpText {
    private NetOpText() {}

    static String describe(NetOp op) {
        return switch (op) {
            case NetOp.CreateVethPair v -> "create veth pair " + v.podEnd() + " (peer " + v.hostEnd()
                    + " in the host's namespace, mtu " + v.mtu() + ")";
            case NetOp.SetLinkUp u -> "set link " + u.link() + " up";
            case NetOp.SetMac m -> "set the MAC of " + m.link() + " to " + m.mac();
            case NetOp.SetTxQueueLen t -> "set txqueuelen of " + t.link() + " to " + t.length();
            case NetOp.AddAddress a -> "add address " + a.address() + " to " + a.link();
            case NetOp.SetSysctl s -> "set sysctl " + s.key() + "=" + s.value();
            case NetOp.ReplaceNeighbour n -> "replace neighbour " + n.ip() + " lladdr " + n.mac() + " dev " + n.link()
                    + " nud permanent";
            case NetOp.DeleteNeighbours d -> "delete the neighbour entries of " + d.ip();
            case NetOp.AddRoute r -> "add route " + route(r.route());
            case NetOp.DeleteRoute r -> "delete route " + route(r.route());
            case NetOp.DeleteRoutesTo d -> "delete routes to " + d.dst() + " table " + table(d.table());
            case NetOp.AddRule r -> "add rule " + rule(r.rule());
            case NetOp.DeleteRule r -> "delete rule " + rule(r.rule());
            case NetOp.Iptables i -> (i.family() == IpFamily.V4 ? "iptables " : "ip6tables ") + String.join(" ", i.args());
            case NetOp.Announce a -> "announce " + a.ip() + " from " + a.link();
            case NetOp.DeleteLink l -> "delete link " + l.link();
        };
    }

    static String route(RouteSpec r) {
        StringBuilder s = new StringBuilder(r.isDefault() ? "default" : r.dst().toString());
        if (r.via() != null) {
            s.append(" via ").append(r.via());
        }
        s.append(" dev ").append(r.dev()).append(" table ").append(table(r.table()));
        if (r.scope() != null && r.scope() != RouteSpec.Scope.UNIVERSE) {
            s.append(" scope ").append(r.scope().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (r.src() != null) {
            s.append(" src ").append(r.src());
        }
        return s.toString();
    }

    static String rule(RuleSpec r) {
        StringBuilder s = new StringBuilder(r.family() == IpFamily.V4 ? "(IPv4) " : "(IPv6) ");
        s.append("from ").append(r.from() == null ? "all" : r.from().toString());
        if (r.to() != null) {
            s.append(" to ").append(r.to());
        }
        if (r.fwmark() != 0) {
            s.append(" fwmark 0x").append(Integer.toHexString(r.fwmark()));
        }
        return s.append(" lookup ").append(table(r.table())).append(" priority ").append(r.priority()).toString();
    }

    private static String table(int table) {
        return table == RouteSpec.MAIN ? "main" : Integer.toString(table);
    }
}
