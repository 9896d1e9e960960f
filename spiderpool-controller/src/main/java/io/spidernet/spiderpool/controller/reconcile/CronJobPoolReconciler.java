package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Auto-pools of CronJobs. No finalizer goes on users' workloads: their reclaimable pools go with them through
 * {@link IPPoolReconciler}'s sweep (within 30 s). The all-events flag would reclaim at the delete
 * event itself, where the operator SDK gets it (quarkus-operator-sdk 7.7.3 drops it, see {@link DeletionWatch}).
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
