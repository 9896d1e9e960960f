package io.spidernet.spiderpool.core.workload;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.spidernet.spiderpool.core.selection.PodFacts.TopController;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds the workload a pod belongs to, as the user sees it: a Deployment rather than the ReplicaSet
 * it rolls, a CronJob rather than the Job it spawned. Pool selection by application, auto-pools and
 * the StatefulSet/KubeVirt identity all key on this.
 *
 * <p>Only two owners are walked up, and only one level, because only those two built-in chains
 * hide the user's object. Every other controller owner — built-in kinds kept as-is, and owners from
 * other API groups (KubeVirt's VirtualMachineInstance, operators' CRs) — is returned as the direct
 * owner; we cannot know how a third-party chain continues, and its direct owner is stable enough.
 */
public final class TopControllers {

    /** API versions whose kinds we know; anything else is a third-party controller. */
    private static final Set<String> BUILT_IN = Set.of("v1", "apps/v1", "batch/v1");

    private TopControllers() {}

    /**
     * @param ownerOf returns the controller ownerReference of the given owner (an object in the
     *                pod's namespace), empty when it has none or is gone. The caller fetches; this
     *                class does no I/O. It is asked only about an {@code apps/v1 ReplicaSet} or a
     *                {@code batch/v1 Job}.
     */
    public static TopController resolve(Pod pod, Function<OwnerReference, Optional<OwnerReference>> ownerOf) {
        ObjectMeta meta = pod.getMetadata();
        Optional<OwnerReference> direct = controllerOf(meta);
        if (direct.isEmpty()) {
            return new TopController("", "v1", "Pod", meta.getNamespace(), meta.getName(), meta.getUid());
        }
        OwnerReference owner = direct.get();
        OwnerReference top = walkUp(owner, "apps/v1", "ReplicaSet", "Deployment", ownerOf)
                .or(() -> walkUp(owner, "batch/v1", "Job", "CronJob", ownerOf))
                .orElse(owner);
        return of(top, meta.getNamespace());
    }

    /**
     * The controller ownerReference of {@code owner}, the object fetched for {@code ref}; empty when it
     * is gone, is another object of that name (a different UID), or has no controller. The one answer
     * {@link #resolve}'s lookup needs, whoever fetches the owner.
     */
    public static Optional<OwnerReference> controllerOf(OwnerReference ref, Optional<? extends HasMetadata> owner) {
        return owner.filter(o -> ref.getUid() == null || ref.getUid().equals(o.getMetadata().getUid()))
                .flatMap(o -> controllerOf(o.getMetadata()));
    }

    /** True when the controller's API version is none of the built-in ones we resolve. */
    public static boolean isThirdParty(TopController controller) {
        return !BUILT_IN.contains(controller.apiVersion());
    }

    /** The pod's managing owner (controller: true); other owner references do not run the pod. */
    static Optional<OwnerReference> controllerOf(ObjectMeta meta) {
        if (meta == null || meta.getOwnerReferences() == null) {
            return Optional.empty();
        }
        return meta.getOwnerReferences().stream()
                .filter(ref -> Boolean.TRUE.equals(ref.getController()))
                .findFirst();
    }

    private static Optional<OwnerReference> walkUp(OwnerReference owner, String apiVersion, String kind,
                                                   String parentKind,
                                                   Function<OwnerReference, Optional<OwnerReference>> ownerOf) {
        if (!apiVersion.equals(owner.getApiVersion()) || !kind.equals(owner.getKind())) {
            return Optional.empty();
        }
        // a ReplicaSet without a Deployment (or owned by something else) stays the top itself
        return ownerOf.apply(owner)
                .filter(parent -> apiVersion.equals(parent.getApiVersion()) && parentKind.equals(parent.getKind()));
    }

    private static TopController of(OwnerReference ref, String namespace) {
        String apiVersion = ref.getApiVersion();
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        return new TopController(group, apiVersion, ref.getKind(), namespace, ref.getName(), ref.getUid());
    }
}
