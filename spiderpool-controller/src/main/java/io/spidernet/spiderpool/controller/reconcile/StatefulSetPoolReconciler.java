package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Auto-pools of StatefulSets. Sees deletions through the operator SDK's all-events mode rather than a
 * finalizer, which would hold up every StatefulSet in the cluster on this controller; a deletion missed
 * while no controller leads is caught by {@link IPPoolReconciler}'s sweep.
 */
@ControllerConfiguration(name = "autopool-statefulset", triggerReconcilerOnAllEvents = true)
public class StatefulSetPoolReconciler implements Reconciler<StatefulSet> {
    private final AutoPoolSync sync;

    public StatefulSetPoolReconciler(AutoPoolSync sync) {
        this.sync = sync;
    }

    @Override
    public UpdateControl<StatefulSet> reconcile(StatefulSet app, Context<StatefulSet> context) {
        return sync.onEvent(app, context.isPrimaryResourceDeleted());
    }
}
