package io.spidernet.spiderpool.core.coordinator;

import static io.spidernet.spiderpool.core.coordinator.AddContext.single;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.coordinator.PodFacts.LinkFact;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code tunePodRoutes} (§4.5): one NIC keeps its default route in {@code main}; the other NIC's
 * routes go to its own table, chosen by a rule on its source addresses, so a reply leaves by the
 * NIC its request came in on. {@code podDefaultRouteNic} may hand {@code main} to the new NIC.
 */
final class RouteTuning {
    /**
     * Priorities of the "from <ip> lookup <table>" rules. Upstream leaves them to the kernel, which
     * takes one below the first rule after "local": 999 in underlay pods (under the fwmark rule at
     * 1000), 32765 in overlay pods (then 32764, ... for later rules). We pin the first value per
     * mode: a retried ADD then finds the identical rule instead of adding a twin, and the rules
     * keep upstream's place among the others (their sources never overlap, so their order among
     * themselves does not matter).
     */
    static final int UNDERLAY_FROM_PRIORITY = 999;
    static final int OVERLAY_FROM_PRIORITY = 32765;
    private static final Cidr IPV6_LINK_LOCAL = Cidr.parse("fe80::/64");

    private RouteTuning() {}

    static void tune(AddContext ctx, List<NetOp> pod) {
        String current = ctx.ifName();
        String defaultNic = defaultRouteNic(ctx, current);
        if (defaultNic == null) {
            // nothing else holds a default route: this NIC's routes may stay in main (upstream warns)
            return;
        }
        String wanted = ctx.settings().podDefaultRouteNic();
        String moved = current;
        if (!wanted.isEmpty() && !wanted.equals(defaultNic)) {
            if (ctx.view().podLink(wanted) == null) {
                throw new CniError.InvalidNetworkConfig("podDefaultRouteNic names \"" + wanted
                        + "\", which the pod does not have (adding \"" + current + "\"; the default route is on \""
                        + defaultNic + "\")",
                        "name one of the pod's interfaces, or leave podDefaultRouteNic (and the pod annotation"
                                + " ipam.spidernet.io/default-route-nic) empty to keep the default route on \""
                                + defaultNic + "\"");
            }
            moved = defaultNic;
        }
        List<Cidr> defaultNicAddresses = ctx.view().podAddresses(defaultNic, ctx.families());
        int priority = ctx.underlay() ? UNDERLAY_FROM_PRIORITY : OVERLAY_FROM_PRIORITY;
        if (wanted.equals(current)) {
            fromRules(defaultNicAddresses, ctx.table(), priority, pod);
        } else {
            fromRules(ctx.ifAddresses(), ctx.table(), priority, pod);
            if (!ctx.underlay() && ctx.first()) {
                // replies to what came in on the overlay NIC leave by it, whoever owns main's default (#3683)
                fromRules(defaultNicAddresses, ModeResolver.REPLY_TABLE, priority, pod);
                copyDefaults(ctx, ctx.settings().podDefaultCniNic(), pod);
            }
        }
        moveRoutes(ctx, moved, pod);
    }

    /** The first pod link, by index, other than lo and the new NIC with a default route in main. */
    private static String defaultRouteNic(AddContext ctx, String current) {
        for (LinkFact link : ctx.view().facts().podLinks()) {
            if (link.name().equals("lo") || link.name().equals(current)) {
                continue;
            }
            for (RouteSpec r : ctx.view().facts().podRoutes()) {
                if (r.table() == RouteSpec.MAIN && link.name().equals(r.dev()) && r.isDefault()
                        && inFamilies(r, ctx.families())) {
                    return link.name();
                }
            }
        }
        return null;
    }

    private static void fromRules(List<Cidr> sources, int table, int priority, List<NetOp> pod) {
        for (Cidr source : sources) {
            RuleSpec rule = new RuleSpec(source.family(), priority, table, single(source.address()), null, 0);
            pod.add(new NetOp.AddRule(rule));
        }
    }

    /** Overlay: the overlay NIC's default routes also into table 100; main keeps them. */
    private static void copyDefaults(AddContext ctx, String link, List<NetOp> pod) {
        for (RouteSpec r : mainRoutesOf(ctx, link)) {
            if (r.isDefault()) {
                pod.add(new NetOp.AddRoute(new RouteSpec(ModeResolver.REPLY_TABLE, r.dst(), r.via(), r.dev(), r.scope(),
                        null)));
            }
        }
    }

    /**
     * Every main route of {@code link} into this NIC's table; its default routes leave main (each
     * next hop of a multipath default on its own), the others stay in both.
     */
    private static void moveRoutes(AddContext ctx, String link, List<NetOp> pod) {
        // upstream lists main when it moves, so routes this ADD put there before count too
        List<RouteSpec> routes = new ArrayList<>(mainRoutesOf(ctx, link));
        for (NetOp op : List.copyOf(pod)) {
            if (op instanceof NetOp.AddRoute add && add.route().table() == RouteSpec.MAIN
                    && link.equals(add.route().dev()) && !routes.contains(add.route())) {
                routes.add(add.route());
            }
        }
        for (RouteSpec r : routes) {
            if (r.isDefault()) {
                pod.add(new NetOp.AddRoute(new RouteSpec(ctx.table(), r.dst(), r.via(), r.dev(), r.scope(), null)));
                pod.add(new NetOp.DeleteRoute(r));
            } else {
                pod.add(new NetOp.AddRoute(CoordinatorPlanner.withTable(r, ctx.table())));
            }
        }
    }

    private static List<RouteSpec> mainRoutesOf(AddContext ctx, String link) {
        return ctx.view().facts().podRoutes().stream()
                .filter(r -> r.table() == RouteSpec.MAIN && link.equals(r.dev()) && inFamilies(r, ctx.families())
                        && !IPV6_LINK_LOCAL.equals(r.dst()))
                .toList();
    }

    private static boolean inFamilies(RouteSpec r, Set<IpFamily> families) {
        IpFamily family = r.dst() != null ? r.dst().family() : r.via() != null ? r.via().family() : null;
        return family == null || families.contains(family);
    }
}
