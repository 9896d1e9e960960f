package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The events of {@link MultusConfigReconciler} beyond its own kind's. A NAD added, changed or deleted
 * reconciles the SpiderMultusConfig its owner references name, so a manual edit is reverted and a
 * deleted NAD comes back. A SpiderMultusConfig deleted has its NADs deleted (the operator SDK hands
 * a reconciler no deletion without a finalizer of its own, and upstream has none).
 *
 * <p>Not the SDK's InformerEventSource: that one discovers the NAD kind through the API and fails
 * the whole operator's start where Multus is not installed. These informers name the kind and keep
 * retrying their list, so the other reconcilers run regardless.
 */
final class MultusConfigEvents extends AbstractEventSource<GenericKubernetesResource, SpiderMultusConfig>
        implements ResourceEventHandler<GenericKubernetesResource> {
    private static final Logger LOG = Logger.getLogger(MultusConfigEvents.class);

    private final KubernetesClient client;
    private final MultusConfigReconciler reconciler;
    private SharedIndexInformer<GenericKubernetesResource> nads;
    private SharedIndexInformer<SpiderMultusConfig> configs;
    private ExecutorService deletions;

    MultusConfigEvents(KubernetesClient client, MultusConfigReconciler reconciler) {
        super(GenericKubernetesResource.class, "spidermultusconfig-nads");
        this.client = client;
        this.reconciler = reconciler;
    }

    @Override
    public void start() {
        deletions = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("spiderpool-nad-deletions").daemon().factory());
        nads = MultusConfigNads.of(client).inAnyNamespace().runnableInformer(0);
        nads.addEventHandler(this);
        configs = client.resources(SpiderMultusConfig.class).inAnyNamespace().runnableInformer(0);
        configs.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(SpiderMultusConfig config) { }

            @Override
            public void onUpdate(SpiderMultusConfig before, SpiderMultusConfig config) { }

            @Override
            public void onDelete(SpiderMultusConfig config, boolean finalStateUnknown) {
                deletions.execute(() -> deleteNadsOf(config));
            }
        });
        for (SharedIndexInformer<?> informer : List.of(nads, configs)) {
            informer.exceptionHandler((started, t) -> true);  // a missing NAD kind is retried, not fatal
            informer.start();
        }
        super.start();
    }

    @Override
    public void stop() {
        if (deletions != null) {
            deletions.shutdownNow();
            nads.close();
            configs.close();
        }
        super.stop();
    }

    /** Both informers hold a live watch, so no change made from now on is missed. */
    boolean watching() {
        return nads != null && nads.isWatching() && configs.isWatching();
    }

    @Override
    public Set<GenericKubernetesResource> getSecondaryResources(SpiderMultusConfig config) {
        return nads == null ? Set.of() : Set.copyOf(controlledBy(config).toList());
    }

    @Override
    public void onAdd(GenericKubernetesResource nad) {
        reconcileOwners(nad);
    }

    @Override
    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource nad) {
        // the old version's owners too: an edit that removed the owner reference must be reverted
        Stream.of(before, nad).flatMap(MultusConfigEvents::configOwners).distinct().forEach(this::reconcile);
    }

    @Override
    public void onDelete(GenericKubernetesResource nad, boolean finalStateUnknown) {
        reconcileOwners(nad);
    }

    private void reconcileOwners(GenericKubernetesResource nad) {
        configOwners(nad).forEach(this::reconcile);
    }

    private void reconcile(ResourceID config) {
        if (isRunning()) {
            getEventHandler().handleEvent(new Event(config));
        }
    }

    private static Stream<ResourceID> configOwners(HasMetadata nad) {
        return Optional.ofNullable(nad.getMetadata().getOwnerReferences()).orElse(List.of()).stream()
                .filter(MultusConfigNadPlan::isConfigRef)
                .map(r -> new ResourceID(r.getName(), nad.getMetadata().getNamespace()));
    }

    private Stream<GenericKubernetesResource> controlledBy(SpiderMultusConfig config) {
        String uid = config.getMetadata().getUid();
        return nads.getStore().list().stream()
                .filter(n -> config.getMetadata().getNamespace().equals(n.getMetadata().getNamespace()))
                .filter(n -> Optional.ofNullable(n.getMetadata().getOwnerReferences()).orElse(List.of()).stream()
                        .anyMatch(r -> Boolean.TRUE.equals(r.getController()) && MultusConfigNadPlan.isConfigRef(r)
                                && uid != null && uid.equals(r.getUid())));
    }

    private void deleteNadsOf(SpiderMultusConfig config) {
        try {
            reconciler.deleted(config, controlledBy(config).toList());
        } catch (RuntimeException e) {
            // garbage collection still deletes it in a cluster, through the owner reference
            LOG.warnf("NetworkAttachmentDefinitions of deleted SpiderMultusConfig %s/%s not deleted: %s",
                    config.getMetadata().getNamespace(), config.getMetadata().getName(), e.getMessage());
        }
    }
}
