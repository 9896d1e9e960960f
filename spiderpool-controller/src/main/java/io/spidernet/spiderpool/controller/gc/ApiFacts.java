package io.spidernet.spiderpool.controller.gc;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import java.util.Optional;
import java.util.function.Supplier;

/** Fresh reads from the API server: what a release is confirmed against. 404 (or a kind not installed) is absence. */
class ApiFacts implements ClusterFactsSource {
    private final KubernetesClient client;

    ApiFacts(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Optional<Pod> pod(String namespace, String name) {
        return get(() -> client.pods().inNamespace(namespace).withName(name).get());
    }

    @Override
    public Optional<SpiderEndpoint> endpoint(String namespace, String name) {
        return get(() -> client.resources(SpiderEndpoint.class).inNamespace(namespace).withName(name).get());
    }

    @Override
    public Optional<Node> node(String name) {
        return get(() -> client.nodes().withName(name).get());
    }

    @Override
    public Optional<StatefulSet> statefulSet(String namespace, String name) {
        return get(() -> client.apps().statefulSets().inNamespace(namespace).withName(name).get());
    }

    @Override
    public Optional<GenericKubernetesResource> kubevirt(String kind, String namespace, String name) {
        return get(() -> client.genericKubernetesResources("kubevirt.io/v1", kind).inNamespace(namespace).withName(name).get());
    }

    private static <T> Optional<T> get(Supplier<T> read) {
        try {
            return Optional.ofNullable(read.get());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
