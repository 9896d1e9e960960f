package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Auto-pools of Jobs that no CronJob controls (a CronJob's pool is the CronJob's). Sees deletions
 * through the operator SDK's all-events mode rather than a finalizer, which would hold up every
 * Job in the cluster on this controller; a deletion missed while no controller leads is caught by
 * {@link IPPoolReconciler}'s sweep.
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
