package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.spidernet.spiderpool.controller.ControllerConfig;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import io.spidernet.spiderpool.core.multus.MultusConfigRenderer;
import io.spidernet.spiderpool.core.multus.MultusRenderException;
import io.spidernet.spiderpool.core.multus.RenderedNad;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One NetworkAttachmentDefinition per SpiderMultusConfig, controlled by it (research notes §7.4):
 * rendered by core's {@link MultusConfigRenderer}, created, and put back in step on every change of
 * either side; a NAD deleted by hand comes back. Annotation edits change no generation, so events
 * are not generation-filtered. {@link MultusConfigEvents} brings the NAD changes and deletes the NAD
 * of a deleted SpiderMultusConfig (upstream leaves that to garbage collection through the owner
 * reference, which a cluster does too; explicit, it also holds where no collector runs). Off with
 * upstream's {@code SPIDERPOOL_MULTUS_CONFIG_ENABLED=false}: then it neither watches NADs nor writes.
 */
@ControllerConfiguration(name = "spidermultusconfig", generationAwareEventProcessing = false)
public class MultusConfigReconciler implements Reconciler<SpiderMultusConfig> {
    private static final Logger LOG = Logger.getLogger(MultusConfigReconciler.class);
    /** Upstream's SPIDERPOOL_WORKQUEUE_RETRY_DELAY_DURATION default. */
    static final Duration AGAIN = Duration.ofSeconds(5);

    /** What one pass left to do. */
    public enum Outcome { DONE, RETRY }

    private final KubernetesClient client;
    private final ReconcileEvents events;
    private final boolean enabled;

    @Inject
    public MultusConfigReconciler(KubernetesClient client, ReconcileEvents events, ControllerConfig config) {
        this(client, events, config.multusConfigEnabled());
    }

    MultusConfigReconciler(KubernetesClient client, ReconcileEvents events, boolean enabled) {
        this.client = client;
        this.events = events;
        this.enabled = enabled;
    }

    @Override
    public List<EventSource<?, SpiderMultusConfig>> prepareEventSources(EventSourceContext<SpiderMultusConfig> context) {
        return enabled ? List.of(new MultusConfigEvents(client, this)) : List.of();
    }

    @Override
    public UpdateControl<SpiderMultusConfig> reconcile(SpiderMultusConfig config, Context<SpiderMultusConfig> context) {
        return sync(config) == Outcome.DONE ? UpdateControl.noUpdate() : UpdateControl.<SpiderMultusConfig>noUpdate().rescheduleAfter(AGAIN);
    }

    /** One pass: the NAD made to match the rendering, or why not yet. */
    public Outcome sync(SpiderMultusConfig config) {
        if (!enabled || config.getMetadata().getDeletionTimestamp() != null) {
            return Outcome.DONE;
        }
        RenderedNad desired;
        try {
            desired = MultusConfigRenderer.render(config);
        } catch (MultusRenderException e) {
            // the webhook refuses such objects; one written around it waits for its author
            events.warning(config, "InvalidSpec", e.getMessage() + "; no NetworkAttachmentDefinition is written until it is fixed");
            return Outcome.DONE;
        }
        Optional<GenericKubernetesResource> existing = Optional.ofNullable(
                MultusConfigNads.of(client).inNamespace(desired.namespace()).withName(desired.name()).get());
        return switch (MultusConfigNadPlan.of(config, desired, existing)) {
            case MultusConfigNadPlan.InStep s -> Outcome.DONE;
            case MultusConfigNadPlan.Terminating t -> {
                LOG.debugf("NetworkAttachmentDefinition %s/%s is being deleted; writing it again once it is gone",
                        desired.namespace(), desired.name());
                yield Outcome.RETRY;
            }
            case MultusConfigNadPlan.OwnedByAnother o -> {
                events.warning(config, "NadOwnedByAnother", "NetworkAttachmentDefinition " + desired.namespace() + "/"
                        + desired.name() + " is managed by SpiderMultusConfig " + o.owner() + "; it is left alone. Set "
                        + "the annotation multus.spidernet.io/cr-name to another name, or delete one of the two");
                yield Outcome.DONE;
            }
            case MultusConfigNadPlan.Create c -> write(() -> MultusConfigNads.of(client).inNamespace(desired.namespace())
                    .resource(c.nad()).create(), config, "created");
            // a PUT carrying the resourceVersion read: an edit since then makes it fail, and the next pass sees the edit
            case MultusConfigNadPlan.Update u -> write(() -> MultusConfigNads.of(client).inNamespace(desired.namespace())
                    .resource(u.nad()).update(), config, "updated");
        };
    }

    /**
     * Deletes the NADs this (deleted) SpiderMultusConfig controls, each only as read: the DELETE
     * carries the NAD's resourceVersion, so one taken over or re-created since is kept.
     */
    public void deleted(SpiderMultusConfig config, List<GenericKubernetesResource> nads) {
        if (!enabled) {
            return;
        }
        for (GenericKubernetesResource nad : nads) {
            try {
                MultusConfigNads.of(client).inNamespace(nad.getMetadata().getNamespace()).resource(nad).lockResourceVersion().delete();
                LOG.infof("NetworkAttachmentDefinition %s/%s deleted with its SpiderMultusConfig", nad.getMetadata().getNamespace(),
                        nad.getMetadata().getName());
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                    throw e;
                }
            }
        }
    }

    private static Outcome write(Runnable write, SpiderMultusConfig config, String what) {
        try {
            write.run();
            LOG.infof("NetworkAttachmentDefinition of SpiderMultusConfig %s/%s %s", config.getMetadata().getNamespace(),
                    config.getMetadata().getName(), what);
            return Outcome.DONE;
        } catch (KubernetesClientException e) {
            // 409: someone wrote first (or created it); 404: it went since the read. The next pass reads again
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT || e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return Outcome.RETRY;
            }
            throw e;
        }
    }
}
