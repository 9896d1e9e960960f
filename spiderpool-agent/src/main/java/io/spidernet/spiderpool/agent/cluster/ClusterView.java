package io.spidernet.spiderpool.agent.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.spidernet.spiderpool.agent.ipam.NodeFailure;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.kube.KubeReads;
import io.spidernet.spiderpool.kube.OwnerLookup;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.ipam.PodAllocator;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import io.spidernet.spiderpool.core.selection.PodFacts;
import io.spidernet.spiderpool.core.selection.PodFacts.TopController;
import io.spidernet.spiderpool.core.workload.ClusterFacts;
import io.spidernet.spiderpool.core.workload.FixedSlots;
import io.spidernet.spiderpool.core.workload.Validity;
import io.spidernet.spiderpool.core.workload.WorkloadIdentity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the cluster node service reads: the informer caches first, the API server when the cache
 * cannot be trusted for the question (a pod not seen yet, a DEL that must not act on a lagging copy).
 * Turns API objects into the facts core's rules take.
 */
public final class ClusterView implements AutoCloseable {
    private final KubernetesClient client;
    private final ClusterCaches caches;
    private final SpiderpoolConf conf;
    private final String nodeName;
    private final VersionedCopies<SpiderEndpoint> endpointWrites;
    /** Owners as the API server has them now: what a fixed slot's validity is judged on. */
    private final OwnerLookup apiOwners;
    /** Owners from the caches first, the API server for one they have not seen: for the top controller. */
    private final OwnerLookup owners;

    /** A pod's top controller and, from it, what its addresses belong to. */
    public record Owner(TopController top, WorkloadIdentity identity) {}

    public ClusterView(KubernetesClient client, ClusterCaches caches, SpiderpoolConf conf, String nodeName) {
        this.client = client;
        this.caches = caches;
        this.conf = conf;
        this.nodeName = nodeName;
        this.endpointWrites = caches.endpointWrites();
        this.apiOwners = OwnerLookup.fromApi(client).namingFailures();
        this.owners = apiOwners.cachedFirst(caches);
    }

    /**
     * The pod of that name and UID (the caller has refused an empty one). The cache is tried first;
     * the API when the cache has no such pod yet (just scheduled) or an older one of the same name.
     */
    public Optional<Pod> pod(String namespace, String name, String uid) {
        Optional<Pod> cached = caches.pod(namespace, name).filter(p -> uid.equals(p.getMetadata().getUid()));
        if (cached.isPresent()) {
            return cached;
        }
        return podFromApi(namespace, name).filter(p -> uid.equals(p.getMetadata().getUid()));
    }

    /** The node the pod is scheduled to, empty when it is not scheduled yet. */
    public static String nodeOf(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getNodeName() == null ? "" : pod.getSpec().getNodeName();
    }

    /** The pod as the cache has it, with no API call: for answers that must never wait on the API server. */
    public Optional<Pod> cachedPod(String namespace, String name) {
        return caches.pod(namespace, name);
    }

    public Optional<SpiderCoordinator> coordinator(String name) {
        return caches.coordinator(name);
    }

    /** The pod as the API server has it now: DEL decides on this, never on a cache that may lag a deletion. */
    public Optional<Pod> podFromApi(String namespace, String name) {
        return KubeReads.orAbsent(() -> client.pods().inNamespace(namespace).withName(name).get(),
                "Pod " + namespace + "/" + name);
    }

    public Owner owner(Pod pod) {
        TopController top = owners.topController(pod);
        return new Owner(top, WorkloadIdentity.of(pod, top, conf));
    }

    public PodFacts facts(Pod pod, TopController top) {
        return ClusterFacts.of(pod, caches.namespace(pod.getMetadata().getNamespace()),
                caches.node(ClusterFacts.nodeOf(pod, nodeName)), top, nodeName);
    }

    public Map<String, String> namespaceAnnotations(String namespace) {
        return caches.namespace(namespace).map(n -> n.getMetadata().getAnnotations()).filter(a -> a != null).orElse(Map.of());
    }

    public PodAllocator.Snapshot snapshot() {
        return new PodAllocator.Snapshot(caches.pools(), caches.reservedIps());
    }

    /**
     * The record from the cache, or the one this agent wrote last when the cache has not seen it yet;
     * read from the API while the cache is still listing, since a miss then proves nothing.
     */
    public Optional<SpiderEndpoint> endpoint(String namespace, String name) {
        Optional<SpiderEndpoint> known = endpointWrites.newest(namespace + "/" + name, caches.endpoint(namespace, name));
        return known.isPresent() || caches.endpointsListed() ? known : endpointFromApi(namespace, name);
    }

    /**
     * As {@link #endpoint}, but a miss is confirmed with the API: for a StatefulSet replica or a VM a
     * record the cache has not received yet (written on another node a moment ago) holds fixed
     * addresses, and allocating anew would take different ones.
     */
    public Optional<SpiderEndpoint> endpointConfirmed(String namespace, String name) {
        return endpoint(namespace, name).or(() -> caches.endpointsListed() ? endpointFromApi(namespace, name) : Optional.empty());
    }

    private Optional<SpiderEndpoint> endpointFromApi(String namespace, String name) {
        return KubeReads.orAbsent(() -> client.resources(SpiderEndpoint.class).inNamespace(namespace).withName(name).get(),
                "SpiderEndpoint " + namespace + "/" + name);
    }

    /**
     * Every SpiderEndpoint, each the newer of the cache's and this agent's last written copy (a record
     * just written may not have reached the cache); NOT_READY while the cache is still listing, since a
     * partial list would mislead.
     */
    List<SpiderEndpoint> endpoints() {
        if (!caches.endpointsListed()) {
            throw new NodeFailure(Failure.Kind.NOT_READY, "the SpiderEndpoint cache is still listing; retry in a moment");
        }
        Map<String, SpiderEndpoint> cached = new LinkedHashMap<>();
        for (SpiderEndpoint e : caches.endpoints()) {
            cached.put(e.getMetadata().getNamespace() + "/" + e.getMetadata().getName(), e);
        }
        Set<String> keys = new LinkedHashSet<>(cached.keySet());
        keys.addAll(endpointWrites.keys());
        List<SpiderEndpoint> out = new ArrayList<>(keys.size());
        for (String key : keys) {
            endpointWrites.newest(key, Optional.ofNullable(cached.get(key))).ifPresent(out::add);
        }
        return out;
    }

    void endpointWritten(SpiderEndpoint ep) {
        endpointWrites.put(ep.getMetadata().getNamespace() + "/" + ep.getMetadata().getName(), ep);
    }

    void endpointDeleted(String namespace, String name) {
        endpointWrites.forget(namespace + "/" + name);
    }

    /**
     * For a StatefulSet's or a VM's record, whether its slot is still valid (upstream-ipam §4.9), read
     * from the API because a DEL acting on a stale "valid" would leak and on a stale "invalid" would free
     * a fixed address. Empty for other records, or when the feature is off.
     */
    public Optional<Validity> fixedSlotValidity(SpiderEndpoint ep) {
        return FixedSlots.of(ep, conf, apiOwners);
    }

    public String describe() {
        return "cached: " + caches.sizes();
    }

    @Override
    public void close() {
        caches.close();
    }
}
