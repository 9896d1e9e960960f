package io.spidernet.spiderpool.core.workload;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;

/**
 * Whether a pod can still use its addresses. ADD refuses a dead pod (nothing will run in it) and DEL
 * keeps the addresses of a live one (the runtime is only re-creating the sandbox), so both ask this
 * one question; GC asks it too.
 */
public sealed interface PodLiveness {

    /** The pod may still run containers; its addresses stay. */
    record Alive() implements PodLiveness {}

    /** The pod will never run again; {@code reason} says which rule decided it, for logs and events. */
    record Dead(String reason) implements PodLiveness {}

    default boolean alive() {
        return this instanceof Alive;
    }

    /**
     * Applies upstream's rules in their order. A missing restartPolicy means {@code Always}, the API
     * server's default, so a pod read before defaulting is judged like the stored one.
     */
    static PodLiveness of(Pod pod) {
        if (pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() != null) {
            return new Dead("deletionTimestamp is set");
        }
        PodStatus status = pod.getStatus();
        String phase = status == null ? null : status.getPhase();
        String restartPolicy = restartPolicy(pod.getSpec());
        if ("Succeeded".equals(phase) && !"Always".equals(restartPolicy)) {
            // a finished pod that will not be restarted keeps nothing running
            return new Dead("phase Succeeded with restartPolicy " + restartPolicy);
        }
        if ("Failed".equals(phase) && "Never".equals(restartPolicy)) {
            return new Dead("phase Failed with restartPolicy Never");
        }
        if ("Failed".equals(phase) && "Evicted".equals(status.getReason())) {
            // the kubelet never restarts an evicted pod, whatever its restartPolicy
            return new Dead("phase Failed with reason Evicted");
        }
        return new Alive();
    }

    private static String restartPolicy(PodSpec spec) {
        return spec == null || spec.getRestartPolicy() == null ? "Always" : spec.getRestartPolicy();
    }
}
