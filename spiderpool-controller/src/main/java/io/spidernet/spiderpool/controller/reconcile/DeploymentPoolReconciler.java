package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Auto-pools of Deployments. Sees deletions through the operator SDK's all-events mode rather than a
 * finalizer, which would hold up every Deployment in the cluster on this controller; a deletion missed
 * while no controller leads is caught by {@link IPPoolReconciler}'s sweep.
 */
@ControllerConfiguration(name = "autopool-deployment", triggerReconcilerOnAllEvents = true)
public class DeploymentPoolReconciler implements Reconciler<Deployment> {
    private final AutoPoolSync sync;

    public DeploymentPoolReconciler(AutoPoolSync sync) {
        this.sync = sync;
    }

    @Override
    public UpdateControl<Deployment> reconcile(Deployment app, Context<Deployment> context) {
        return sync.onEvent(app, context.isPrimaryResourceDeleted());
    }
}
