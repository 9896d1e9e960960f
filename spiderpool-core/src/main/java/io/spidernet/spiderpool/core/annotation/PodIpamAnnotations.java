package io.spidernet.spiderpool.core.annotation;

import static io.spidernet.spiderpool.core.annotation.AnnotationValues.read;

import io.spidernet.spiderpool.core.annotation.AnnotationValues.Invalid;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a pod's annotations say about its addresses, parsed once per request. Absent
 * annotations are empty; which one wins over which is the selection step's business, not this
 * record's, so every annotation present is parsed and a malformed one fails the request even when
 * a higher-precedence annotation would have made it irrelevant.
 *
 * @param ipPool          {@value SpiderpoolAnnotations#IPPOOL}: pools for the NIC being added
 * @param ipPools         {@value SpiderpoolAnnotations#IPPOOLS}: pools for several NICs
 * @param subnet          {@value SpiderpoolAnnotations#SUBNET}: auto-pool for one NIC
 * @param subnets         {@value SpiderpoolAnnotations#SUBNETS}: auto-pools per NIC; empty when absent
 * @param routes          {@value SpiderpoolAnnotations#ROUTES}: extra routes; empty when absent
 * @param poolIpNumber    {@value SpiderpoolAnnotations#IPPOOL_IP_NUMBER}: auto-pool size
 * @param reclaimPool     {@value SpiderpoolAnnotations#IPPOOL_RECLAIM}: delete the auto-pool with the
 *                        application; true when absent
 * @param defaultRouteNic {@value SpiderpoolAnnotations#DEFAULT_ROUTE_NIC}
 * @param multus          the Multus selection annotations
 */
public record PodIpamAnnotations(
        Optional<PoolNames> ipPool,
        Optional<PerNicPools> ipPools,
        Optional<SubnetRequest> subnet,
        List<SubnetRequest> subnets,
        List<CustomRoute> routes,
        Optional<PoolIpNumber> poolIpNumber,
        boolean reclaimPool,
        Optional<String> defaultRouteNic,
        MultusNetworks multus) {

    // the spellings Go's strconv.ParseBool accepts, so upstream manifests keep working
    private static final Set<String> TRUE = Set.of("true", "True", "TRUE", "t", "T", "1");
    private static final Set<String> FALSE = Set.of("false", "False", "FALSE", "f", "F", "0");

    public PodIpamAnnotations {
        Objects.requireNonNull(ipPool, "ipPool");
        Objects.requireNonNull(ipPools, "ipPools");
        Objects.requireNonNull(subnet, "subnet");
        subnets = List.copyOf(subnets);
        routes = List.copyOf(routes);
        Objects.requireNonNull(poolIpNumber, "poolIpNumber");
        Objects.requireNonNull(defaultRouteNic, "defaultRouteNic");
        Objects.requireNonNull(multus, "multus");
    }

    /** A pod without any of these annotations. */
    public static PodIpamAnnotations none() {
        return parse(Map.of());
    }

    /**
     * Parses the pod's annotations (null is taken as none, as the Kubernetes model hands it out).
     *
     * @throws AnnotationException for the first malformed annotation
     */
    public static PodIpamAnnotations parse(Map<String, String> podAnnotations) {
        Map<String, String> a = podAnnotations == null ? Map.of() : podAnnotations;
        return new PodIpamAnnotations(
                read(a, SpiderpoolAnnotations.IPPOOL, PoolNames::parse),
                read(a, SpiderpoolAnnotations.IPPOOLS, PerNicPools::parse),
                read(a, SpiderpoolAnnotations.SUBNET, SubnetRequest::parseSingle),
                read(a, SpiderpoolAnnotations.SUBNETS, SubnetRequest::parseList).orElse(List.of()),
                read(a, SpiderpoolAnnotations.ROUTES, CustomRoute::parseList).orElse(List.of()),
                read(a, SpiderpoolAnnotations.IPPOOL_IP_NUMBER, PoolIpNumber::parse),
                read(a, SpiderpoolAnnotations.IPPOOL_RECLAIM, PodIpamAnnotations::parseReclaim).orElse(true),
                read(a, SpiderpoolAnnotations.DEFAULT_ROUTE_NIC, n -> AnnotationValues.interfaceName(n, "")),
                MultusNetworks.parse(a));
    }

    /** True when the pod asks for auto-created pools, whichever of the two annotations it uses. */
    public boolean requestsSubnets() {
        return subnet.isPresent() || !subnets.isEmpty();
    }

    private static boolean parseReclaim(String raw) {
        if (TRUE.contains(raw)) {
            return true;
        }
        if (FALSE.contains(raw)) {
            return false;
        }
        throw new Invalid("write \"true\" to delete the auto-created pool with its application or \"false\" to keep it");
    }
}
