package io.spidernet.spiderpool.agent.ipam;

import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.PodIdentity;
import io.spidernet.spiderpool.core.allocation.PodRef;

/**
 * Who a call is about, decided once at the edge. Without Kubernetes (no K8S_POD_* in CNI_ARGS) the
 * container ID stands in for the UID and the name, and the namespace is {@code default}, so every
 * container is its own workload.
 */
public record Workload(String namespace, String name, String uid, String containerId) {
    static final String DEFAULT_NAMESPACE = "default";

    public static Workload of(String containerId, PodIdentity pod) {
        String cid = required(containerId, "container_id (CNI_CONTAINERID)");
        return new Workload(or(pod.getNamespace(), DEFAULT_NAMESPACE), or(pod.getName(), cid), or(pod.getUid(), cid), cid);
    }

    public PodRef ref() {
        return new PodRef(namespace, name, uid);
    }

    public static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new NodeFailure(Failure.Kind.WRONG_INPUT, what + " is required");
        }
        return value;
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public String toString() {
        return namespace + "/" + name + " (uid " + uid + ", container " + containerId + ")";
    }
}
