package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Whether a workload is run by a controller of a given kind, so that its pools are that controller's. */
final class ControllerOwner {
    private ControllerOwner() {}

    static boolean is(HasMetadata workload, String kind) {
        var refs = workload.getMetadata().getOwnerReferences();
        return refs != null && refs.stream().anyMatch(r -> Boolean.TRUE.equals(r.getController()) && kind.equals(r.getKind()));
    }
}
