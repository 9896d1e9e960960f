package io.spidernet.spiderpool.core.gc;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** The few things the GC reads off a pod, null-safe, and its timestamps parsed. */
record PodState(Pod pod) {

    String key() {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    String uid() {
        String uid = pod.getMetadata().getUid();
        return uid == null ? "" : uid;
    }

    /** {@code Pending}, {@code Running}, {@code Succeeded}, {@code Failed}, {@code Unknown} or "" when unset. */
    String phase() {
        PodStatus status = pod.getStatus();
        return status == null || status.getPhase() == null ? "" : status.getPhase();
    }

    boolean finished() {
        return "Succeeded".equals(phase()) || "Failed".equals(phase());
    }

    boolean terminating() {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    boolean hostNetwork() {
        return pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
    }

    /** The kubelet still reports addresses: the sandbox's network is up (or was not torn down yet). */
    boolean hasPodIps() {
        PodStatus status = pod.getStatus();
        if (status == null) {
            return false;
        }
        boolean listed = status.getPodIPs() != null && status.getPodIPs().stream()
                .anyMatch(ip -> ip.getIp() != null && !ip.getIp().isBlank());
        return listed || (status.getPodIP() != null && !status.getPodIP().isBlank());
    }

    Instant deletionTimestamp() {
        return parse(pod.getMetadata().getDeletionTimestamp(), "metadata.deletionTimestamp");
    }

    /** The API server sets it with the deletionTimestamp; a pod read without it had no grace period. */
    long deletionGraceSeconds() {
        Long s = pod.getMetadata().getDeletionGracePeriodSeconds();
        return s == null ? 0 : Math.max(0, s);
    }

    /** The API server defaults it to 30 s; a pod read before defaulting is judged like the stored one. */
    long terminationGraceSeconds() {
        Long s = pod.getSpec() == null ? null : pod.getSpec().getTerminationGracePeriodSeconds();
        return s == null ? 30 : Math.max(0, s);
    }

    /** When the last container stopped, empty when no container reports a finish time. */
    Optional<Instant> lastContainerFinish() {
        PodStatus status = pod.getStatus();
        List<ContainerStatus> containers = status == null ? null : status.getContainerStatuses();
        if (containers == null) {
            return Optional.empty();
        }
        return containers.stream()
                .filter(c -> c.getState() != null && c.getState().getTerminated() != null)
                .map(c -> c.getState().getTerminated().getFinishedAt())
                .filter(t -> t != null && !t.isBlank())
                .map(t -> parse(t, "status.containerStatuses[].state.terminated.finishedAt"))
                .max(Instant::compareTo);
    }

    private Instant parse(String timestamp, String field) {
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("pod " + key() + " has " + field + " \"" + timestamp
                    + "\", not an RFC 3339 time such as 2026-01-01T00:00:00Z", e);
        }
    }
}
