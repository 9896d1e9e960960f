package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Auto-pools of ReplicaSets that no Deployment controls (a Deployment's pool is the Deployment's).
 * Sees deletions through the operator SDK's all-events mode rather than a finalizer, which would
 * hold up every ReplicaSet in the cluster on this controller; a deletion missed while no
 * controller leads is caught by {@link IPPoolReconciler}'s sweep.
 */
@ControllerConfiguration(name = "autopool-replicaset", triggerReconcilerOnAllEvents = true)
public class ReplicaSetPoolReconciler implements Reconciler<ReplicaSet> {
    private final AutoPoolSync sync;

    public ReplicaSetPoolReconciler(AutoPoolSync sync) {
        this.sync = sync;
    }

    @Override
    public UpdateControl<ReplicaSet> reconcile(ReplicaSet app, Context<ReplicaSet> context) {
        if (ControllerOwner.is(app, "Deployment")) {
            return UpdateControl.noUpdate();
        }
        return sync.onEvent(app, context.isPrimaryResourceDeleted());
    }
}
