package io.spidernet.spiderpool.controller.gc;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The leader's informers for garbage collection: every pod, node, pool, SpiderEndpoint and
 * StatefulSet. KubeVirt objects are read from the API when a record needs them (rare, and the kind
 * may not be installed at all).
 */
final class GcCaches implements ClusterFactsSource, AutoCloseable {
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<Node> nodes;
    private final SharedIndexInformer<SpiderIPPool> pools;
    private final SharedIndexInformer<SpiderEndpoint> endpoints;
    private final SharedIndexInformer<StatefulSet> statefulSets;
    private final ApiFacts api;

    private GcCaches(KubernetesClient client, ResourceEventHandler<Pod> podEvents) {
        api = new ApiFacts(client);
        pods = retrying(client.pods().inAnyNamespace().runnableInformer(0));
        pods.addEventHandler(podEvents);
        nodes = retrying(client.nodes().runnableInformer(0));
        pools = retrying(client.resources(SpiderIPPool.class).runnableInformer(0));
        endpoints = retrying(client.resources(SpiderEndpoint.class).inAnyNamespace().runnableInformer(0));
        statefulSets = retrying(client.apps().statefulSets().inAnyNamespace().runnableInformer(0));
    }

    /** Starts every informer and waits until each has listed once. */
    static GcCaches start(KubernetesClient client, ResourceEventHandler<Pod> podEvents, Duration timeout) throws Exception {
        GcCaches caches = new GcCaches(client, podEvents);
        List<SharedIndexInformer<?>> all = caches.all();
        try {
            CompletableFuture.allOf(all.stream().map(i -> i.start().toCompletableFuture()).toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            caches.close();
            throw e;
        }
        return caches;
    }

    List<SpiderIPPool> pools() {
        return pools.getStore().list();
    }

    List<SpiderEndpoint> endpoints() {
        return endpoints.getStore().list();
    }

    @Override
    public Optional<Pod> pod(String namespace, String name) {
        return byKey(pods, namespace, name);
    }

    @Override
    public Optional<SpiderEndpoint> endpoint(String namespace, String name) {
        return byKey(endpoints, namespace, name);
    }

    @Override
    public Optional<Node> node(String name) {
        return Optional.ofNullable(nodes.getStore().getByKey(name));
    }

    @Override
    public Optional<StatefulSet> statefulSet(String namespace, String name) {
        return byKey(statefulSets, namespace, name);
    }

    @Override
    public Optional<GenericKubernetesResource> kubevirt(String kind, String namespace, String name) {
        return api.kubevirt(kind, namespace, name);
    }

    @Override
    public void close() {
        all().forEach(SharedIndexInformer::close);
    }

    private List<SharedIndexInformer<?>> all() {
        return List.of(pods, nodes, pools, endpoints, statefulSets);
    }

    private static <T extends HasMetadata> Optional<T> byKey(SharedIndexInformer<T> informer, String namespace, String name) {
        return Optional.ofNullable(informer.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name)));
    }

    /** A list or watch that fails (API server restarting, RBAC being applied) is retried, not fatal. */
    private static <T> SharedIndexInformer<T> retrying(SharedIndexInformer<T> informer) {
        informer.exceptionHandler((started, t) -> true);
        return informer;
    }
}
