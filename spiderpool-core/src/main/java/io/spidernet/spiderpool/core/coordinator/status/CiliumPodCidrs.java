package io.spidernet.spiderpool.core.coordinator.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Cilium's pod CIDRs, by the IPAM mode its ConfigMap names ({@code ipam}): the cluster-pool modes
 * list them in the ConfigMap, multi-pool in its CiliumPodIPPools, and {@code kubernetes} uses the
 * cluster's own. Any other mode (a cloud's ENI or Azure IPAM, CRD) has no CIDR to read: NotReady.
 */
final class CiliumPodCidrs {
    private CiliumPodCidrs() {}

    static List<String> of(ClusterSnapshot snapshot, Supplier<List<String>> clusterPodCidrs) {
        String name = snapshot.ciliumConfigName();
        if (snapshot.ciliumConfig() == null) {
            throw new NotReady("Cilium's ConfigMap " + name + " was not found: install Cilium first, or name its ConfigMap"
                    + " in SPIDERPOOL_CILIUM_CONFIGMAP_NAMESPACE_NAME, or set spec.podCIDRType to another type",
                    new DiscoveryEvent(true, DiscoveryEvent.CILIUM_NOT_READY, "Cilium needs to be installed first: ConfigMap "
                            + name + " was not found"));
        }
        Map<String, String> data = snapshot.ciliumConfig().getData() == null ? Map.of() : snapshot.ciliumConfig().getData();
        String mode = data.getOrDefault("ipam", "");
        return switch (mode) {
            case "cluster-pool", "cluster-pool-v2beta" -> clusterPool(name, data);
            case "multi-pool" -> multiPool(snapshot);
            case "kubernetes" -> clusterPodCidrs.get();
            default -> throw new NotReady("Cilium IPAM mode \"" + mode + "\" (key ipam of " + name + ") has no pod CIDRs"
                    + " to read: only cluster-pool, cluster-pool-v2beta, multi-pool and kubernetes have; set spec.podCIDRType"
                    + " to none, or to cluster if Cilium's pods use the cluster CIDR");
        };
    }

    /** Each key may list several CIDRs (Helm's clusterPoolIPv4PodCIDRList); one that does not parse is refused, as upstream. */
    private static List<String> clusterPool(String name, Map<String, String> data) {
        List<String> out = new ArrayList<>();
        for (String key : List.of("cluster-pool-ipv4-cidr", "cluster-pool-ipv6-cidr")) {
            String value = data.get(key);
            if (value == null || value.isBlank()) {
                continue;
            }
            for (String item : value.trim().split("[,\\s]+")) {
                if (!CidrLists.isCidr(item)) {
                    throw new NotReady(key + " of " + name + " holds \"" + item + "\", which is not a CIDR: fix Cilium's"
                            + " configuration");
                }
                out.add(item);
            }
        }
        if (out.isEmpty()) {
            throw new NotReady(name + " sets ipam to cluster-pool but neither cluster-pool-ipv4-cidr nor"
                    + " cluster-pool-ipv6-cidr: fix Cilium's configuration");
        }
        return CidrLists.bounded(out, name);
    }

    private static List<String> multiPool(ClusterSnapshot snapshot) {
        List<String> cidrs = snapshot.ciliumPools().map(ClusterObjects::ciliumPoolCidrs).orElseThrow(() -> new NotReady(
                "Cilium runs multi-pool IPAM but the cluster has no CiliumPodIPPool kind (cilium.io/v2alpha1): install"
                        + " Cilium's CRDs, or set spec.podCIDRType to another type"));
        if (cidrs.isEmpty()) {
            throw new NotReady("Cilium runs multi-pool IPAM but no CiliumPodIPPool has a CIDR yet: create Cilium's pools");
        }
        return CidrLists.bounded(cidrs, "the CiliumPodIPPools");
    }
}
