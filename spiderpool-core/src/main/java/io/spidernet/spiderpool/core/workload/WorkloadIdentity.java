package io.spidernet.spiderpool.core.workload;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.selection.PodFacts.TopController;
import java.util.OptionalInt;

/**
 * What a pod's addresses belong to, decided once at the edge (ADD, DEL, GC) so that no later step
 * re-derives "is this a StatefulSet pod / a KubeVirt VM" from owner references and switches. Upstream
 * repeats that check inline in many places; here each caller switches on this type instead.
 *
 * <ul>
 *   <li>{@link Stateless}: addresses live and die with this pod (keyed by pod UID).</li>
 *   <li>{@link StatefulSetPod}: addresses follow the replica slot {@code <sts>-<ordinal>} across
 *       re-creations.</li>
 *   <li>{@link KubevirtVm}: addresses follow the VM, across its VMI's pods (restarts, migrations).</li>
 * </ul>
 */
public sealed interface WorkloadIdentity {

    /**
     * An ordinary pod. It carries the pod's name as well as its UID because the endpoint is named
     * after the pod, and the UID alone cannot name it.
     */
    record Stateless(String namespace, String podName, String uid) implements WorkloadIdentity {}

    record StatefulSetPod(String namespace, String name, String statefulSetName, int ordinal)
            implements WorkloadIdentity {}

    record KubevirtVm(String namespace, String vmiName) implements WorkloadIdentity {}

    /**
     * The pod's identity. StatefulSet and KubeVirt identities need their feature switch on; with the
     * switch off such pods are plain stateless pods, as upstream does. A pod owned by a StatefulSet
     * whose name is not {@code <sts>-<n>} cannot hold a replica slot, so it is stateless too.
     */
    static WorkloadIdentity of(Pod pod, TopController top, SpiderpoolConf conf) {
        ObjectMeta meta = pod.getMetadata();
        String namespace = meta.getNamespace();
        if (conf.enableStatefulSet() && is(top, "apps/v1", "StatefulSet")) {
            OptionalInt ordinal = StatefulSetValidity.ordinal(meta.getName(), top.name());
            if (ordinal.isPresent()) {
                return new StatefulSetPod(namespace, meta.getName(), top.name(), ordinal.getAsInt());
            }
        }
        if (conf.enableKubevirtStaticIP() && is(top, "kubevirt.io/v1", "VirtualMachineInstance")) {
            return new KubevirtVm(namespace, top.name());
        }
        return new Stateless(namespace, meta.getName(), meta.getUid());
    }

    /**
     * The identity a record was written for, from the owner it names ({@code ownerKind}, {@code ownerName}),
     * which outlives the pod: a SpiderEndpoint's recorded owner, or a pod's controller reference. The
     * same switches and name rule as {@link #of}; the only place an owner's kind string becomes an identity.
     *
     * @param name the record's name: the pod's, or the VMI's for a VM
     */
    static WorkloadIdentity recorded(String namespace, String name, String uid, String ownerKind, String ownerName,
                                     SpiderpoolConf conf) {
        if (conf.enableStatefulSet() && "StatefulSet".equals(ownerKind) && ownerName != null) {
            OptionalInt ordinal = StatefulSetValidity.ordinal(name, ownerName);
            if (ordinal.isPresent()) {
                return new StatefulSetPod(namespace, name, ownerName, ordinal.getAsInt());
            }
        }
        if (conf.enableKubevirtStaticIP() && "VirtualMachineInstance".equals(ownerKind)) {
            // the record (and the addresses) carry the VMI's name, which is the VM's too
            return new KubevirtVm(namespace, ownerName == null ? name : ownerName);
        }
        return new Stateless(namespace, name, uid);
    }

    /** The SpiderEndpoint's name: the VMI's for a VM (so the record outlives each launcher pod), else the pod's. */
    default String endpointName() {
        return switch (this) {
            case Stateless s -> s.podName();
            case StatefulSetPod s -> s.name();
            case KubevirtVm v -> v.vmiName();
        };
    }

    /**
     * Whether the SpiderEndpoint carries an ownerReference to the pod. Kubernetes then deletes it with
     * the pod; that is right only when the addresses must not outlive the pod.
     */
    default boolean endpointOwnedByPod() {
        return this instanceof Stateless;
    }

    /** Whether addresses are kept across pod re-creation (the "static" reuse path). */
    default boolean keepsAddresses() {
        return !(this instanceof Stateless);
    }

    private static boolean is(TopController top, String apiVersion, String kind) {
        return apiVersion.equals(top.apiVersion()) && kind.equals(top.kind());
    }
}
