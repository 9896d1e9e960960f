package io.spidernet.spiderpool.core.gc;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import java.util.List;
import java.util.Optional;

/** The state of a pod's node as the GC's node gates see it. */
public enum NodeReadiness {
    /** The node's Ready condition is True. */
    READY,
    /**
     * The Ready condition is False or Unknown, or missing: a node whose kubelet stopped reporting
     * (powered off, partitioned) shows Unknown, and that is the case the NotReady gate is for.
     */
    NOT_READY,
    /** The node object is not there (deleted, not in the cache yet) or the pod names none. */
    UNKNOWN;

    /** @param node the pod's node, empty when it cannot be read */
    public static NodeReadiness of(Optional<Node> node) {
        if (node.isEmpty()) {
            return UNKNOWN;
        }
        List<NodeCondition> conditions = node.get().getStatus() == null ? null : node.get().getStatus().getConditions();
        if (conditions == null) {
            return NOT_READY;
        }
        return conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
                ? READY : NOT_READY;
    }
}
