package io.spidernet.spiderpool.agent.ipam;

import io.spidernet.spiderpool.core.selection.PodFacts;
import java.util.Map;

/**
 * What selection needs to know about a workload beyond the request: labels, annotations, its
 * namespace's and node's. The local store has no cluster to ask; the Kubernetes store reads caches.
 */
public record PodContext(PodFacts facts, Map<String, String> podAnnotations, Map<String, String> namespaceAnnotations) {

    /** Looks a workload up. */
    @FunctionalInterface
    public interface Source {
        PodContext of(Workload workload);
    }

    /**
     * Without a cluster: no labels, no annotations, the configured node, and the pod is its own
     * top controller, so only pools without pod, namespace or node affinity fit, plus those naming
     * this node.
     */
    public static Source clusterless(String nodeName) {
        return w -> new PodContext(new PodFacts(w.namespace(), w.name(), Map.of(), Map.of(), nodeName, Map.of(),
                new PodFacts.TopController("", "v1", "Pod", w.namespace(), w.name(), w.uid())), Map.of(), Map.of());
    }
}
