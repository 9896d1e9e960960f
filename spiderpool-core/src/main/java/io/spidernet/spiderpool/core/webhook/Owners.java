package io.spidernet.spiderpool.core.webhook;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import java.util.Optional;

/** Metadata questions the rules ask of objects: controller, finalizer, name. */
final class Owners {
    static final String SUBNET_KIND = "SpiderSubnet";

    private Owners() {}

    static Optional<OwnerReference> controllerOf(ObjectMeta meta) {
        return meta == null || meta.getOwnerReferences() == null ? Optional.empty()
                : meta.getOwnerReferences().stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
    }

    /** The SpiderSubnet controlling a pool; other controllers (none upstream) are not subnet business. */
    static Optional<String> controllingSubnet(ObjectMeta meta) {
        return controllerOf(meta).filter(Owners::isSpiderSubnet).map(OwnerReference::getName);
    }

    static boolean isSpiderSubnet(OwnerReference ref) {
        return SUBNET_KIND.equals(ref.getKind()) && ref.getApiVersion() != null
                && ref.getApiVersion().startsWith(SpiderpoolGroup.GROUP + "/");
    }

    static boolean hasFinalizer(HasMetadata object) {
        ObjectMeta meta = object.getMetadata();
        return meta != null && meta.getFinalizers() != null && meta.getFinalizers().contains(SpiderpoolGroup.FINALIZER);
    }

    static boolean isTerminating(HasMetadata object) {
        return object.getMetadata() != null && object.getMetadata().getDeletionTimestamp() != null;
    }

    static String nameOf(HasMetadata object) {
        return object.getMetadata() == null ? "" : String.valueOf(object.getMetadata().getName());
    }
}
