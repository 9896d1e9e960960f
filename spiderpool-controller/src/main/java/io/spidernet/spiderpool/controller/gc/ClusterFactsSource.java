package io.spidernet.spiderpool.controller.gc;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.gc.NodeReadiness;
import io.spidernet.spiderpool.core.gc.ScanFacts;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.workload.FixedSlots;
import io.spidernet.spiderpool.core.workload.Validity;
import java.util.Optional;

/**
 * The cluster as the garbage collector reads it: from informer caches while scanning, from the API
 * before it frees anything (a cache that has not yet seen a new pod must never cost that pod its
 * address).
 */
interface ClusterFactsSource extends FixedSlots.Owners {

    Optional<Pod> pod(String namespace, String name);

    Optional<SpiderEndpoint> endpoint(String namespace, String name);

    Optional<Node> node(String name);

    @Override
    Optional<StatefulSet> statefulSet(String namespace, String name);

    @Override
    Optional<GenericKubernetesResource> kubevirt(String kind, String namespace, String name);

    /** Everything core's scan-all rules need about the holder {@code namespace/name}. */
    default ScanFacts scanFacts(String namespace, String name, SpiderpoolConf conf) {
        Optional<Pod> pod = pod(namespace, name);
        Optional<SpiderEndpoint> endpoint = endpoint(namespace, name);
        return new ScanFacts(pod, endpoint, fixedSlot(pod, endpoint, conf), readinessOf(pod));
    }

    default Optional<Validity> fixedSlot(Optional<Pod> pod, Optional<SpiderEndpoint> endpoint, SpiderpoolConf conf) {
        return FixedSlots.of(pod, endpoint, conf, this);
    }

    default NodeReadiness readinessOf(Optional<Pod> pod) {
        return NodeReadiness.of(pod.map(p -> p.getSpec() == null ? null : p.getSpec().getNodeName()).flatMap(this::node));
    }
}
