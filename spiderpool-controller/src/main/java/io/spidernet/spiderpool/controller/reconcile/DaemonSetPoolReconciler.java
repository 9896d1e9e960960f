package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Auto-pools of DaemonSets, sized by status.desiredNumberScheduled (so status changes count). Sees
 * deletions through the operator SDK's all-events mode rather than a finalizer, which would hold
 * up every DaemonSet in the cluster on this controller; a deletion missed while no controller
 * leads is caught by {@link IPPoolReconciler}'s sweep.
 */
@ControllerConfiguration(name = "autopool-daemonset", triggerReconcilerOnAllEvents = true, generationAwareEventProcessing = false)
public class DaemonSetPoolReconciler implements Reconciler<DaemonSet> {
    private final AutoPoolSync sync;

    public DaemonSetPoolReconciler(AutoPoolSync sync) {
        this.sync = sync;
    }

    @Override
    public UpdateControl<DaemonSet> reconcile(DaemonSet app, Context<DaemonSet> context) {
        return sync.onEvent(app, context.isPrimaryResourceDeleted());
    }
}
