package io.spidernet.spiderpool.core.workload;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.Optional;

/**
 * A KubeVirt VM keeps its addresses while it is meant to run. Its VMI comes and goes (stop/start,
 * restart, eviction), so a missing or terminating VMI still counts if a VirtualMachine of the same
 * name is there and not being deleted. A terminating VMI with no VM behind it is a standalone VMI on
 * its way out, so its addresses go.
 *
 * <p>Inputs are two small snapshot records rather than KubeVirt's types, which we do not depend on;
 * {@link Vmi#from} and {@link Vm#from} read them from a {@link GenericKubernetesResource}.
 */
public final class KubevirtValidity {

    /** The VirtualMachineInstance as far as this rule needs it. */
    public record Vmi(boolean terminating, boolean ownedByVm) {
        public static Vmi from(GenericKubernetesResource vmi) {
            ObjectMeta meta = vmi.getMetadata();
            boolean ownedByVm = TopControllers.controllerOf(meta)
                    .filter(ref -> "VirtualMachine".equals(ref.getKind())
                            && ref.getApiVersion() != null && ref.getApiVersion().startsWith("kubevirt.io/"))
                    .isPresent();
            return new Vmi(meta.getDeletionTimestamp() != null, ownedByVm);
        }
    }

    /** The VirtualMachine of the same name as the VMI. */
    public record Vm(boolean terminating) {
        public static Vm from(GenericKubernetesResource vm) {
            return new Vm(vm.getMetadata().getDeletionTimestamp() != null);
        }
    }

    private KubevirtValidity() {}

    /**
     * @param vmi the VMI named by the endpoint, empty when gone
     * @param vm  the VM with that same name, empty when gone (or never existed)
     */
    public static Validity of(Optional<Vmi> vmi, Optional<Vm> vm) {
        if (vmi.isPresent() && !vmi.get().terminating()) {
            return Validity.valid("VMI exists and is not terminating");
        }
        if (vmi.isPresent() && !vmi.get().ownedByVm()) {
            return Validity.invalid("VMI is terminating and has no VirtualMachine owner");
        }
        String vmiState = vmi.isEmpty() ? "VMI not found" : "VMI terminating";
        if (vm.isEmpty()) {
            return Validity.invalid(vmiState + " and VirtualMachine not found");
        }
        if (vm.get().terminating()) {
            return Validity.invalid(vmiState + " and VirtualMachine terminating");
        }
        return Validity.valid(vmiState + " but VirtualMachine exists and is not terminating");
    }
}
