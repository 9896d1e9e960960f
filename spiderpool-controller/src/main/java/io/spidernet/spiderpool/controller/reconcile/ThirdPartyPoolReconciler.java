package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.autopool.AppWorkload;
import io.spidernet.spiderpool.core.autopool.Application;
import io.spidernet.spiderpool.core.selection.PodFacts.TopController;
import io.spidernet.spiderpool.core.workload.TopControllers;
import java.util.Map;
import java.util.Optional;

/**
 * Auto-pools of third-party controllers (an OpenKruise CloneSet, a KubeVirt VM pool...), whose
 * objects this controller cannot read as workloads: their pods carry the request (subnet annotation
 * and a fixed {@code ippool-ip-number}), and the first pod of the application makes its pools, which
 * the agent then waits for at ADD. Upstream's agent creates them itself at ADD; here the controller
 * stays the only writer of auto-pools. Their deletion is {@link IPPoolReconciler}'s: it re-checks the
 * owner of a reclaimable pool every 30 s, since no informer watches kinds unknown in advance.
 */
@ControllerConfiguration(name = "autopool-thirdparty-pods")
public class ThirdPartyPoolReconciler implements Reconciler<Pod> {
    private final AutoPoolSync sync;

    public ThirdPartyPoolReconciler(AutoPoolSync sync) {
        this.sync = sync;
    }

    @Override
    public UpdateControl<Pod> reconcile(Pod pod, Context<Pod> context) {
        return thirdPartyApp(pod)
                .flatMap(app -> sync.sync(pod, () -> AppWorkload.thirdParty(app, 0, annotations(pod))))
                .map(again -> UpdateControl.<Pod>noUpdate().rescheduleAfter(again))
                .orElseGet(UpdateControl::noUpdate);
    }

    /** The pod's third-party application, when the pod asks for auto-pools and is owned by one. */
    static Optional<Application> thirdPartyApp(Pod pod) {
        Map<String, String> a = annotations(pod);
        if (!a.containsKey(SpiderpoolAnnotations.SUBNET) && !a.containsKey(SpiderpoolAnnotations.SUBNETS)) {
            return Optional.empty();
        }
        // the direct owner is enough: ReplicaSets and Jobs are built in, and a third-party chain is not followed
        TopController top = TopControllers.resolve(pod, ref -> Optional.empty());
        return TopControllers.isThirdParty(top) ? Optional.of(Application.of(top)) : Optional.empty();
    }

    private static Map<String, String> annotations(Pod pod) {
        return pod.getMetadata().getAnnotations() == null ? Map.of() : pod.getMetadata().getAnnotations();
    }
}
