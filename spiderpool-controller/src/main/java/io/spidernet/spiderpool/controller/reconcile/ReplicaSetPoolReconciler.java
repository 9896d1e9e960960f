package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Auto-pools of ReplicaSets that no Deployment controls (a Deployment's pool is the Deployment's).
 * No finalizer goes on users' workloads: their reclaimable pools go with them through
 * {@link IPPoolReconciler}'s sweep (within 30 s). The all-events flag would reclaim at the delete
 * event itself, where the operator SDK gets it (quarkus-operator-sdk 7.7.3 drops it, see {@link DeletionWatch}).
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
