package io.spidernet.spiderpool.core.gc;

import java.time.Duration;

/**
 * The IP garbage collector's switches and timings, with upstream's controller environment names and
 * defaults. The controller reads them once, through its configuration mapping, and hands this record to
 * the GC rules; the rules never read the environment. A value out of range fails naming its variable.
 *
 * @param gcIpEnabled                  {@code SPIDERPOOL_GC_IP_ENABLED}: the whole IP GC (trace and scan-all)
 * @param gcTerminatingPodOnReadyNode  {@code SPIDERPOOL_GC_STATELESS_TERMINATING_POD_ON_READY_NODE_ENABLED}: free a
 *                                     terminating pod's addresses after its grace period when its node is Ready
 * @param gcTerminatingPodOnNotReadyNode {@code SPIDERPOOL_GC_STATELESS_TERMINATING_POD_ON_NOT_READY_NODE_ENABLED}: the
 *                                     same on a NotReady node (powered off, partitioned)
 * @param additionalGraceDelay         {@code SPIDERPOOL_GC_ADDITIONAL_GRACE_DELAY}: added to every grace period
 * @param scanAllInterval              {@code SPIDERPOOL_GC_DEFAULT_INTERVAL_DURATION}: period of the scan-all
 * @param traceScanGap                 {@code SPIDERPOOL_GC_TRACE_POD_GAP_DURATION}: how often the trace DB is
 *                                     checked for expired entries
 * @param gcStatelessRunningPodWithoutPodIps {@code SPIDERPOOL_GC_ENABLE_STATELESS_RUNNING_POD_ON_EMPTY_POD_STATUS_IPS}:
 *                                     free the addresses of a Running stateless pod whose status.podIPs is empty
 * @param traceWorkers                 {@code SPIDERPOOL_GC_IP_WORKER_NUM}: workers releasing expired trace entries
 * @param traceEntryMaxRetries         {@code SPIDERPOOL_GC_PODENTRY_MAX_RETRIES}: re-queues of a failed release
 * @param traceDbCapacity              {@code SPIDERPOOL_GC_MAX_PODENTRY_DB_CAP}: most entries the trace DB holds
 * @param scanAllRequestGap            {@code SPIDERPOOL_GC_HTTP_REQUEST_TIME_GAP}: debounce of requested scans
 * @param cleanOutdatedEndpoint        {@code enableCleanOutdatedEndpoint} of the spiderpool-conf ConfigMap (not
 *                                     an env var): delete endpoints that no pool record refers to any more
 */
public record GcSettings(
        boolean gcIpEnabled,
        boolean gcTerminatingPodOnReadyNode,
        boolean gcTerminatingPodOnNotReadyNode,
        Duration additionalGraceDelay,
        Duration scanAllInterval,
        Duration traceScanGap,
        boolean gcStatelessRunningPodWithoutPodIps,
        int traceWorkers,
        int traceEntryMaxRetries,
        int traceDbCapacity,
        Duration scanAllRequestGap,
        boolean cleanOutdatedEndpoint) {

    static final String IP_ENABLED = "SPIDERPOOL_GC_IP_ENABLED";
    static final String ON_READY_NODE = "SPIDERPOOL_GC_STATELESS_TERMINATING_POD_ON_READY_NODE_ENABLED";
    static final String ON_NOT_READY_NODE = "SPIDERPOOL_GC_STATELESS_TERMINATING_POD_ON_NOT_READY_NODE_ENABLED";
    static final String GRACE_DELAY = "SPIDERPOOL_GC_ADDITIONAL_GRACE_DELAY";
    static final String INTERVAL = "SPIDERPOOL_GC_DEFAULT_INTERVAL_DURATION";
    static final String TRACE_GAP = "SPIDERPOOL_GC_TRACE_POD_GAP_DURATION";
    static final String STATELESS_RUNNING = "SPIDERPOOL_GC_ENABLE_STATELESS_RUNNING_POD_ON_EMPTY_POD_STATUS_IPS";
    static final String WORKERS = "SPIDERPOOL_GC_IP_WORKER_NUM";
    static final String MAX_RETRIES = "SPIDERPOOL_GC_PODENTRY_MAX_RETRIES";
    static final String DB_CAP = "SPIDERPOOL_GC_MAX_PODENTRY_DB_CAP";
    static final String REQUEST_GAP = "SPIDERPOOL_GC_HTTP_REQUEST_TIME_GAP";

    public GcSettings {
        requireNotNegative(GRACE_DELAY, additionalGraceDelay);
        requirePositive(INTERVAL, scanAllInterval);
        requirePositive(TRACE_GAP, traceScanGap);
        requireNotNegative(REQUEST_GAP, scanAllRequestGap);
        requireAtLeast(WORKERS, traceWorkers, 1);
        requireAtLeast(MAX_RETRIES, traceEntryMaxRetries, 0);
        requireAtLeast(DB_CAP, traceDbCapacity, 1);
    }

    /** Upstream's defaults. */
    public static GcSettings defaults() {
        return new GcSettings(true, true, true, Duration.ZERO, Duration.ofSeconds(600), Duration.ofSeconds(5),
                false, 3, 5, 100_000, Duration.ofSeconds(1), false);
    }

    public GcSettings withCleanOutdatedEndpoint(boolean clean) {
        return new GcSettings(gcIpEnabled, gcTerminatingPodOnReadyNode, gcTerminatingPodOnNotReadyNode,
                additionalGraceDelay, scanAllInterval, traceScanGap, gcStatelessRunningPodWithoutPodIps, traceWorkers,
                traceEntryMaxRetries, traceDbCapacity, scanAllRequestGap, clean);
    }

    public GcSettings withNodeGates(boolean onReadyNode, boolean onNotReadyNode) {
        return new GcSettings(gcIpEnabled, onReadyNode, onNotReadyNode, additionalGraceDelay, scanAllInterval,
                traceScanGap, gcStatelessRunningPodWithoutPodIps, traceWorkers, traceEntryMaxRetries, traceDbCapacity,
                scanAllRequestGap, cleanOutdatedEndpoint);
    }

    public GcSettings withAdditionalGraceDelay(Duration delay) {
        return new GcSettings(gcIpEnabled, gcTerminatingPodOnReadyNode, gcTerminatingPodOnNotReadyNode, delay,
                scanAllInterval, traceScanGap, gcStatelessRunningPodWithoutPodIps, traceWorkers, traceEntryMaxRetries,
                traceDbCapacity, scanAllRequestGap, cleanOutdatedEndpoint);
    }

    public GcSettings withStatelessRunningPodWithoutPodIps(boolean gc) {
        return new GcSettings(gcIpEnabled, gcTerminatingPodOnReadyNode, gcTerminatingPodOnNotReadyNode,
                additionalGraceDelay, scanAllInterval, traceScanGap, gc, traceWorkers, traceEntryMaxRetries,
                traceDbCapacity, scanAllRequestGap, cleanOutdatedEndpoint);
    }

    /**
     * Whether a terminating or finished pod's addresses may be freed once its grace period is over,
     * given its node. A node we cannot see closes the gate: upstream skips such a pod too, and the
     * pod GC of Kubernetes deletes pods of a deleted node, after which the pod-gone rule frees them.
     */
    public boolean allowsGcOn(NodeReadiness node) {
        return switch (node) {
            case READY -> gcTerminatingPodOnReadyNode;
            case NOT_READY -> gcTerminatingPodOnNotReadyNode;
            case UNKNOWN -> false;
        };
    }

    /** Why {@link #allowsGcOn} said no, for a verdict's reason. */
    String closedGateReason(NodeReadiness node) {
        return switch (node) {
            case READY -> "its node is Ready and " + ON_READY_NODE + "=false";
            case NOT_READY -> "its node is NotReady and " + ON_NOT_READY_NODE + "=false";
            case UNKNOWN -> "its node cannot be read, so nobody can tell whether it still runs there";
        };
    }

    private static void requireNotNegative(String env, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(env + " must not be negative, got " + d + "; for example \"0s\"");
        }
    }

    private static void requirePositive(String env, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(env + " must be positive, got " + d + "; for example \"5s\"");
        }
    }

    private static void requireAtLeast(String env, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(env + " must be at least " + min + ", got " + value
                    + "; for example \"" + Math.max(min, 3) + "\"");
        }
    }
}
