package io.spidernet.spiderpool.core.gc;

import java.time.Instant;
import java.util.Objects;

/**
 * A pod on its way out whose addresses the trace GC frees at {@code stopAt} unless something changes
 * first. Keyed by namespace and name in the controller's trace DB; a newer entry replaces an older one.
 */
public record TraceEntry(String namespace, String podName, String podUid, String node, Cause cause,
                         Instant stopAt, String reason) {

    /** Why the pod is traced, which also says where its deadline came from. */
    public enum Cause {
        /** deleted: now + additional delay */
        DELETED,
        /** deletionTimestamp set: deletionTimestamp + deletionGracePeriodSeconds + additional delay */
        TERMINATING,
        /** Succeeded or Failed: last container finish + terminationGracePeriodSeconds + additional delay */
        FINISHED
    }

    public TraceEntry {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(podName, "podName");
        Objects.requireNonNull(podUid, "podUid");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(stopAt, "stopAt");
        Objects.requireNonNull(reason, "reason");
    }

    public String key() {
        return namespace + "/" + podName;
    }

    public boolean expiredAt(Instant now) {
        return now.isAfter(stopAt);
    }
}
