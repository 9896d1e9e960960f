package io.spidernet.spiderpool.controller.webhook;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the pod webhook reads, from informers started only when injection is on: every
 * SpiderMultusConfig (a group may span namespaces) and the namespaces' annotations (the fallback when
 * a pod has no inject annotation, read for every pod created, so it must not cost an API call). Until
 * the SpiderMultusConfigs have been listed a pod that asks for injection is refused as unavailable
 * ({@link WebhookCache.NotSynced}) rather than told its group does not exist. A namespace the informer
 * has not seen yet (created a moment ago) is read from the API.
 */
final class PodInjectSources implements AutoCloseable {
    private final KubernetesClient client;
    private final SharedIndexInformer<SpiderMultusConfig> configs;
    private final SharedIndexInformer<Namespace> namespaces;

    private PodInjectSources(KubernetesClient client, SharedIndexInformer<SpiderMultusConfig> configs,
                             SharedIndexInformer<Namespace> namespaces) {
        this.client = client;
        this.configs = configs;
        this.namespaces = namespaces;
    }

    /** Starts both informers without waiting; a failed list (CRD not installed yet) is retried. */
    static PodInjectSources start(KubernetesClient client) {
        SharedIndexInformer<SpiderMultusConfig> configs = client.resources(SpiderMultusConfig.class).inAnyNamespace()
                .runnableInformer(0);
        SharedIndexInformer<Namespace> namespaces = client.namespaces().runnableInformer(0);
        for (SharedIndexInformer<?> informer : List.of(configs, namespaces)) {
            informer.exceptionHandler((started, t) -> true);
            informer.start();
        }
        return new PodInjectSources(client, configs, namespaces);
    }

    Collection<SpiderMultusConfig> configs() {
        if (!configs.hasSynced()) {
            throw new WebhookCache.NotSynced("SpiderMultusConfigs");
        }
        return configs.getStore().list();
    }

    Map<String, String> namespaceAnnotations(String name) {
        Namespace ns = namespaces.hasSynced() ? namespaces.getStore().getByKey(name) : null;
        if (ns == null) {
            ns = client.namespaces().withName(name).get();
        }
        return ns == null || ns.getMetadata().getAnnotations() == null ? Map.of() : ns.getMetadata().getAnnotations();
    }

    @Override
    public void close() {
        configs.close();
        namespaces.close();
    }
}
