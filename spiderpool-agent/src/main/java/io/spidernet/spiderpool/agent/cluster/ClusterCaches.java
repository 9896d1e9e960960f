package io.spidernet.spiderpool.agent.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.kube.OwnerLookup;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderReservedIP;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The agent's view of the cluster: one informer per kind it reads on the allocation path, so an ADD
 * costs no API reads unless a write raced. Pods are watched for this node only (a field selector
 * the API server applies) unless told otherwise, the rest cluster-wide. Objects handed out are the informers' own and must
 * not be mutated.
 */
public final class ClusterCaches implements OwnerLookup.Cache, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClusterCaches.class);
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<Namespace> namespaces;
    private final SharedIndexInformer<Node> node;
    private final SharedIndexInformer<SpiderIPPool> pools;
    private final SharedIndexInformer<SpiderReservedIP> reservedIps;
    private final SharedIndexInformer<SpiderEndpoint> endpoints;
    private final SharedIndexInformer<ReplicaSet> replicaSets;
    private final SharedIndexInformer<Job> jobs;
    private final SharedIndexInformer<StatefulSet> statefulSets;
    private final SharedIndexInformer<SpiderCoordinator> coordinators;
    private final List<SharedIndexInformer<?>> all = new ArrayList<>();
    private final VersionedCopies<SpiderIPPool> poolWrites;
    private final VersionedCopies<SpiderEndpoint> endpointWrites;

    private ClusterCaches(KubernetesClient client, String nodeName, boolean podsOfThisNodeOnly) {
        pods = add(podsOfThisNodeOnly ? client.pods().inAnyNamespace().withField("spec.nodeName", nodeName).runnableInformer(0)
                : client.pods().inAnyNamespace().runnableInformer(0));
        namespaces = add(client.namespaces().runnableInformer(0));
        node = add(client.nodes().withField("metadata.name", nodeName).runnableInformer(0));
        pools = add(client.resources(SpiderIPPool.class).runnableInformer(0));
        reservedIps = add(client.resources(SpiderReservedIP.class).runnableInformer(0));
        endpoints = add(client.resources(SpiderEndpoint.class).inAnyNamespace().runnableInformer(0));
        replicaSets = add(client.apps().replicaSets().inAnyNamespace().runnableInformer(0));
        jobs = add(client.batch().v1().jobs().inAnyNamespace().runnableInformer(0));
        statefulSets = add(client.apps().statefulSets().inAnyNamespace().runnableInformer(0));
        coordinators = add(client.resources(SpiderCoordinator.class).runnableInformer(0));
        poolWrites = copiesFollowing(pools);
        endpointWrites = copiesFollowing(endpoints);
    }

    /**
     * Copies of the objects this agent writes, dropped as soon as {@code informer} delivers them or
     * their deletion: the informer is what makes a copy unnecessary, so it is the one to say so.
     */
    private static <T extends HasMetadata> VersionedCopies<T> copiesFollowing(SharedIndexInformer<T> informer) {
        VersionedCopies<T> copies = new VersionedCopies<>(key -> get(informer, key));
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                copies.seen(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                copies.seen(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                copies.deleted(obj);
            }
        });
        return copies;
    }

    /**
     * Starts every informer and waits until each has listed its kind once, except SpiderEndpoints: a
     * large cluster has one per pod, and nothing needs all of them at once (a record missing from a
     * cache still listing is read from the API, see {@link #endpointsListed()}), so they fill in while
     * the agent already serves. Their list starts only once the others are in: fabric8 decodes a list
     * on the client's one event loop, and 10 000 SpiderEndpoints took it seconds, during which the
     * pools and pods the agent waits for sat behind them (ready in 18.7 s instead of under 1.5 s, see
     * docs/performance.md). Fails, naming the kinds still missing, when the others take longer than
     * {@code timeout}: serving from a half-filled pool or pod cache would refuse pods that exist.
     */
    public static ClusterCaches start(KubernetesClient client, String nodeName, boolean podsOfThisNodeOnly, Duration timeout) {
        ClusterCaches caches = new ClusterCaches(client, nodeName, podsOfThisNodeOnly);
        long t0 = System.nanoTime();
        List<CompletableFuture<Void>> needed = new ArrayList<>();
        for (SharedIndexInformer<?> i : caches.all) {
            if (i != caches.endpoints) {
                needed.add(i.start().toCompletableFuture());
            }
        }
        try {
            CompletableFuture.allOf(needed.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            caches.endpoints.start().thenRun(() -> LOG.infof("SpiderEndpoints listed: %d in %d ms",
                    caches.endpoints.getStore().list().size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)));
            return caches;
        } catch (TimeoutException e) {
            List<String> missing = caches.all.stream().filter(i -> i != caches.endpoints && !i.hasSynced())
                    .map(i -> i.getApiTypeClass().getSimpleName()).toList();
            caches.close();
            throw new IllegalStateException("the API server did not list " + missing + " within " + timeout.toSeconds()
                    + " s; check quarkus.kubernetes-client.api-server-url and the agent's RBAC", e);
        } catch (ExecutionException e) {
            caches.close();
            throw new IllegalStateException("cannot watch the API server: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            caches.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while filling the caches", e);
        }
    }

    public Optional<Pod> pod(String namespace, String name) {
        return get(pods, namespace + "/" + name);
    }

    public Optional<Namespace> namespace(String name) {
        return get(namespaces, name);
    }

    public Optional<Node> node(String name) {
        return get(node, name);
    }

    public Optional<SpiderIPPool> pool(String name) {
        return get(pools, name);
    }

    public List<SpiderIPPool> pools() {
        return pools.getStore().list();
    }

    public List<SpiderReservedIP> reservedIps() {
        return reservedIps.getStore().list();
    }

    public Optional<SpiderEndpoint> endpoint(String namespace, String name) {
        return get(endpoints, namespace + "/" + name);
    }

    /** Every SpiderEndpoint the cache holds (shared objects: copy before changing one). */
    public List<SpiderEndpoint> endpoints() {
        return endpoints.getStore().list();
    }

    /** SpiderIPPools as this agent wrote them last, until the informer has them. */
    VersionedCopies<SpiderIPPool> poolWrites() {
        return poolWrites;
    }

    /** SpiderEndpoints as this agent wrote them last, until the informer has them. */
    VersionedCopies<SpiderEndpoint> endpointWrites() {
        return endpointWrites;
    }

    /** Whether the SpiderEndpoint cache has listed once: until then a record it lacks may still exist. */
    public boolean endpointsListed() {
        return endpoints.hasSynced();
    }

    @Override
    public Optional<ReplicaSet> replicaSet(String namespace, String name) {
        return get(replicaSets, namespace + "/" + name);
    }

    @Override
    public Optional<Job> job(String namespace, String name) {
        return get(jobs, namespace + "/" + name);
    }

    public Optional<StatefulSet> statefulSet(String namespace, String name) {
        return get(statefulSets, namespace + "/" + name);
    }

    public Optional<SpiderCoordinator> coordinator(String name) {
        return get(coordinators, name);
    }

    /** Objects held, per kind, for the start-up log. */
    public String sizes() {
        return pools.getStore().list().size() + " SpiderIPPools, " + reservedIps.getStore().list().size()
                + " SpiderReservedIPs, " + pods.getStore().list().size() + " pods, "
                + (endpoints.hasSynced() ? endpoints.getStore().list().size() + " SpiderEndpoints" : "SpiderEndpoints still listing")
                + "; written here, awaiting the informer: " + endpointWrites.size() + " SpiderEndpoints, "
                + poolWrites.size() + " SpiderIPPools";
    }

    @Override
    public void close() {
        all.forEach(SharedIndexInformer::close);
    }

    /**
     * Registers an informer that keeps trying after a failed list or watch (fabric8's default stops
     * it): a slow first list on a busy API server must not end the agent while start-up still waits
     * within its sync timeout, and a watch lost later must come back. Objects that cannot be read as
     * the model says stop it, because retrying will not fix them.
     */
    private <T extends HasMetadata> SharedIndexInformer<T> add(SharedIndexInformer<T> informer) {
        informer.exceptionHandler((started, t) -> {
            boolean retry = !ExceptionHandler.isDeserializationException(t);
            LOG.warnf("watching %s failed (%s)%s", informer.getApiTypeClass().getSimpleName(), t.getMessage(),
                    retry ? "; retrying" : "; the objects do not match the model, giving up");
            return retry;
        });
        all.add(informer);
        return informer;
    }

    private static <T> Optional<T> get(SharedIndexInformer<T> informer, String key) {
        return Optional.ofNullable(informer.getStore().getByKey(key));
    }
}
