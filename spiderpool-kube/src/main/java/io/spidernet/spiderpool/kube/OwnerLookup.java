package io.spidernet.spiderpool.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.spidernet.spiderpool.core.selection.PodFacts.TopController;
import io.spidernet.spiderpool.core.workload.FixedSlots;
import io.spidernet.spiderpool.core.workload.TopControllers;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads the owners core's rules ask about: for {@link TopControllers}, a ReplicaSet's Deployment and
 * a Job's CronJob (giving a pod's top controller); for {@link FixedSlots}, the StatefulSet or KubeVirt
 * VM a fixed address is kept for. The rules are core's; this class only fetches. 404, or a kind not
 * installed, is an owner that is not there ({@link KubeReads}).
 */
public final class OwnerLookup implements FixedSlots.Owners {

    /** Where a ReplicaSet or Job is looked for before the API server (the agent's informers). */
    public interface Cache {
        Optional<ReplicaSet> replicaSet(String namespace, String name);

        Optional<Job> job(String namespace, String name);
    }

    private static final Cache NONE = new Cache() {
        @Override
        public Optional<ReplicaSet> replicaSet(String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<Job> job(String namespace, String name) {
            return Optional.empty();
        }
    };

    /** A read where 404 is absence; what another failure becomes is the caller's choice. */
    @FunctionalInterface
    private interface Read {
        <T> Optional<T> get(Supplier<T> read, String what);
    }

    private final KubernetesClient client;
    private final Cache cache;
    private final Read read;

    private OwnerLookup(KubernetesClient client, Cache cache, Read read) {
        this.client = client;
        this.cache = cache;
        this.read = read;
    }

    /** Owners as the API server has them now; a failed read is thrown as the client threw it. */
    public static OwnerLookup fromApi(KubernetesClient client) {
        return new OwnerLookup(client, NONE, OwnerLookup::asThrown);
    }

    /** This lookup, but a failed read is a {@link KubernetesStoreException} naming the owner it was for. */
    public OwnerLookup namingFailures() {
        return new OwnerLookup(client, cache, KubeReads::orAbsent);
    }

    /**
     * This lookup, but ReplicaSets and Jobs come from {@code cache} first: they rarely change, and the
     * API server is asked only for one the cache has not seen yet (created a moment ago).
     */
    public OwnerLookup cachedFirst(Cache cache) {
        return new OwnerLookup(client, cache, read);
    }

    /** The workload the pod belongs to as the user sees it. */
    public TopController topController(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        return TopControllers.resolve(pod, ref -> TopControllers.controllerOf(ref, owner(ns, ref)));
    }

    @Override
    public Optional<StatefulSet> statefulSet(String namespace, String name) {
        return read.get(() -> client.apps().statefulSets().inNamespace(namespace).withName(name).get(),
                "StatefulSet " + namespace + "/" + name);
    }

    /**
     * Addressed by plural, not looked up by discovery: for a kind that is not installed (KubeVirt removed
     * from the cluster) discovery throws a failure that is not a 404, which would make every DEL and GC
     * of a VM's record fail, while the API server answers the direct GET with 404, which is absence.
     */
    @Override
    public Optional<GenericKubernetesResource> kubevirt(String kind, String namespace, String name) {
        ResourceDefinitionContext context = new ResourceDefinitionContext.Builder().withGroup("kubevirt.io")
                .withVersion("v1").withKind(kind).withPlural(kind.toLowerCase(Locale.ROOT) + "s").withNamespaced(true)
                .build();
        return read.get(() -> client.genericKubernetesResources(context).inNamespace(namespace).withName(name).get(),
                kind + " " + namespace + "/" + name);
    }

    /** The ReplicaSet or Job a pod's owner reference names (the only owners the walk asks about). */
    private Optional<? extends HasMetadata> owner(String ns, OwnerReference ref) {
        String name = ref.getName();
        return switch (ref.getKind()) {
            case "ReplicaSet" -> cache.replicaSet(ns, name).or(() -> read.get(() ->
                    client.apps().replicaSets().inNamespace(ns).withName(name).get(), "ReplicaSet " + ns + "/" + name));
            case "Job" -> cache.job(ns, name).or(() -> read.get(() ->
                    client.batch().v1().jobs().inNamespace(ns).withName(name).get(), "Job " + ns + "/" + name));
            default -> Optional.empty();
        };
    }

    private static <T> Optional<T> asThrown(Supplier<T> read, String what) {
        return KubeReads.orAbsent(read);
    }
}
