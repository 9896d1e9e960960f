package io.spidernet.spiderpool.controller.coordinator;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.spidernet.spiderpool.controller.leader.ChangeTrigger;
import io.spidernet.spiderpool.core.coordinator.status.ClusterCidrs;
import io.spidernet.spiderpool.core.coordinator.status.ClusterSnapshot;
import io.spidernet.spiderpool.core.coordinator.status.CniConfigDir;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The informers the status is computed from, each also a trigger: the two ConfigMaps by name (no
 * other ConfigMap is watched, or readable: deploy/rbac grants these names only), the
 * kube-controller-manager pods by label, and the other projects' kinds the cluster serves. A kind
 * installed later (Calico after Spiderpool) is found by {@link #watchNewlyServedKinds}, which the
 * resync calls.
 */
final class CoordinatorSources implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CoordinatorSources.class);
    private static final List<ForeignKind> KINDS =
            List.of(ForeignKind.CALICO_IPPOOL, ForeignKind.CILIUM_POD_IPPOOL, ForeignKind.SERVICE_CIDR);

    private final KubernetesClient client;
    private final String ciliumNamespace;
    private final String ciliumName;
    private final Runnable trigger;
    private final SharedIndexInformer<ConfigMap> kubeadmConfig;
    private final SharedIndexInformer<ConfigMap> ciliumConfig;
    private final SharedIndexInformer<Pod> controllerManagers;
    private final Map<ForeignKind, SharedIndexInformer<GenericKubernetesResource>> foreign = new ConcurrentHashMap<>();

    /** @param ciliumConfigMap {@code namespace/name}, as upstream's {@code SPIDERPOOL_CILIUM_CONFIGMAP_NAMESPACE_NAME} */
    CoordinatorSources(KubernetesClient client, String ciliumConfigMap, Runnable trigger) {
        this.client = client;
        String[] nsName = ciliumConfigMap.split("/", 2); // checked by CoordinatorStatusSettings
        this.ciliumNamespace = nsName[0];
        this.ciliumName = nsName[1];
        this.trigger = trigger;
        ResourceEventHandler<ConfigMap> onData = onChange((a, b) -> Objects.equals(a.getData(), b.getData()));
        kubeadmConfig = retrying(client.configMaps().inNamespace(ClusterCidrs.KUBEADM_NAMESPACE)
                .withName(ClusterCidrs.KUBEADM_CONFIG).runnableInformer(0));
        kubeadmConfig.addEventHandler(onData);
        ciliumConfig = retrying(client.configMaps().inNamespace(ciliumNamespace).withName(ciliumName).runnableInformer(0));
        ciliumConfig.addEventHandler(onData);
        controllerManagers = retrying(client.pods().inAnyNamespace()
                .withLabel(ClusterCidrs.KCM_LABEL, ClusterCidrs.KCM_LABEL_VALUE).runnableInformer(0));
        controllerManagers.addEventHandler(onChange((a, b) -> Objects.equals(a.getSpec(), b.getSpec())));
    }

    void start() {
        List.of(kubeadmConfig, ciliumConfig, controllerManagers).forEach(SharedIndexInformer::start);
    }

    /** Starts an informer for each kind the cluster now serves and none watches yet. */
    void watchNewlyServedKinds() {
        for (ForeignKind kind : KINDS) {
            if (foreign.containsKey(kind)) {
                continue;
            }
            kind.served(client).ifPresent(context -> {
                LOG.infof("watching %s (%s/%s) for the SpiderCoordinator status", kind.kind(), context.getGroup(), context.getVersion());
                SharedIndexInformer<GenericKubernetesResource> informer =
                        retrying(client.genericKubernetesResources(context).runnableInformer(0));
                informer.addEventHandler(onChange((a, b) -> Objects.equals(a.getAdditionalProperties().get("spec"),
                        b.getAdditionalProperties().get("spec")) && Objects.equals(a.getMetadata().getDeletionTimestamp(),
                        b.getMetadata().getDeletionTimestamp())));
                foreign.put(kind, informer);
                informer.start();
            });
        }
    }

    /** True once every started informer has listed. */
    boolean synced() {
        List<SharedIndexInformer<?>> all = new ArrayList<>(List.of(kubeadmConfig, ciliumConfig, controllerManagers));
        all.addAll(foreign.values());
        return all.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    ClusterSnapshot snapshot(CniConfigDir cniConfigDir) {
        return new ClusterSnapshot(cniConfigDir, first(kubeadmConfig), controllerManagers.getStore().list(),
                ciliumNamespace + "/" + ciliumName, first(ciliumConfig), listOf(ForeignKind.CALICO_IPPOOL),
                listOf(ForeignKind.CILIUM_POD_IPPOOL), listOf(ForeignKind.SERVICE_CIDR));
    }

    @Override
    public void close() {
        List.of(kubeadmConfig, ciliumConfig, controllerManagers).forEach(SharedIndexInformer::close);
        foreign.values().forEach(SharedIndexInformer::close);
    }

    private Optional<List<GenericKubernetesResource>> listOf(ForeignKind kind) {
        return Optional.ofNullable(foreign.get(kind)).map(i -> i.getStore().list());
    }

    private static ConfigMap first(SharedIndexInformer<ConfigMap> byName) {
        return byName.getStore().list().stream().findFirst().orElse(null);
    }

    /** Triggers on add and delete, and on an update unless {@code same} says nothing the status reads changed. */
    private <T> ResourceEventHandler<T> onChange(java.util.function.BiPredicate<T, T> same) {
        return ChangeTrigger.unless(same, trigger);
    }

    /** A list or watch that fails (API server restarting, RBAC being applied) is retried, not fatal. */
    private static <T> SharedIndexInformer<T> retrying(SharedIndexInformer<T> informer) {
        informer.exceptionHandler((started, t) -> true);
        return informer;
    }
}
