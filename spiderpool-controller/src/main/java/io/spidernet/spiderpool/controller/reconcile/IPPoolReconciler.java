package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.spidernet.spiderpool.kube.VersionedPatch;
import io.spidernet.spiderpool.core.allocation.AllocatedIpsCodec;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.reconcile.IPPoolStatusPlan;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps {@code SpiderIPPool.status.totalIPCount}, initialises {@code allocatedIPCount}, and releases a
 * deleted pool once its last address is freed. Status-only changes (agents allocating) must trigger
 * it too, hence not generation-aware. Never writes {@code allocatedIPs}: that ledger is the agents'.
 *
 * <p>Upstream's finalizer is removed by a version-checked write once the ledger is empty; the operator
 * SDK does not show deleted pools to it, {@link DeletionWatch} does.
 *
 * <p>It also sweeps auto-pools left behind (§5.2(c)): a reclaimable auto-pool no pod uses whose
 * application is gone, or was re-created with another UID, is deleted. The application reconcilers
 * delete such pools when they see the application go; this catches deletions they never saw
 * (no leader at the time), since every pool is reconciled when a controller starts leading.
 */
@ControllerConfiguration(name = "spiderippool", generationAwareEventProcessing = false)
public class IPPoolReconciler implements Reconciler<SpiderIPPool> {
    private static final Logger LOG = Logger.getLogger(IPPoolReconciler.class);
    private static final Duration RECLAIM_RECHECK = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final ReconcileEvents events;
    private final AutoPoolSync autoPools;
    private final AppLookup apps;

    public IPPoolReconciler(KubernetesClient client, ReconcileEvents events, AutoPoolSync autoPools, AppLookup apps) {
        this.client = client;
        this.events = events;
        this.autoPools = autoPools;
        this.apps = apps;
    }

    @Override
    public UpdateControl<SpiderIPPool> reconcile(SpiderIPPool pool, Context<SpiderIPPool> context) {
        reconcile(pool);
        // a reclaimable auto-pool looks for its application now and then: nothing watches a third-party
        // kind, and the built-in kinds' delete events do not reach their reconcilers (DeletionWatch says why)
        return reclaimable(pool) ? UpdateControl.<SpiderIPPool>noUpdate().rescheduleAfter(RECLAIM_RECHECK) : UpdateControl.noUpdate();
    }

    /** One pass; returns whether every write it wanted landed (false: a newer version will come). */
    public boolean reconcile(SpiderIPPool pool) {
        if (leftBehind(pool)) {
            LOG.infof("SpiderIPPool %s: its application is gone and the pool is reclaimable and unused", pool.getMetadata().getName());
            return autoPools.delete(List.of(pool));  // false: it changed since this event, a newer one comes
        }
        IPPoolStatusPlan plan = IPPoolStatusPlan.of(pool);
        if (plan.problem().isPresent()) {
            events.warning(pool, "InvalidSpec", plan.problem().get());
            return true;
        }
        if (plan.finalizers().isPresent()) {
            boolean done = VersionedPatch.finalizers(client, pool, plan.finalizers().get());
            if (done) {
                LOG.infof("SpiderIPPool %s is empty and deleted: finalizer removed", pool.getMetadata().getName());
                events.normal(pool, "FinalizerRemoved", "no address is allocated any more; the pool can go");
            }
            return done;
        }
        if (!plan.statusChanges()) {
            return true;
        }
        return VersionedPatch.status(client, pool, s -> {
            plan.totalIPCount().ifPresent(t -> s.put("totalIPCount", t));
            plan.allocatedIPCount().ifPresent(c -> s.put("allocatedIPCount", c));
        });
    }

    private boolean reclaimable(SpiderIPPool pool) {
        return autoPools.enabled() && pool.isAutoCreated() && !pool.isTerminating()
                && "true".equals(pool.getMetadata().getLabels().get(SpiderpoolAnnotations.LABEL_IPPOOL_RECLAIM));
    }

    /** A reclaimable, unused auto-pool whose application no longer exists with the UID it names. */
    private boolean leftBehind(SpiderIPPool pool) {
        if (!reclaimable(pool)) {
            return false;
        }
        try {
            if (pool.getStatus() != null && !AllocatedIpsCodec.decode(pool.getStatus().getAllocatedIPs()).isEmpty()) {
                return false;
            }
        } catch (IllegalArgumentException e) {
            return false; // a ledger that does not parse is no proof that nobody uses the pool
        }
        return apps.ownerOf(pool) == AppLookup.Owner.GONE;
    }
}
