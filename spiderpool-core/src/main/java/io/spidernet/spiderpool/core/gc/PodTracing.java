package io.spidernet.spiderpool.core.gc;

import io.fabric8.kubernetes.api.model.Pod;
import io.spidernet.spiderpool.core.gc.TraceEntry.Cause;
import io.spidernet.spiderpool.core.workload.Validity;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns a pod event into a trace entry: the moment its addresses may be freed, so that they go soon
 * after the pod does instead of at the next scan-all. No entry means nothing to trace: the pod keeps
 * running, uses the host's network, or holds a StatefulSet replica slot or KubeVirt VM that outlives it.
 */
public final class PodTracing {
    private PodTracing() {}

    /**
     * @param fixedSlot as in {@link ScanFacts#fixedSlot()}: empty for a stateless pod
     * @param node      readiness of the pod's node; gates terminating and finished pods
     */
    public static Optional<TraceEntry> entryFor(PodEvent event, Optional<Validity> fixedSlot, NodeReadiness node,
                                                GcSettings settings, Instant now) {
        PodState pod = new PodState(event.pod());
        if (!settings.gcIpEnabled() || pod.hostNetwork() || fixedSlot.map(Validity::valid).orElse(false)) {
            return Optional.empty();
        }
        if (event instanceof PodEvent.Deleted) {
            return Optional.of(entry(event.pod(), Cause.DELETED, GraceDeadlines.deleted(now, settings),
                    "pod " + pod.key() + " was deleted"));
        }
        if (!pod.terminating() && !pod.finished()) {
            return Optional.empty(); // Pending, Running, Unknown: still (or maybe) in use
        }
        if (!settings.allowsGcOn(node)) {
            return Optional.empty();
        }
        if (pod.terminating()) {
            return Optional.of(entry(event.pod(), Cause.TERMINATING, GraceDeadlines.terminating(pod, settings),
                    "pod " + pod.key() + " is terminating"));
        }
        return Optional.of(entry(event.pod(), Cause.FINISHED, GraceDeadlines.finished(pod, now, settings),
                "pod " + pod.key() + " has phase " + pod.phase()));
    }

    private static TraceEntry entry(Pod pod, Cause cause, Instant stopAt, String why) {
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        String uid = pod.getMetadata().getUid() == null ? "" : pod.getMetadata().getUid();
        return new TraceEntry(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), uid, node, cause, stopAt,
                why + "; its addresses may be freed after " + stopAt);
    }
}
