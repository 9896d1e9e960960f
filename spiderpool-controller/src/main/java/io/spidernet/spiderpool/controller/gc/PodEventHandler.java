package io.spidernet.spiderpool.controller.gc;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.gc.GcSettings;
import io.spidernet.spiderpool.core.gc.PodEvent;
import io.spidernet.spiderpool.core.gc.PodTracing;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** Pod tracing: the pod informer's events of pods on their way out become trace entries (core's {@link PodTracing}). */
final class PodEventHandler implements ResourceEventHandler<Pod> {
    private static final Logger LOG = Logger.getLogger(PodEventHandler.class);

    private final Supplier<ClusterFactsSource> facts;
    private final TraceDb traces;
    private final SpiderpoolConf conf;
    private final GcSettings settings;
    private final Clock clock;

    /** @param facts the caches once they are up, the API before */
    PodEventHandler(Supplier<ClusterFactsSource> facts, TraceDb traces, SpiderpoolConf conf, GcSettings settings, Clock clock) {
        this.facts = facts;
        this.traces = traces;
        this.conf = conf;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void onAdd(Pod pod) {
        on(new PodEvent.Changed(pod));
    }

    @Override
    public void onUpdate(Pod oldPod, Pod pod) {
        on(new PodEvent.Changed(pod));
    }

    @Override
    public void onDelete(Pod pod, boolean finalStateUnknown) {
        on(new PodEvent.Deleted(pod));
    }

    static boolean finished(Pod pod) {
        return pod.getStatus() != null && ("Succeeded".equals(pod.getStatus().getPhase()) || "Failed".equals(pod.getStatus().getPhase()));
    }

    private void on(PodEvent event) {
        Pod pod = event.pod();
        boolean leaving = event instanceof PodEvent.Deleted || pod.getMetadata().getDeletionTimestamp() != null || finished(pod);
        if (!leaving) {
            return; // the common case, answered without a lookup (the initial list brings every pod)
        }
        ClusterFactsSource source = facts.get();
        Optional<SpiderEndpoint> ep = source.endpoint(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        try {
            PodTracing.entryFor(event, source.fixedSlot(Optional.of(pod), ep, conf), source.readinessOf(Optional.of(pod)),
                    settings, clock.instant()).ifPresent(entry -> {
                        if (!traces.put(entry)) {
                            LOG.warnf("trace DB full (SPIDERPOOL_GC_MAX_PODENTRY_DB_CAP=%d): %s left to the scan-all",
                                    settings.traceDbCapacity(), entry.key());
                        }
                    });
        } catch (RuntimeException e) {
            LOG.debugf("pod %s not traced: %s", pod.getMetadata().getName(), e.getMessage());
        }
    }
}
