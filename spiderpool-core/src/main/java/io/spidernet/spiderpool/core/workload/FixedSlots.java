package io.spidernet.spiderpool.core.workload;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import java.util.Optional;

/**
 * Whether a pod's addresses belong to a fixed slot (a StatefulSet replica, a KubeVirt VM) and whether
 * that slot still exists: the question CNI DEL (agent) and garbage collection (controller) both ask.
 * Empty means a stateless pod, or its feature switch is off (then such pods are stateless, as upstream).
 */
public final class FixedSlots {

    /** Reads of the owners; the agent asks the API, the controller its informer caches. */
    public interface Owners {
        Optional<StatefulSet> statefulSet(String namespace, String name);

        /** {@code kind} is {@code VirtualMachineInstance} or {@code VirtualMachine} of {@code kubevirt.io/v1}. */
        Optional<GenericKubernetesResource> kubevirt(String kind, String namespace, String name);
    }

    private FixedSlots() {}

    /**
     * The slot from the SpiderEndpoint's recorded owner, which outlives the pod; without an endpoint,
     * from the pod's controller owner reference.
     */
    public static Optional<Validity> of(Optional<Pod> pod, Optional<SpiderEndpoint> endpoint, SpiderpoolConf conf,
                                        Owners owners) {
        if (endpoint.isPresent() && endpoint.get().getStatus() != null && endpoint.get().getStatus().ownerControllerType() != null) {
            SpiderEndpoint ep = endpoint.get();
            String uid = ep.getStatus().current() == null ? "" : ep.getStatus().current().uid();
            return of(WorkloadIdentity.recorded(ep.getMetadata().getNamespace(), ep.getMetadata().getName(), uid,
                    ep.getStatus().ownerControllerType(), ep.getStatus().ownerControllerName(), conf), owners);
        }
        return pod.flatMap(p -> controllerOf(p).flatMap(ref -> of(WorkloadIdentity.recorded(p.getMetadata().getNamespace(),
                p.getMetadata().getName(), p.getMetadata().getUid(), ref.getKind(), ref.getName(), conf), owners)));
    }

    /** From the SpiderEndpoint alone (CNI DEL of a pod already gone). */
    public static Optional<Validity> of(SpiderEndpoint endpoint, SpiderpoolConf conf, Owners owners) {
        return of(Optional.empty(), Optional.of(endpoint), conf, owners);
    }

    /** Whether {@code identity}'s slot still exists; empty for a stateless pod, which has none. */
    public static Optional<Validity> of(WorkloadIdentity identity, Owners owners) {
        return switch (identity) {
            case WorkloadIdentity.Stateless s -> Optional.empty();
            case WorkloadIdentity.StatefulSetPod s -> Optional.of(StatefulSetValidity.of(s.name(),
                    owners.statefulSet(s.namespace(), s.statefulSetName())));
            case WorkloadIdentity.KubevirtVm v -> Optional.of(KubevirtValidity.of(
                    owners.kubevirt("VirtualMachineInstance", v.namespace(), v.vmiName()).map(KubevirtValidity.Vmi::from),
                    owners.kubevirt("VirtualMachine", v.namespace(), v.vmiName()).map(KubevirtValidity.Vm::from)));
        };
    }

    private static Optional<OwnerReference> controllerOf(Pod pod) {
        return pod.getMetadata().getOwnerReferences() == null ? Optional.empty()
                : pod.getMetadata().getOwnerReferences().stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
    }
}
