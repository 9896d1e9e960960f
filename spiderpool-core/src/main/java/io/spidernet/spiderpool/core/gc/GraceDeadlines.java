package io.spidernet.spiderpool.core.gc;

import java.time.Duration;
import java.time.Instant;

/**
 * When a pod's addresses may go: the end of the grace Kubernetes gives it, plus the configured
 * additional delay. The trace GC and the scan-all use the same deadlines, so a pod is never freed
 * earlier by one than the other would.
 */
final class GraceDeadlines {
    private GraceDeadlines() {}

    /** A deleted pod: nothing is left to wait for but the additional delay. */
    static Instant deleted(Instant now, GcSettings settings) {
        return now.plus(settings.additionalGraceDelay());
    }

    /** A terminating pod: deletionTimestamp + deletionGracePeriodSeconds + delay. */
    static Instant terminating(PodState pod, GcSettings settings) {
        return pod.deletionTimestamp().plus(Duration.ofSeconds(pod.deletionGraceSeconds()))
                .plus(settings.additionalGraceDelay());
    }

    /**
     * A Succeeded or Failed pod: its last container's finish + terminationGracePeriodSeconds + delay.
     * Without any finish time the grace counts from {@code now}, so the address is never freed earlier
     * than a full grace period after we first saw the pod finished.
     */
    static Instant finished(PodState pod, Instant now, GcSettings settings) {
        return pod.lastContainerFinish().orElse(now).plus(Duration.ofSeconds(pod.terminationGraceSeconds()))
                .plus(settings.additionalGraceDelay());
    }
}
