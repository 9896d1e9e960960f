package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Auto-pools of Jobs that no CronJob controls (a CronJob's pool is the CronJob's). No finalizer goes on users' workloads: their reclaimable pools go with them through
 * {@link IPPoolReconciler}'s sweep (within 30 s). The all-events flag would reclaim at the delete
 * event itself, where the operator SDK gets it (quarkus-operator-sdk 7.7.3 drops it, see {@link DeletionWatch}).
 */
@ControllerConfiguration(name = "autopool-job", triggerReconcilerOnAllEvents = true)
public class JobPoolReconciler implements Reconciler<Job> {
    private final AutoPoolSync sync;

    public JobPoolReconciler(AutoPoolSync sync) {
        this.sync = sync;
    }

    @Override
    public UpdateControl<Job> reconcile(Job app, Context<Job> context) {
        if (ControllerOwner.is(app, "CronJob")) {
            return UpdateControl.noUpdate();
        }
        return sync.onEvent(app, context.isPrimaryResourceDeleted());
    }
}
