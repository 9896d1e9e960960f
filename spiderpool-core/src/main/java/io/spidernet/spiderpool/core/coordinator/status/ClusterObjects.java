package io.spidernet.spiderpool.core.coordinator.status;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * CIDRs held by other projects' objects (Calico IPPools, Cilium CiliumPodIPPools, Kubernetes
 * ServiceCIDRs), read as untyped objects because their classes are not ours. Objects being deleted
 * are left out; the rest go oldest first (then by name), so that a list reordered by the API server
 * does not read as a change.
 */
final class ClusterObjects {
    /** The most objects of one kind considered. */
    static final int MAX_OBJECTS = 1024;

    private ClusterObjects() {}

    /**
     * Calico's pools, disabled ones included: {@code disabled} stops Calico allocating from a pool,
     * not its pods using the addresses they hold, and those pods must stay reachable (upstream issue
     * #5738, fixed by #5739 the same way). Calico's IPAM blocks would tell which disabled pools still
     * hold addresses, but a route to an empty pool costs nothing and a missing one cuts pods off.
     */
    static List<String> calicoPoolCidrs(List<GenericKubernetesResource> pools) {
        return cidrsOf(pools, spec -> List.of(String.valueOf(spec.get("cidr"))));
    }

    /** Every IPv4 and IPv6 CIDR of Cilium's multi-pool IPAM pools ({@code spec.ipv4.cidrs}, {@code spec.ipv6.cidrs}). */
    static List<String> ciliumPoolCidrs(List<GenericKubernetesResource> pools) {
        return cidrsOf(pools, spec -> {
            List<String> out = new ArrayList<>(strings(map(spec.get("ipv4")).get("cidrs")));
            out.addAll(strings(map(spec.get("ipv6")).get("cidrs")));
            return out;
        });
    }

    /** The service CIDRs of ServiceCIDR objects ({@code spec.cidrs}). */
    static List<String> serviceCidrs(List<GenericKubernetesResource> serviceCidrs) {
        return cidrsOf(serviceCidrs, spec -> strings(spec.get("cidrs")));
    }

    private static List<String> cidrsOf(List<GenericKubernetesResource> objects,
                                        Function<Map<String, Object>, List<String>> cidrsOfSpec) {
        List<String> out = new ArrayList<>();
        objects.stream().limit(MAX_OBJECTS)
                .filter(o -> o.getMetadata() != null && o.getMetadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparing((GenericKubernetesResource o) -> created(o.getMetadata()))
                        .thenComparing(o -> String.valueOf(o.getMetadata().getName())))
                .forEach(o -> cidrsOfSpec.apply(map(o.getAdditionalProperties().get("spec"))).stream()
                        .filter(CidrLists::isCidr).filter(c -> !out.contains(c)).forEach(out::add));
        return out;
    }

    private static String created(ObjectMeta meta) {
        return meta.getCreationTimestamp() == null ? "" : meta.getCreationTimestamp();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<String> strings(Object o) {
        return o instanceof List<?> l ? l.stream().filter(String.class::isInstance).map(String.class::cast).toList() : List.of();
    }
}
