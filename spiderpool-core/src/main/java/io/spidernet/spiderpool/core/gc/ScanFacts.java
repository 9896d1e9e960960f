package io.spidernet.spiderpool.core.gc;

import io.fabric8.kubernetes.api.model.Pod;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.workload.Validity;
import java.util.Objects;
import java.util.Optional;

/**
 * What the controller observed about the holder of one pool record, fetched before the rules run.
 *
 * @param pod       the pod of the record's namespace and name now, empty when there is none
 * @param endpoint  the SpiderEndpoint of that namespace and name, empty when there is none
 * @param fixedSlot empty when the addresses follow the pod (a stateless pod, or StatefulSet/KubeVirt
 *                  support switched off); otherwise whether the StatefulSet replica slot or KubeVirt VM
 *                  still exists ({@code StatefulSetValidity}, {@code KubevirtValidity}). With the pod
 *                  gone, the endpoint's {@code ownerControllerType} tells which one it was (the agent's
 *                  {@code ClusterView.fixedSlotValidity} derives this same value for CNI DEL).
 * @param node      readiness of the pod's node; only read for a terminating or finished pod
 */
public record ScanFacts(Optional<Pod> pod, Optional<SpiderEndpoint> endpoint, Optional<Validity> fixedSlot,
                        NodeReadiness node) {
    public ScanFacts {
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(fixedSlot, "fixedSlot");
        Objects.requireNonNull(node, "node");
    }

    boolean fixedSlotValid() {
        return fixedSlot.map(Validity::valid).orElse(false);
    }

    /** The UID the endpoint's addresses belong to, empty without an endpoint or status. */
    Optional<String> endpointUid() {
        return endpoint.map(SpiderEndpoint::getStatus)
                .flatMap(s -> Optional.ofNullable(s.current()))
                .flatMap(c -> Optional.ofNullable(c.uid()));
    }
}
