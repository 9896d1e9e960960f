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
            return of(ep.getStatus().ownerControllerType(), ep.getStatus().ownerControllerName(),
                    ep.getMetadata().getNamespace(), ep.getMetadata().getName(), conf, owners);
        }
        return pod.flatMap(p -> controllerOf(p).flatMap(ref -> of(ref.getKind(), ref.getName(),
                p.getMetadata().getNamespace(), p.getMetadata().getName(), conf, owners)));
    }

    /** From the SpiderEndpoint alone (CNI DEL of a pod already gone). */
    public static Optional<Validity> of(SpiderEndpoint endpoint, SpiderpoolConf conf, Owners owners) {
        return of(Optional.empty(), Optional.of(endpoint), conf, owners);
    }

    private static Optional<Validity> of(String ownerKind, String ownerName, String namespace, String name,
                                         SpiderpoolConf conf, Owners owners) {
        if ("StatefulSet".equals(ownerKind) && conf.enableStatefulSet()) {
            return Optional.of(StatefulSetValidity.of(name, owners.statefulSet(namespace, ownerName)));
        }
        if ("VirtualMachineInstance".equals(ownerKind) && conf.enableKubevirtStaticIP()) {
            // the endpoint (and the addresses) carry the VMI's name, which is the VM's too
            String vmi = ownerName == null ? name : ownerName;
            return Optional.of(KubevirtValidity.of(owners.kubevirt("VirtualMachineInstance", namespace, vmi).map(KubevirtValidity.Vmi::from),
                    owners.kubevirt("VirtualMachine", namespace, vmi).map(KubevirtValidity.Vm::from)));
        }
        return Optional.empty();
    }

    private static Optional<OwnerReference> controllerOf(Pod pod) {
        return pod.getMetadata().getOwnerReferences() == null ? Optional.empty()
                : pod.getMetadata().getOwnerReferences().stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
    }
}
