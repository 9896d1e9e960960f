package io.spidernet.spiderpool.core.multus;

import io.spidernet.spiderpool.core.model.Route;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorMode;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The coordinator plugin's entry, with the keys {@code CoordinatorNetConf} reads. Only the fields the
 * SpiderMultusConfig sets are written; every other one the plugin takes from the cluster's
 * SpiderCoordinator at run time. Upstream's renderer departs from that in three ways we do not copy
 * (§12 items 2 and 3): its mutating webhook fills {@code mode: auto} and {@code tunePodRoutes}, which
 * then override the cluster's values; it writes {@code podRPFilter} only when {@code podCIDRType} is
 * set; and it drops {@code hostRuleTable}, which the plugin reads.
 */
final class CoordinatorPlugin {
    /**
     * The plugin's spelling of the disabled mode. Our coordinator also accepts the CRD's
     * {@code disabled}; upstream's accepts only this one, so a NAD rendered here works with either.
     */
    static final String DISABLE = "disable";

    private CoordinatorPlugin() {}

    static Map<String, Object> of(CoordinatorSpec spec) {
        Map<String, Object> plugin = new LinkedHashMap<>();
        plugin.put("type", "coordinator");
        if (spec == null) {
            return plugin;
        }
        if (spec.getMode() != null) {
            plugin.put("mode", spec.getMode() == CoordinatorMode.DISABLED ? DISABLE : spec.getMode().wire());
        }
        MainPlugins.putIfSet(plugin, "tunePodRoutes", spec.getTunePodRoutes());
        MainPlugins.putIfSet(plugin, "podDefaultRouteNic", spec.getPodDefaultRouteNIC());
        MainPlugins.putIfSet(plugin, "podMACPrefix", spec.getPodMACPrefix());
        MainPlugins.putIfSet(plugin, "hijackCIDR", spec.getHijackCIDR());
        MainPlugins.putIfSet(plugin, "policyRoutes", policyRoutes(spec.getPolicyRoutes()));
        MainPlugins.putIfSet(plugin, "hostRuleTable", spec.getHostRuleTable());
        MainPlugins.putIfSet(plugin, "podRPFilter", spec.getPodRPFilter());
        MainPlugins.putIfSet(plugin, "txQueueLen", spec.getTxQueueLen());
        MainPlugins.putIfSet(plugin, "vethLinkAddress", spec.getVethLinkAddress());
        MainPlugins.putIfSet(plugin, "vethMTU", spec.getVethMTU());
        return plugin;
    }

    private static List<Map<String, Object>> policyRoutes(List<Route> routes) {
        if (routes == null) {
            return null;
        }
        List<Map<String, Object>> out = new ArrayList<>(routes.size());
        for (int i = 0; i < routes.size(); i++) {
            Route r = routes.get(i);
            if (r == null || r.dst() == null || r.dst().isEmpty() || r.gw() == null || r.gw().isEmpty()) {
                throw new MultusRenderException("spec.coordinator.policyRoutes[" + i + "]", "needs both dst and gw, e.g."
                        + " {dst: 10.20.0.0/16, gw: 172.200.0.1}");
            }
            Map<String, Object> route = new LinkedHashMap<>();
            route.put("dst", r.dst());
            route.put("gw", r.gw());
            out.add(route);
        }
        return out;
    }
}
