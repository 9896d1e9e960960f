package io.spidernet.spiderpool.kube;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.spidernet.spiderpool.kube.EndpointAttachments.NicAttachment;
import io.spidernet.spiderpool.core.allocation.RetryPolicy;
import io.spidernet.spiderpool.core.model.EndpointStatus;
import io.spidernet.spiderpool.core.model.IPAllocationDetail;
import io.spidernet.spiderpool.core.model.PodIPAllocation;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import io.spidernet.spiderpool.core.selection.PodFacts.TopController;
import io.spidernet.spiderpool.core.workload.EndpointNics;
import io.spidernet.spiderpool.core.workload.WorkloadIdentity;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SpiderEndpoint records: which pod (by UID) holds which addresses, one entry per NIC. The record has
 * no status subresource, so every write is a PUT of the whole object carrying the {@code resourceVersion}
 * it was read at; a 409 means another writer got there first, and the step is redone from a fresh
 * read, a bounded number of times.
 */
public final class KubernetesEndpointStore {
    /** Attempts of one read-modify-write before giving up; each lost race costs one. */
    static final int MAX_ATTEMPTS = 5;

    private final KubernetesClient client;
    private final RetryPolicy retry;
    private final AtomicLong conflicts = new AtomicLong();

    /** Redoes a lost race at once, {@value #MAX_ATTEMPTS} attempts in all: the record is this pod's, rarely contended. */
    public KubernetesEndpointStore(KubernetesClient client) {
        this(client, RetryPolicy.immediate(MAX_ATTEMPTS));
    }

    public KubernetesEndpointStore(KubernetesClient client, RetryPolicy retry) {
        this.client = client;
        this.retry = retry;
    }

    public Optional<SpiderEndpoint> get(String namespace, String name) {
        try {
            return Optional.ofNullable(client.resources(SpiderEndpoint.class).inNamespace(namespace).withName(name).get());
        } catch (KubernetesClientException e) {
            throw new KubernetesStoreException("cannot read SpiderEndpoint " + namespace + "/" + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records that {@code pod} holds the addresses of {@code nics} and returns the record as written.
     * <ul>
     *   <li>No record: create it, owned by the pod only when {@link WorkloadIdentity#endpointOwnedByPod()}.</li>
     *   <li>Record of this pod's UID: add the NICs it does not list yet (a later CNI ADD of another NIC) and
     *       replace listed NICs given anew (a StatefulSet or KubeVirt NIC that moved pools, or a NIC whose
     *       addresses its pools no longer hold for the pod).</li>
     *   <li>Record of another UID, stateless pod: it belongs to an older pod of the same name, whose
     *       addresses are not ours; it is replaced by a new record.</li>
     *   <li>Record of another UID, StatefulSet or KubeVirt: the addresses follow the slot or the VM, so the
     *       record is kept and now names this pod's UID and node; the given NICs replace entries of the same
     *       name and the rest are appended.</li>
     * </ul>
     */
    public SpiderEndpoint record(Pod pod, WorkloadIdentity identity, TopController owner, String node,
                                 List<IPAllocationDetail> nics) {
        return record(pod, identity, owner, node, nics, null);
    }

    /**
     * As {@link #record(Pod, WorkloadIdentity, TopController, String, List)}, with the record as a cache
     * holds it (empty: the cache has none) standing in for the first read. A stale copy costs a 409 and
     * a real read; a fresh one saves the read on every ADD.
     */
    public SpiderEndpoint record(Pod pod, WorkloadIdentity identity, TopController owner, String node,
                                 List<IPAllocationDetail> nics, Optional<SpiderEndpoint> cached) {
        return record(pod, identity, owner, node, nics, cached, Map.of());
    }

    /**
     * As {@link #record(Pod, WorkloadIdentity, TopController, String, List, Optional)}, also recording
     * which CNI attachment each of {@code attachments}' NICs came from ({@link EndpointAttachments}).
     */
    public SpiderEndpoint record(Pod pod, WorkloadIdentity identity, TopController owner, String node,
                                 List<IPAllocationDetail> nics, Optional<SpiderEndpoint> cached,
                                 Map<String, NicAttachment> attachments) {
        String namespace = pod.getMetadata().getNamespace();
        String name = identity.endpointName();
        String uid = pod.getMetadata().getUid();
        KubernetesClientException lastConflict = null;
        for (int attempt = 0; attempt < retry.maxAttempts(); attempt++) {
            retry.pause(attempt);
            Optional<SpiderEndpoint> existing = attempt == 0 && cached != null ? cached.map(this::copy)
                    : get(namespace, name);
            try {
                if (existing.isEmpty()) {
                    return client.resource(fresh(pod, identity, owner, node, nics, attachments)).create();
                }
                SpiderEndpoint ep = existing.get();
                PodIPAllocation current = ep.getStatus() == null ? null : ep.getStatus().current();
                if (current != null && uid.equals(current.uid())) {
                    // a NIC given again replaces its entry: a fixed-address NIC moved pools, or a stateless NIC's
                    // addresses were lost from its pools (a write that timed out but landed, then given back), and
                    // the node flow allocated anew; keeping the entry would answer another pod's address
                    List<IPAllocationDetail> have = current.ips() == null ? List.of() : current.ips();
                    List<IPAllocationDetail> merged = EndpointNics.replaceOrAppend(have, nics);
                    boolean annotated = EndpointAttachments.put(ep, EndpointAttachments.merged(ep, newOnly(have, merged,
                            EndpointAttachments.of(ep), attachments)));
                    if (merged.equals(have) && !annotated) {
                        return ep;
                    }
                    ep.setStatus(new EndpointStatus(new PodIPAllocation(uid, current.node(), merged),
                            ep.getStatus().ownerControllerType(), ep.getStatus().ownerControllerName()));
                    return client.resource(ep).update();
                }
                if (identity instanceof WorkloadIdentity.Stateless) {
                    // an older pod's record: release it (finalizer off, at the version read) and start anew;
                    // should it change meanwhile, the create below gets a 409 and the loop reads again
                    delete(dropFinalizer(ep).orElse(ep));
                    return client.resource(fresh(pod, identity, owner, node, nics, attachments)).create();
                }
                List<IPAllocationDetail> ips = EndpointNics.replaceOrAppend(current == null ? List.of() : current.ips(), nics);
                EndpointAttachments.put(ep, EndpointAttachments.merged(ep, attachments));
                ep.setStatus(new EndpointStatus(new PodIPAllocation(uid, node, ips),
                        owner.kind(), owner.name()));
                return client.resource(ep).update();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                    throw new KubernetesStoreException("cannot record SpiderEndpoint " + namespace + "/" + name
                            + ": " + e.getMessage(), e);
                }
                // 409: changed (or created) since read; 404: deleted since read. Either way, read again.
                conflicts.incrementAndGet();
                lastConflict = e;
            }
        }
        throw new KubernetesStoreException("SpiderEndpoint " + namespace + "/" + name + " kept changing: gave up after "
                + retry.maxAttempts() + " attempts", lastConflict);
    }

    /** Takes the {@code spiderpool.spidernet.io} finalizer off the record; nothing to do if it or the finalizer is gone. */
    public void removeFinalizer(String namespace, String name) {
        removeFinalizer(namespace, name, null);
    }

    /**
     * As {@link #removeFinalizer(String, String)}, with the record as a cache holds it standing in for the
     * first read.
     *
     * @return the record as written, empty when nothing was written (no finalizer, or no record)
     */
    public Optional<SpiderEndpoint> removeFinalizer(String namespace, String name, SpiderEndpoint cached) {
        KubernetesClientException lastConflict = null;
        for (int attempt = 0; attempt < retry.maxAttempts(); attempt++) {
            retry.pause(attempt);
            Optional<SpiderEndpoint> existing = attempt == 0 && cached != null ? Optional.of(copy(cached)) : get(namespace, name);
            if (existing.isEmpty()) {
                return Optional.empty();
            }
            if (cached != null && !Objects.equals(podUid(existing.get()), podUid(cached))) {
                return Optional.empty(); // rewritten for another pod of that name since: its finalizer is not ours to drop
            }
            try {
                return dropFinalizer(existing.get());
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    return Optional.empty();
                }
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw new KubernetesStoreException("cannot remove the finalizer of SpiderEndpoint " + namespace
                            + "/" + name + ": " + e.getMessage(), e);
                }
                conflicts.incrementAndGet();
                lastConflict = e;
            }
        }
        throw new KubernetesStoreException("SpiderEndpoint " + namespace + "/" + name + " kept changing: gave up after "
                + retry.maxAttempts() + " attempts", lastConflict);
    }

    /**
     * Deletes the record as {@code judged}, and only that: the DELETE carries judged's resourceVersion as
     * a precondition, so a record another agent rewrote meanwhile (a new pod of the same name) is not
     * taken. On a 409 the record is read again: gone, or now another pod's (or another object), it is
     * left alone; still this pod's but changed otherwise, it is deleted at its new version, a bounded
     * number of times. Its finalizer, if any, still holds it.
     *
     * @return whether the record of judged's pod is gone (false: it now belongs to another pod)
     */
    public boolean delete(SpiderEndpoint judged) {
        String namespace = judged.getMetadata().getNamespace();
        String name = judged.getMetadata().getName();
        SpiderEndpoint target = judged;
        KubernetesClientException lastConflict = null;
        for (int attempt = 0; attempt < retry.maxAttempts(); attempt++) {
            retry.pause(attempt);
            try {
                client.resource(target).lockResourceVersion(target.getMetadata().getResourceVersion()).delete();
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    return true;
                }
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw new KubernetesStoreException("cannot delete SpiderEndpoint " + namespace + "/" + name + ": "
                            + e.getMessage(), e);
                }
                conflicts.incrementAndGet();
                lastConflict = e;
            }
            Optional<SpiderEndpoint> now = get(namespace, name);
            if (now.isEmpty()) {
                return true;
            }
            if (!Objects.equals(now.get().getMetadata().getUid(), judged.getMetadata().getUid())
                    || !Objects.equals(podUid(now.get()), podUid(judged))) {
                return false;
            }
            target = now.get();
        }
        throw new KubernetesStoreException("SpiderEndpoint " + namespace + "/" + name + " kept changing: gave up deleting it"
                + " after " + retry.maxAttempts() + " attempts", lastConflict);
    }

    private static String podUid(SpiderEndpoint ep) {
        return ep.getStatus() == null || ep.getStatus().current() == null ? null : ep.getStatus().current().uid();
    }

    /** A copy to change: the cache's objects are shared with every reader. */
    private SpiderEndpoint copy(SpiderEndpoint ep) {
        return client.getKubernetesSerialization().clone(ep);
    }

    /** Writes that the API server refused because the record changed or vanished since it was read. */
    public long conflicts() {
        return conflicts.get();
    }

    /** PUT of {@code ep} without the finalizer, at the version it was read; no write when it has none. */
    private Optional<SpiderEndpoint> dropFinalizer(SpiderEndpoint ep) {
        List<String> finalizers = ep.getMetadata().getFinalizers();
        if (finalizers == null || !finalizers.contains(SpiderpoolGroup.FINALIZER)) {
            return Optional.empty();
        }
        List<String> rest = new ArrayList<>(finalizers);
        rest.remove(SpiderpoolGroup.FINALIZER);
        ep.getMetadata().setFinalizers(rest);
        return Optional.ofNullable(client.resource(ep).update());
    }

    /**
     * The attachments to record: of NICs this write adds or replaces, and of NICs listed without one
     * (allocated on behalf of a later ADD, which now names its attachment). A NIC listed with its
     * attachment keeps it, as its addresses are that ADD's.
     */
    private static Map<String, NicAttachment> newOnly(List<IPAllocationDetail> have, List<IPAllocationDetail> merged,
                                                      Map<String, NicAttachment> recorded,
                                                      Map<String, NicAttachment> attachments) {
        Map<String, NicAttachment> out = new HashMap<>();
        attachments.forEach((nic, a) -> {
            Optional<IPAllocationDetail> before = have.stream().filter(d -> nic.equals(d.nic())).findFirst();
            Optional<IPAllocationDetail> after = merged.stream().filter(d -> nic.equals(d.nic())).findFirst();
            if (before.isEmpty() || !before.equals(after) || !recorded.containsKey(nic)) {
                out.put(nic, a);
            }
        });
        return out;
    }

    /**
     * Rewrites {@code judged} without the entries (and attachments) of {@code nics}, at the version it
     * was read: CNI GC drops NICs of one network and keeps the others. A 409 or 404 is the record
     * changing under GC; it is reported as empty and nothing is retried (the next GC looks again).
     */
    public Optional<SpiderEndpoint> withoutNics(SpiderEndpoint judged, Set<String> nics) {
        SpiderEndpoint ep = copy(judged);
        PodIPAllocation current = ep.getStatus().current();
        List<IPAllocationDetail> rest = current.ips().stream().filter(d -> !nics.contains(d.nic())).toList();
        EndpointAttachments.put(ep, EndpointAttachments.without(ep, nics));
        ep.setStatus(new EndpointStatus(new PodIPAllocation(current.uid(), current.node(), rest),
                ep.getStatus().ownerControllerType(), ep.getStatus().ownerControllerName()));
        try {
            return Optional.of(client.resource(ep).update());
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT || e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                conflicts.incrementAndGet();
                return Optional.empty();
            }
            throw new KubernetesStoreException("cannot rewrite SpiderEndpoint " + judged.getMetadata().getNamespace() + "/"
                    + judged.getMetadata().getName() + " without NICs " + nics + ": " + e.getMessage(), e);
        }
    }

    private static SpiderEndpoint fresh(Pod pod, WorkloadIdentity identity, TopController owner, String node,
                                        List<IPAllocationDetail> nics, Map<String, NicAttachment> attachments) {
        ObjectMeta podMeta = pod.getMetadata();
        ObjectMetaBuilder meta = new ObjectMetaBuilder()
                .withNamespace(podMeta.getNamespace())
                .withName(identity.endpointName())
                .withFinalizers(SpiderpoolGroup.FINALIZER);
        if (identity.endpointOwnedByPod()) {
            meta.withOwnerReferences(podOwner(pod));
        }
        SpiderEndpoint ep = new SpiderEndpoint();
        ep.setMetadata(meta.build());
        EndpointAttachments.put(ep, attachments);
        ep.setStatus(new EndpointStatus(new PodIPAllocation(podMeta.getUid(), node, List.copyOf(nics)),
                owner.kind(), owner.name()));
        return ep;
    }

    /**
     * The pod as a non-controlling owner. {@code blockOwnerDeletion} is set as a controller-runtime
     * {@code SetOwnerReference} sets it: a foreground deletion of the pod then waits for the record.
     */
    private static OwnerReference podOwner(Pod pod) {
        return new OwnerReferenceBuilder()
                .withApiVersion("v1")
                .withKind("Pod")
                .withName(pod.getMetadata().getName())
                .withUid(pod.getMetadata().getUid())
                .withController(false)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
