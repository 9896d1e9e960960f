package io.spidernet.spiderpool.core.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.spidernet.spiderpool.core.selection.PodFacts;
import io.spidernet.spiderpool.core.selection.PodFacts.TopController;
import java.util.Map;
import java.util.Optional;

/**
 * The facts pool selection needs, read off API objects the same way wherever they come from: the
 * agent's caches at ADD, the controller's reads for an explain-allocation dry run.
 */
public final class ClusterFacts {
    private ClusterFacts() {}

    /**
     * @param namespace   the pod's namespace object, empty when it cannot be read (no labels then)
     * @param node        the pod's node object, likewise
     * @param defaultNode the node to assume for a pod not scheduled yet
     */
    public static PodFacts of(Pod pod, Optional<? extends HasMetadata> namespace, Optional<? extends HasMetadata> node,
                              TopController top, String defaultNode) {
        return new PodFacts(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getLabels(),
                labels(namespace), nodeOf(pod, defaultNode), labels(node), top);
    }

    /** The pod's node, or {@code defaultNode} while it is not scheduled. */
    public static String nodeOf(Pod pod, String defaultNode) {
        return pod.getSpec() != null && pod.getSpec().getNodeName() != null ? pod.getSpec().getNodeName() : defaultNode;
    }

    private static Map<String, String> labels(Optional<? extends HasMetadata> object) {
        return object.map(o -> o.getMetadata().getLabels()).orElse(Map.of());
    }
}
