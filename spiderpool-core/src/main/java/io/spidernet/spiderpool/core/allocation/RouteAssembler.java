package io.spidernet.spiderpool.core.allocation;

import io.spidernet.spiderpool.core.annotation.CustomRoute;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The routes that go with a pod's addresses: per NIC and family a default route via the pool's
 * gateway (unless the NIC cleans its gateway), the pool's own routes, and the pod's
 * {@code ipam.spidernet.io/routes}, each attached to the NIC whose subnet holds the route's gateway.
 */
public final class RouteAssembler {
    private RouteAssembler() {}

    /** A route on a NIC, as upstream's agent API returns it. */
    public record NicRoute(String ifName, String dst, String gw) {}

    /** Routes in a stable order (allocation order, then annotation order) and what was dropped. */
    public record Routes(List<NicRoute> routes, List<String> warnings) {}

    /**
     * @param cleanGateway NICs that get no default route
     */
    public static Routes assemble(List<IpAllocation> allocations, Set<String> cleanGateway, List<CustomRoute> custom) {
        Set<NicRoute> out = new LinkedHashSet<>();
        List<String> warnings = new ArrayList<>();
        for (IpAllocation a : allocations) {
            if (a.gateway() != null && !a.gateway().isEmpty() && !cleanGateway.contains(a.nic())) {
                out.add(new NicRoute(a.nic(), a.family().defaultRouteDst(), a.gateway()));
            }
            for (var r : a.poolRoutes()) {
                out.add(new NicRoute(a.nic(), r.dst(), r.gw()));
            }
        }
        for (CustomRoute r : custom) {
            Optional<IpAllocation> owner = allocations.stream()
                    .filter(a -> a.family() == r.family() && a.subnet().contains(r.gw())).findFirst();
            if (owner.isPresent()) {
                out.add(new NicRoute(owner.get().nic(), r.dst().toString(), r.gw().toString()));
            } else {
                warnings.add("route " + r.dst() + " via " + r.gw() + " from ipam.spidernet.io/routes was dropped: no NIC"
                        + " of the pod has an address in a subnet holding " + r.gw());
            }
        }
        return new Routes(List.copyOf(out), List.copyOf(warnings));
    }
}
