package io.spidernet.spiderpool.core.selection;

import java.util.Map;

/**
 * What selection needs to know about the pod, its namespace and its node, fetched by the adapter
 * before selection runs.
 *
 * @param controller the pod's top controller (Deployment rather than ReplicaSet, CronJob rather
 *                   than Job), or the pod itself when it has none
 */
public record PodFacts(String namespace, String name, Map<String, String> labels,
                       Map<String, String> namespaceLabels, String nodeName, Map<String, String> nodeLabels,
                       TopController controller) {
    public PodFacts {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        namespaceLabels = namespaceLabels == null ? Map.of() : Map.copyOf(namespaceLabels);
        nodeLabels = nodeLabels == null ? Map.of() : Map.copyOf(nodeLabels);
    }

    /**
     * The workload that owns the pod; apiGroup is empty for the core group.
     *
     * @param apiVersion as in an owner reference, group included ({@code apps/v1})
     */
    public record TopController(String apiGroup, String apiVersion, String kind, String namespace, String name,
                                String uid) {
        /** The version alone ({@code v1} of {@code apps/v1}): what the app-version label holds, a label value allows no slash. */
        public String version() {
            return apiVersion.substring(apiVersion.indexOf('/') + 1);
        }
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
