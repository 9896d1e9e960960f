package io.spidernet.spiderpool.core.coordinator.status;

/** A Kubernetes Event to record on the SpiderCoordinator, with upstream's reasons. */
public record DiscoveryEvent(boolean warning, String reason, String message) {
    public static final String POD_CIDR_TYPE_CHANGED = "PodCIDRTypeChanged";
    public static final String CLUSTER_NOT_READY = "ClusterNotReady";
    public static final String CILIUM_NOT_READY = "CiliumNotReady";
}
