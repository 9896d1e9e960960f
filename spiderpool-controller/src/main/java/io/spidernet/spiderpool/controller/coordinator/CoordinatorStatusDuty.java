package io.spidernet.spiderpool.controller.coordinator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.spidernet.spiderpool.controller.leader.LeaderDuty;
import io.spidernet.spiderpool.controller.reconcile.ReconcileEvents;
import io.spidernet.spiderpool.core.coordinator.status.DiscoveryEvent;
import io.spidernet.spiderpool.core.coordinator.status.StatusDiscovery;
import io.spidernet.spiderpool.core.coordinator.status.StatusDiscovery.Recomputed;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorStatus;
import io.spidernet.spiderpool.core.model.coordinator.PodCidrType;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import io.spidernet.spiderpool.kube.KubeReads;
import java.net.HttpURLConnection;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Keeps the SpiderCoordinator's status (upstream §5.3), on the lease holder: every event of a source
 * ({@link CoordinatorSources}), of the SpiderCoordinator itself, and each resync period, asks for one
 * recompute; a burst of them shares one ({@code debounce}). A recompute reads the SpiderCoordinator
 * from the API (an informer's copy may predate this duty's own last write), lets core decide
 * ({@link StatusDiscovery}), and writes the status only when it changed, as a PUT of the status
 * carrying the resourceVersion it was computed from: a spec edit meanwhile makes it 409 and the
 * recompute runs again from the new object.
 */
public class CoordinatorStatusDuty implements LeaderDuty {
    private static final Logger LOG = Logger.getLogger(CoordinatorStatusDuty.class);
    private static final long RETRY_SECONDS = 5;

    private final KubernetesClient client;
    private final CoordinatorStatusSettings settings;
    private final ReconcileEvents events;
    private final CniDirReader cniDir;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "coordinator-status");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile CoordinatorSources sources;
    private volatile SharedIndexInformer<SpiderCoordinator> coordinators;
    /** The podCIDRType of the previous recompute, for PodCIDRTypeChanged; only the worker thread touches it. */
    private PodCidrType lastSeenType;

    public CoordinatorStatusDuty(KubernetesClient client, CoordinatorStatusSettings settings, ReconcileEvents events) {
        this.client = client;
        this.settings = settings;
        this.events = events;
        this.cniDir = new CniDirReader(settings.cniConfigDir());
    }

    @Override
    public String name() {
        return "SpiderCoordinator status";
    }

    @Override
    public void start() {
        if (!settings.enabled()) {
            LOG.info("SpiderCoordinator status is not kept (SPIDERPOOL_COORDINATOR_ENABLED=false)");
            return;
        }
        sources = new CoordinatorSources(client, settings.ciliumConfigMap(), this::trigger);
        coordinators = client.resources(SpiderCoordinator.class).withName(settings.coordinatorName()).runnableInformer(0);
        coordinators.exceptionHandler((started, t) -> true);
        coordinators.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(SpiderCoordinator obj) {
                trigger();
            }

            @Override
            public void onUpdate(SpiderCoordinator oldObj, SpiderCoordinator newObj) {
                // upstream's filter: a spec edit elsewhere (hostRuleTable, ...) changes no CIDR
                if (StatusDiscovery.declaredType(oldObj) != StatusDiscovery.declaredType(newObj)
                        || !Objects.equals(oldObj.getStatus(), newObj.getStatus())) {
                    trigger();
                }
            }

            @Override
            public void onDelete(SpiderCoordinator obj, boolean deletedFinalStateUnknown) {
                // nothing to keep the status of
            }
        });
        // on the worker: API discovery must not hold up the other duties' start
        worker.execute(() -> {
            coordinators.start();
            sources.start();
            discover();
            trigger();
        });
        long resync = settings.resyncPeriod().toMillis();
        worker.scheduleWithFixedDelay(this::resync, resync, resync, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        worker.shutdownNow();
        if (coordinators != null) {
            coordinators.close();
        }
        if (sources != null) {
            sources.close();
        }
    }

    /** Asks for a recompute soon; one already asked for and not yet begun covers this one. */
    public void trigger() {
        if (pending.compareAndSet(false, true)) {
            worker.schedule(this::recomputeNow, settings.debounce().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Also reads the CNI config directory again (in the recompute), which nothing watches. */
    private void resync() {
        discover();
        trigger();
    }

    /** Looks for the kinds the cluster serves now; a failure is retried at the next resync. */
    private void discover() {
        try {
            sources.watchNewlyServedKinds();
        } catch (KubernetesClientException e) {
            LOG.warnf("API discovery for the SpiderCoordinator status failed, retried in %s: %s", settings.resyncPeriod(),
                    e.getMessage());
        }
    }

    private void recomputeNow() {
        pending.set(false);
        if (!sources.synced()) {
            // a status from half-listed sources would flap NotReady at every leader start
            worker.schedule(this::trigger, 200, TimeUnit.MILLISECONDS);
            return;
        }
        try {
            recompute();
        } catch (RuntimeException e) {
            LOG.warnf(e, "SpiderCoordinator %s status not computed; retrying in %d s", settings.coordinatorName(), RETRY_SECONDS);
            worker.schedule(this::trigger, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void recompute() {
        Optional<SpiderCoordinator> read = KubeReads.orAbsent(
                () -> client.resources(SpiderCoordinator.class).withName(settings.coordinatorName()).get());
        if (read.isEmpty()) {
            return; // as upstream: the chart creates it; until then there is nothing to write to
        }
        SpiderCoordinator coordinator = read.get();
        Recomputed r = StatusDiscovery.recompute(coordinator, lastSeenType, sources.snapshot(cniDir.read()));
        lastSeenType = StatusDiscovery.declaredType(coordinator);
        for (DiscoveryEvent e : r.events()) {
            if (e.warning()) {
                events.warning(coordinator, e.reason(), e.message());
            } else {
                events.normal(coordinator, e.reason(), e.message());
            }
        }
        if (r.changed() && !write(coordinator, r)) {
            trigger();
        }
    }

    /** False when the object changed since it was read (409): the caller recomputes. */
    private boolean write(SpiderCoordinator read, Recomputed r) {
        boolean written = writeStatus(client, read, r.status());
        if (written) {
            LOG.infof("SpiderCoordinator %s: %s%s, overlayPodCIDR %s, serviceCIDR %s", settings.coordinatorName(),
                    r.status().getPhase(), r.status().getReason() == null ? "" : " (" + r.status().getReason() + ")",
                    r.status().getOverlayPodCIDR(), r.status().getServiceCIDR());
        }
        return written;
    }

    /**
     * Replaces the status of the object as read, carrying its resourceVersion: false when the object
     * changed since (409), true when written or gone (404). A PUT of the whole status rather than a
     * merge patch: the controller owns every field of it, and lists must shrink when CIDRs go.
     */
    static boolean writeStatus(KubernetesClient client, SpiderCoordinator read, CoordinatorStatus status) {
        if (read.getMetadata().getResourceVersion() == null) {
            throw new IllegalArgumentException("SpiderCoordinator " + read.getMetadata().getName()
                    + " has no resourceVersion; write only objects read from the API");
        }
        SpiderCoordinator next = client.getKubernetesSerialization().clone(read);
        next.setStatus(status);
        try {
            client.resource(next).updateStatus();
            return true;
        } catch (KubernetesClientException e) {
            return switch (e.getCode()) {
                case HttpURLConnection.HTTP_CONFLICT -> false;
                case HttpURLConnection.HTTP_NOT_FOUND -> true;
                default -> throw e;
            };
        }
    }
}
