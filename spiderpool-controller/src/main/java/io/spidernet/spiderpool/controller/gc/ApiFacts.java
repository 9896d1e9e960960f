package io.spidernet.spiderpool.controller.gc;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.kube.KubeReads;
import io.spidernet.spiderpool.kube.OwnerLookup;
import java.util.Optional;

/** Fresh reads from the API server: what a release is confirmed against. 404 (or a kind not installed) is absence. */
class ApiFacts implements ClusterFactsSource {
    private final KubernetesClient client;
    private final OwnerLookup owners;

    ApiFacts(KubernetesClient client) {
        this.client = client;
        this.owners = OwnerLookup.fromApi(client);
    }

    @Override
    public Optional<Pod> pod(String namespace, String name) {
        return KubeReads.orAbsent(() -> client.pods().inNamespace(namespace).withName(name).get());
    }

    @Override
    public Optional<SpiderEndpoint> endpoint(String namespace, String name) {
        return KubeReads.orAbsent(() -> client.resources(SpiderEndpoint.class).inNamespace(namespace).withName(name).get());
    }

    @Override
    public Optional<Node> node(String name) {
        return KubeReads.orAbsent(() -> client.nodes().withName(name).get());
    }

    @Override
    public Optional<StatefulSet> statefulSet(String namespace, String name) {
        return owners.statefulSet(namespace, name);
    }

    @Override
    public Optional<GenericKubernetesResource> kubevirt(String kind, String namespace, String name) {
        return owners.kubevirt(kind, namespace, name);
    }
}
