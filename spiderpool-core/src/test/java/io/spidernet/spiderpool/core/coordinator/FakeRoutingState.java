package io.spidernet.spiderpool.core.coordinator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A pod's routing tables and rules with the route and rule ops applied, to check a plan's end state. */
final class FakeRoutingState {
    final Map<Integer, List<RouteSpec>> tables = new TreeMap<>();
    final List<RuleSpec> rules = new ArrayList<>();

    FakeRoutingState(List<RouteSpec> routes) {
        routes.forEach(this::add);
    }

    void apply(List<NetOp> ops) {
        for (NetOp op : ops) {
            if (op instanceof NetOp.AddRoute a) {
                add(a.route());
            } else if (op instanceof NetOp.DeleteRoute d) {
                tables.getOrDefault(d.route().table(), new ArrayList<>()).remove(d.route());
            } else if (op instanceof NetOp.AddRule r && !rules.contains(r.rule())) {
                rules.add(r.rule());
            }
        }
    }

    List<RouteSpec> table(int table) {
        return tables.getOrDefault(table, List.of());
    }

    List<RouteSpec> allRoutes() {
        List<RouteSpec> all = new ArrayList<>();
        tables.values().forEach(all::addAll);
        return all;
    }

    private void add(RouteSpec r) {
        List<RouteSpec> t = tables.computeIfAbsent(r.table(), k -> new ArrayList<>());
        if (!t.contains(r)) {
            t.add(r);
        }
    }
}
