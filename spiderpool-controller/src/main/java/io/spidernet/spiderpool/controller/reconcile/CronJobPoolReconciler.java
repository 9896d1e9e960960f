package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Auto-pools of CronJobs. Sees deletions through the operator SDK's all-events mode rather than a
 * finalizer, which would hold up every CronJob in the cluster on this controller; a deletion missed
 * while no controller leads is caught by {@link IPPoolReconciler}'s sweep.
 */
@ControllerConfiguration(name = "autopool-cronjob", triggerReconcilerOnAllEvents = true)
public class CronJobPoolReconciler implements Reconciler<CronJob> {
    private final AutoPoolSync sync;

    public CronJobPoolReconciler(AutoPoolSync sync) {
        this.sync = sync;
    }

    @Override
    public UpdateControl<CronJob> reconcile(CronJob app, Context<CronJob> context) {
        return sync.onEvent(app, context.isPrimaryResourceDeleted());
    }
}
