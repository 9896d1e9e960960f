package io.spidernet.spiderpool.core.coordinator.status;

import io.spidernet.spiderpool.core.model.coordinator.CoordinatorStatus;
import io.spidernet.spiderpool.core.model.coordinator.PodCidrType;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The SpiderCoordinator's status from a {@link ClusterSnapshot} (upstream's controller, §5.3 of the
 * coordinator notes): the pod CIDRs of the cluster's CNI as {@code spec.podCIDRType} says where to
 * find them, and the service CIDRs (ServiceCIDR objects where the cluster has them, else the
 * cluster's configuration). Synced when both are known; otherwise NotReady with a reason that says
 * what is missing and what to change, and both lists empty, so no agent serves stale CIDRs.
 *
 * <p>Two departures from upstream, both so that NotReady means something is wrong and Synced that
 * the coordinator has what it needs: the cluster's own CIDRs (kubeadm-config, kube-controller-manager)
 * are required only when used (a Calico cluster on Kubernetes with ServiceCIDRs needs neither), and
 * an empty list where one is needed is NotReady rather than Synced with nothing to route (upstream
 * issue #3210: services unreachable, status Synced).
 */
public final class StatusDiscovery {

    /**
     * The status to hold, whether it differs from the one held ({@code changed}: then write it), and
     * the events to record: PodCIDRTypeChanged when the type changed since {@code lastSeenType}, and
     * a Warning only when the status changes, so a resync does not repeat it every minute.
     */
    public record Recomputed(CoordinatorStatus status, boolean changed, List<DiscoveryEvent> events) {}

    private StatusDiscovery() {}

    /**
     * @param lastSeenType the {@code spec.podCIDRType} seen at the previous recompute, null at the first
     */
    public static Recomputed recompute(SpiderCoordinator coordinator, PodCidrType lastSeenType, ClusterSnapshot snapshot) {
        PodCidrType declared = declaredType(coordinator);
        List<DiscoveryEvent> events = new ArrayList<>();
        if (lastSeenType != null && lastSeenType != declared) {
            events.add(new DiscoveryEvent(false, DiscoveryEvent.POD_CIDR_TYPE_CHANGED,
                    "Pod CIDR type changed from " + lastSeenType.wire() + " to " + declared.wire()));
        }
        CoordinatorStatus next;
        DiscoveryEvent warning = null;
        try {
            next = synced(podCidrs(declared, snapshot), serviceCidrs(snapshot));
        } catch (NotReady e) {
            next = notReady(e.getMessage());
            warning = e.event();
        }
        boolean changed = !same(coordinator.getStatus(), next);
        if (changed && warning != null) {
            events.add(warning);
        }
        return new Recomputed(next, changed, List.copyOf(events));
    }

    /** Unset reads as {@code auto}, the chart's value (the webhook requires it; an object may predate the webhook). */
    public static PodCidrType declaredType(SpiderCoordinator coordinator) {
        PodCidrType t = coordinator.getSpec() == null ? null : coordinator.getSpec().getPodCIDRType();
        return t == null ? PodCidrType.AUTO : t;
    }

    private static List<String> podCidrs(PodCidrType declared, ClusterSnapshot snapshot) {
        PodCidrType type = declared == PodCidrType.AUTO ? ClusterCni.typeOf(snapshot.cniConfigDir()) : declared;
        return switch (type) {
            case CLUSTER -> clusterPodCidrs(snapshot);
            case CALICO -> calico(snapshot);
            case CILIUM -> CiliumPodCidrs.of(snapshot, () -> clusterPodCidrs(snapshot));
            case NONE, AUTO -> List.of();
        };
    }

    private static List<String> calico(ClusterSnapshot snapshot) {
        List<String> cidrs = snapshot.calicoPools().map(ClusterObjects::calicoPoolCidrs).orElseThrow(() -> new NotReady(
                "the pod CIDR type is calico but the cluster has no Calico IPPool kind (crd.projectcalico.org/v1): install"
                        + " Calico, or set spec.podCIDRType to the cluster's CNI"));
        if (cidrs.isEmpty()) {
            throw new NotReady("the pod CIDR type is calico but no Calico IPPool (crd.projectcalico.org/v1) exists:"
                    + " create Calico's pools, or set spec.podCIDRType to the cluster's CNI");
        }
        return CidrLists.bounded(cidrs, "the Calico IPPools");
    }

    private static List<String> clusterPodCidrs(ClusterSnapshot snapshot) {
        List<String> pod = cluster(snapshot).pod();
        if (pod.isEmpty()) {
            throw clusterMissing(snapshot, "pod", "networking.podSubnet", "--cluster-cidr",
                    "or set spec.podCIDRType to calico, cilium or none if the cluster's CNI does not use the cluster CIDR");
        }
        return CidrLists.bounded(pod, "the cluster's pod CIDR");
    }

    private static List<String> serviceCidrs(ClusterSnapshot snapshot) {
        List<String> fromApi = snapshot.serviceCidrs().map(ClusterObjects::serviceCidrs).orElse(List.of());
        if (!fromApi.isEmpty()) {
            return CidrLists.bounded(fromApi, "the ServiceCIDR objects");
        }
        List<String> service = cluster(snapshot).service();
        if (service.isEmpty()) {
            throw clusterMissing(snapshot, "service", "networking.serviceSubnet", "--service-cluster-ip-range",
                    "or run Kubernetes with the ServiceCIDR API (networking.k8s.io)");
        }
        return CidrLists.bounded(service, "the cluster's service CIDR");
    }

    private static ClusterCidrs cluster(ClusterSnapshot snapshot) {
        return ClusterCidrs.ofKubeadm(snapshot.kubeadmConfig())
                .orElse(ClusterCidrs.ofControllerManager(snapshot.controllerManagers()));
    }

    private static NotReady clusterMissing(ClusterSnapshot snapshot, String what, String kubeadmKey, String flag,
                                           String otherFix) {
        String kubeadm = ClusterCidrs.KUBEADM_NAMESPACE + "/" + ClusterCidrs.KUBEADM_CONFIG;
        String selector = ClusterCidrs.KCM_LABEL + "=" + ClusterCidrs.KCM_LABEL_VALUE;
        if (snapshot.kubeadmConfig() == null && snapshot.controllerManagers().isEmpty()) {
            return new NotReady("the cluster's " + what + " CIDR is unknown: neither ConfigMap " + kubeadm
                    + " nor a pod labelled " + selector + " was found; create " + kubeadm + " with " + kubeadmKey
                    + " in its ClusterConfiguration, " + otherFix,
                    new DiscoveryEvent(true, DiscoveryEvent.CLUSTER_NOT_READY,
                            "Neither ConfigMap " + kubeadm + " nor a pod labelled " + selector + " can be found"));
        }
        return new NotReady("the cluster's " + what + " CIDR is unknown: "
                + (snapshot.kubeadmConfig() == null ? "there is no ConfigMap " + kubeadm
                : "ConfigMap " + kubeadm + " has no valid " + kubeadmKey + " in its ClusterConfiguration")
                + (snapshot.controllerManagers().isEmpty() ? " and no pod labelled " + selector
                : " and the kube-controller-manager pod has no valid " + flag)
                + "; add one of them, " + otherFix);
    }

    private static CoordinatorStatus synced(List<String> pod, List<String> service) {
        CoordinatorStatus s = new CoordinatorStatus();
        s.setPhase(CoordinatorStatus.PHASE_SYNCED);
        s.setOverlayPodCIDR(List.copyOf(pod));
        s.setServiceCIDR(List.copyOf(service));
        return s;
    }

    private static CoordinatorStatus notReady(String reason) {
        CoordinatorStatus s = new CoordinatorStatus();
        s.setPhase(CoordinatorStatus.PHASE_NOT_READY);
        s.setReason(reason);
        s.setOverlayPodCIDR(List.of());
        s.setServiceCIDR(List.of());
        return s;
    }

    /** Equal as the agent reads them: an unset reason or list is an empty one. */
    static boolean same(CoordinatorStatus held, CoordinatorStatus next) {
        if (held == null) {
            return false;
        }
        return Objects.equals(held.getPhase(), next.getPhase())
                && Objects.equals(orEmpty(held.getReason()), orEmpty(next.getReason()))
                && orEmpty(held.getOverlayPodCIDR()).equals(orEmpty(next.getOverlayPodCIDR()))
                && orEmpty(held.getServiceCIDR()).equals(orEmpty(next.getServiceCIDR()));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }
}
