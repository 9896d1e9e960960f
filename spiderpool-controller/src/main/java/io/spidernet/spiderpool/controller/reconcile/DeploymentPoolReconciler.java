package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Auto-pools of Deployments. No finalizer goes on users' workloads: their reclaimable pools go with them through
 * {@link IPPoolReconciler}'s sweep (within 30 s). The all-events flag would reclaim at the delete
 * event itself, where the operator SDK gets it (quarkus-operator-sdk 7.7.3 drops it, see {@link DeletionWatch}).
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
