package io.spidernet.spiderpool.core.coordinator;

import io.spidernet.spiderpool.core.coordinator.CoordinatorNetConf.PolicyRoute;
import io.spidernet.spiderpool.core.coordinator.CoordinatorSettings.Field;
import io.spidernet.spiderpool.core.coordinator.CoordinatorSettings.PolicyRouteSpec;
import io.spidernet.spiderpool.core.coordinator.CoordinatorSettings.Source;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFormatException;
import java.util.ArrayList;
import java.util.List;

/** Checks {@code policyRoutes}: dst an IP (made /32 or /128) or CIDR, gw an IP of the same family. */
final class PolicyRoutes {
    private static final String HOW_TO = "write {\"dst\": \"10.20.0.0/16\", \"gw\": \"172.200.0.1\"}:"
            + " dst an IP or CIDR, gw an IP of the same family";

    private PolicyRoutes() {}

    /** The configuration's list when it has one (an empty one counts as none, as upstream), else the agent's. */
    static List<PolicyRouteSpec> check(List<PolicyRoute> fromNad, List<PolicyRoute> fromAgent) {
        Source source = fromNad != null ? Source.NETCONF : Source.AGENT;
        List<PolicyRoute> routes = fromNad != null ? fromNad : fromAgent;
        if (routes.size() > CoordinatorSettings.MAX_POLICY_ROUTES) {
            throw Field.POLICY_ROUTES.invalid(source, routes.size() + " entries",
                    "is more than " + CoordinatorSettings.MAX_POLICY_ROUTES,
                    "route wider prefixes; every entry becomes a route in every pod");
        }
        List<PolicyRouteSpec> out = new ArrayList<>(routes.size());
        for (PolicyRoute route : routes) {
            out.add(one(route, source));
        }
        return out;
    }

    private static PolicyRouteSpec one(PolicyRoute route, Source source) {
        String shown = "{\"dst\": \"" + route.dst() + "\", \"gw\": \"" + route.gw() + "\"}";
        Cidr dst;
        IpAddress gw;
        try {
            dst = ipOrCidr(route.dst().strip());
        } catch (IpFormatException e) {
            throw Field.POLICY_ROUTES.invalid(source, shown, "has a dst that is neither an IP nor a CIDR", HOW_TO);
        }
        try {
            gw = IpAddress.parse(route.gw().strip());
        } catch (IpFormatException e) {
            throw Field.POLICY_ROUTES.invalid(source, shown, "has a gw that is not an IP", HOW_TO);
        }
        if (dst.family() != gw.family()) {
            throw Field.POLICY_ROUTES.invalid(source, shown,
                    "mixes " + dst.family() + " and " + gw.family(), HOW_TO);
        }
        return new PolicyRouteSpec(dst, gw);
    }

    private static Cidr ipOrCidr(String text) {
        if (text.indexOf('/') >= 0) {
            return Cidr.parse(text).canonical();
        }
        IpAddress ip = IpAddress.parse(text);
        return new Cidr(ip, ip.family().bits());
    }
}
