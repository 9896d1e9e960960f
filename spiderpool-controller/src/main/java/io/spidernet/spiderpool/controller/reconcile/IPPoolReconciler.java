package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.spidernet.spiderpool.controller.kube.VersionedPatch;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import io.spidernet.spiderpool.core.reconcile.IPPoolStatusPlan;
import org.jboss.logging.Logger;

/**
 * Keeps {@code SpiderIPPool.status.totalIPCount}, initialises {@code allocatedIPCount}, and releases a
 * deleted pool once its last address is freed. Status-only changes (agents allocating) must trigger
 * it too, hence not generation-aware. Never writes {@code allocatedIPs}: that ledger is the agents'.
 *
 * <p>A {@link Cleaner} under upstream's finalizer name because the operator SDK hands deleted objects
 * only to a cleaner, and only when they carry its finalizer; the removal itself stays ours (a
 * version-checked write once the ledger is empty), so the SDK is told never to remove it.
 */
@ControllerConfiguration(name = "spiderippool", generationAwareEventProcessing = false, finalizerName = SpiderpoolGroup.FINALIZER)
public class IPPoolReconciler implements Reconciler<SpiderIPPool>, Cleaner<SpiderIPPool> {
    private static final Logger LOG = Logger.getLogger(IPPoolReconciler.class);

    private final KubernetesClient client;
    private final ReconcileEvents events;

    public IPPoolReconciler(KubernetesClient client, ReconcileEvents events) {
        this.client = client;
        this.events = events;
    }

    @Override
    public UpdateControl<SpiderIPPool> reconcile(SpiderIPPool pool, Context<SpiderIPPool> context) {
        reconcile(pool);
        return UpdateControl.noUpdate();
    }

    @Override
    public DeleteControl cleanup(SpiderIPPool pool, Context<SpiderIPPool> context) {
        reconcile(pool);
        return DeleteControl.noFinalizerRemoval();
    }

    /** One pass; returns whether every write it wanted landed (false: a newer version will come). */
    public boolean reconcile(SpiderIPPool pool) {
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
}
