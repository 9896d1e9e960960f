package io.spidernet.spiderpool.agent.cluster;

import io.spidernet.spiderpool.agent.ipam.NodeFailure;
import io.spidernet.spiderpool.api.agent.v1.CoordinatorConfig;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.PolicyRoute;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.model.Route;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorSpec;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorStatus;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import io.spidernet.spiderpool.core.webhook.CoordinatorMutator;
import java.util.List;
import java.util.Map;

/**
 * What the agent answers the coordinator plugin's GetCoordinatorConfig with: the cluster-wide
 * SpiderCoordinator's spec, the pod and service CIDRs its status reports, and the pod's own
 * choice of default-route NIC. The plugin lays its netconf over this answer, so every field is
 * filled; the fetching (coordinator by name, pod from the cache) is the caller's.
 */
public final class CoordinatorConfigs {
    // Helm writes vethMTU into the object; upstream's webhook leaves it unset and its agent would
    // crash on it. The other switches are defaulted by core's CoordinatorMutator, here too, so an
    // object that bypassed the webhook (created before it served, or applied with it off) works.
    public static final int DEFAULT_VETH_MTU = 1500;

    private CoordinatorConfigs() {}

    /**
     * The config for one pod.
     *
     * @param name           the SpiderCoordinator's name, for the message when it is missing
     * @param coordinator    the SpiderCoordinator of that name, or null when there is none
     * @param podAnnotations the pod's annotations (null is none); only
     *                       {@value SpiderpoolAnnotations#DEFAULT_ROUTE_NIC} is read, so a malformed
     *                       IPAM annotation cannot fail the coordinator's DEL
     * @throws NodeFailure NOT_READY when the coordinator is missing or its status is not Synced
     */
    public static CoordinatorConfig of(String name, SpiderCoordinator coordinator, Map<String, String> podAnnotations) {
        if (coordinator == null) {
            throw new NodeFailure(Failure.Kind.NOT_READY, "SpiderCoordinator " + name + " not found; create it (the Helm"
                    + " chart does with coordinator.enabled=true) or configure the agent with the name of the one that exists");
        }
        CoordinatorStatus status = coordinator.getStatus();
        requireSynced(name, status);
        return served(coordinator.getSpec(), status, podAnnotations);
    }

    /**
     * The answer from a spec (null reads as empty; core's defaults fill what it leaves unset) and
     * the CIDRs of a status (null: none), with no condition on the status's phase: for callers
     * that vouch for it, such as the local store, where no controller writes a status.
     */
    public static CoordinatorConfig served(CoordinatorSpec specAsGiven, CoordinatorStatus status,
                                           Map<String, String> podAnnotations) {
        CoordinatorSpec spec = CoordinatorMutator.withDefaults(specAsGiven);
        CoordinatorStatus cidrs = status == null ? new CoordinatorStatus() : status;
        return CoordinatorConfig.newBuilder()
                .setMode(spec.getMode().wire())
                .addAllOverlayPodCidr(listOrEmpty(cidrs.getOverlayPodCIDR()))
                .addAllServiceCidr(listOrEmpty(cidrs.getServiceCIDR()))
                .setTunePodRoutes(spec.getTunePodRoutes())
                // no default: Helm's 169.254.0.0/16 is written into the object at install, not assumed here
                .addAllHijackCidr(listOrEmpty(spec.getHijackCIDR()))
                .addAllPolicyRoutes(listOrEmpty(spec.getPolicyRoutes()).stream().map(CoordinatorConfigs::policyRoute).toList())
                .setPodMacPrefix(or(spec.getPodMACPrefix(), ""))
                .setPodDefaultRouteNic(defaultRouteNic(spec, podAnnotations))
                .setHostRuleTable(spec.getHostRuleTable())
                .setPodRpFilter(spec.getPodRPFilter())
                .setTxQueueLen(spec.getTxQueueLen())
                .setVethLinkAddress(or(spec.getVethLinkAddress(), ""))
                .setVethMtu(or(spec.getVethMTU(), DEFAULT_VETH_MTU))
                .build();
    }

    /** Upstream also refuses when the pod is not in the agent's cache: the annotation may be there. */
    public static NodeFailure podMissing(String namespace, String name) {
        return new NodeFailure(Failure.Kind.NOT_READY, "pod " + namespace + "/" + name + " is not in the agent's pod"
                + " cache; check K8S_POD_NAMESPACE and K8S_POD_NAME in CNI_ARGS, or retry once the cache has it");
    }

    /**
     * Upstream serves nothing until the controller has found the cluster's CIDRs: without them the
     * plugin would install no hijack routes, and pods could not reach services.
     */
    private static void requireSynced(String name, CoordinatorStatus status) {
        if (status == null || status.getPhase() == null || status.getPhase().isEmpty()) {
            throw new NodeFailure(Failure.Kind.NOT_READY, "SpiderCoordinator " + name + " has no status yet; "
                    + "spiderpool-controller writes it once it has looked up the pod and service CIDRs: check that it runs");
        }
        if (!CoordinatorStatus.PHASE_SYNCED.equals(status.getPhase())) {
            String reason = status.getReason() == null || status.getReason().isEmpty() ? "no reason given" : status.getReason();
            throw new NodeFailure(Failure.Kind.NOT_READY, "SpiderCoordinator " + name + " is " + status.getPhase() + ": "
                    + reason + "; fix that (often spec.podCIDRType, or the CNI or kubeadm config it reads) and wait for "
                    + "spiderpool-controller to set status.phase Synced");
        }
    }

    /**
     * The pod's annotation wins over the spec whenever it is present, even empty, as upstream's
     * agent does: an empty value keeps the default route on the first NIC for this one pod.
     */
    private static String defaultRouteNic(CoordinatorSpec spec, Map<String, String> podAnnotations) {
        if (podAnnotations != null && podAnnotations.containsKey(SpiderpoolAnnotations.DEFAULT_ROUTE_NIC)) {
            return or(podAnnotations.get(SpiderpoolAnnotations.DEFAULT_ROUTE_NIC), "");
        }
        return or(spec.getPodDefaultRouteNIC(), "");
    }

    private static PolicyRoute policyRoute(Route r) {
        return PolicyRoute.newBuilder().setDst(or(r.dst(), "")).setGw(or(r.gw(), "")).build();
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    private static <T> List<T> listOrEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
