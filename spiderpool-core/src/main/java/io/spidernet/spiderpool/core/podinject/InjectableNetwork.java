package io.spidernet.spiderpool.core.podinject;

import io.spidernet.spiderpool.core.model.multus.BondConfig;
import io.spidernet.spiderpool.core.model.multus.CniType;
import io.spidernet.spiderpool.core.model.multus.MultusConfigSpec;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import io.spidernet.spiderpool.core.model.multus.SpiderpoolPools;
import java.util.List;
import java.util.Optional;

/**
 * What injection needs from one SpiderMultusConfig, per cniType as upstream reads it: the
 * device-plugin resource a pod of that network must request (macvlan, ipvlan, vlan: the shared RDMA
 * device's {@code rdmaResourceName}; sriov, ib-sriov: the VF's {@code resourceName}; ipoib: none), the
 * field that must be set for the annotation asked with (ipoib is checked by {@code master}, as
 * upstream), its pools, and the key networks are ordered by.
 *
 * @param ref          {@code namespace/name}
 * @param resourceName the resource to request, empty when none
 * @param required     the value the check looks at, empty when unset
 * @param requiredPath its field, for the message
 * @param hasPools     at least one IPv4 or IPv6 pool
 * @param sortKey      the bond name (several masters), the first master, or the sriov resource name
 */
record InjectableNetwork(String ref, String resourceName, String required, String requiredPath, boolean hasPools,
                         String sortKey) {

    /** The network, or the sentence that says why this SpiderMultusConfig cannot be injected at all. */
    static Result of(SpiderMultusConfig smc) {
        String ref = smc.getMetadata().getNamespace() + "/" + smc.getMetadata().getName();
        MultusConfigSpec spec = smc.getSpec();
        CniType type = spec == null ? null : spec.getCniType();
        if (type == null) {
            return new Result.Unusable(ref, "has no spec.cniType");
        }
        return switch (type) {
            case MACVLAN -> spec.getMacvlan() == null ? missing(ref, "macvlan") : link(ref, "spec.macvlan",
                    spec.getMacvlan().master(), spec.getMacvlan().bond(), spec.getMacvlan().rdmaResourceName(), spec.getMacvlan().ippools());
            case IPVLAN -> spec.getIpvlan() == null ? missing(ref, "ipvlan") : link(ref, "spec.ipvlan",
                    spec.getIpvlan().master(), spec.getIpvlan().bond(), spec.getIpvlan().rdmaResourceName(), spec.getIpvlan().ippools());
            case VLAN -> spec.getVlan() == null ? missing(ref, "vlan") : link(ref, "spec.vlan",
                    spec.getVlan().master(), spec.getVlan().bond(), spec.getVlan().rdmaResourceName(), spec.getVlan().ippools());
            case SRIOV -> spec.getSriov() == null ? missing(ref, "sriov") : new Result.Usable(new InjectableNetwork(ref,
                    text(spec.getSriov().resourceName()), text(spec.getSriov().resourceName()), "spec.sriov.resourceName",
                    pools(spec.getSriov().ippools()), text(spec.getSriov().resourceName())));
            // upstream leaves ib-sriov out of the ordering key: it sorts by name among themselves
            case IB_SRIOV -> spec.getIbsriov() == null ? missing(ref, "ibsriov") : new Result.Usable(new InjectableNetwork(ref,
                    text(spec.getIbsriov().resourceName()), text(spec.getIbsriov().resourceName()), "spec.ibsriov.resourceName",
                    pools(spec.getIbsriov().ippools()), ""));
            case IPOIB -> spec.getIpoib() == null ? missing(ref, "ipoib") : new Result.Usable(new InjectableNetwork(ref, "",
                    text(spec.getIpoib().master()), "spec.ipoib.master", pools(spec.getIpoib().ippools()), ""));
            case OVS, CUSTOM -> new Result.Unusable(ref, "has cniType " + type.wire() + ", which resource injection does not"
                    + " support (only macvlan, ipvlan, vlan, sriov, ib-sriov and ipoib networks can be injected)");
        };
    }

    /** Why this network cannot serve the annotation, or empty when it can. */
    Optional<String> problem(boolean rdma) {
        if (required.isEmpty()) {
            if (rdma) {
                return Optional.of(requiredPath + " is not set, and the rdma-resource-inject annotation needs it"
                        + " (set it, or use cni.spidernet.io/network-resource-inject)");
            }
            // network injection of a network without a resource: upstream only adds it to the networks annotation
            return Optional.empty();
        }
        return hasPools ? Optional.empty() : Optional.of("has no pools in " + requiredPath.substring(0, requiredPath.lastIndexOf('.'))
                + ".ippools (ipv4 or ipv6); an injected network must say where its addresses come from");
    }

    sealed interface Result {
        record Usable(InjectableNetwork network) implements Result {}

        record Unusable(String ref, String why) implements Result {}
    }

    private static Result missing(String ref, String block) {
        return new Result.Unusable(ref, "has no spec." + block + " settings for its cniType");
    }

    private static Result link(String ref, String path, List<String> masters, BondConfig bond, String rdma,
                               SpiderpoolPools ippools) {
        List<String> m = masters == null ? List.of() : masters;
        String key = m.size() >= 2 && bond != null ? text(bond.name()) : m.isEmpty() ? "" : text(m.getFirst());
        return new Result.Usable(new InjectableNetwork(ref, text(rdma), text(rdma), path + ".rdmaResourceName",
                pools(ippools), key));
    }

    private static boolean pools(SpiderpoolPools p) {
        return p != null && ((p.ipv4() != null && !p.ipv4().isEmpty()) || (p.ipv6() != null && !p.ipv6().isEmpty()));
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
