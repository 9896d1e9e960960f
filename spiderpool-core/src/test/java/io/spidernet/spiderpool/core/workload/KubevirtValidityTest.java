package io.spidernet.spiderpool.core.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.spidernet.spiderpool.core.workload.KubevirtValidity.Vm;
import io.spidernet.spiderpool.core.workload.KubevirtValidity.Vmi;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The KubeVirt keep-the-address rule (§4.9). Columns: rule, VMI state, VM state, expected valid.
 * States: {@code gone}, {@code live}, {@code terminating}; a VMI may also be {@code terminating-owned}
 * (terminating with a VirtualMachine owner).
 */
class KubevirtValidityTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            live VMI is valid whatever the VM,               live,              gone,        true
            VMI gone but live VM is valid,                   gone,              live,        true
            VMI gone and VM gone is invalid,                 gone,              gone,        false
            VMI gone and VM terminating is invalid,          gone,              terminating, false
            terminating owned VMI with live VM is valid,     terminating-owned, live,        true
            terminating owned VMI with VM gone is invalid,   terminating-owned, gone,        false
            terminating owned VMI and VM terminating invalid, terminating-owned, terminating, false
            terminating VMI without VM owner is invalid,     terminating,       live,        false
            """)
    void kubevirtRule(String rule, String vmiState, String vmState, boolean valid) {
        Optional<Vmi> vmi = switch (vmiState) {
            case "gone" -> Optional.empty();
            case "live" -> Optional.of(new Vmi(false, true));
            case "terminating" -> Optional.of(new Vmi(true, false));
            default -> Optional.of(new Vmi(true, true));
        };
        Optional<Vm> vm = switch (vmState) {
            case "gone" -> Optional.empty();
            case "live" -> Optional.of(new Vm(false));
            default -> Optional.of(new Vm(true));
        };
        Validity validity = KubevirtValidity.of(vmi, vm);
        assertThat(validity.valid()).as(rule + ": " + validity.reason()).isEqualTo(valid);
    }

    @Test
    void snapshotsReadFromGenericResources() {
        GenericKubernetesResource vmi = new GenericKubernetesResourceBuilder()
                .withApiVersion("kubevirt.io/v1").withKind("VirtualMachineInstance")
                .withNewMetadata().withName("vm1").withDeletionTimestamp("2026-01-01T00:00:00Z")
                .addNewOwnerReference().withApiVersion("kubevirt.io/v1").withKind("VirtualMachine").withName("vm1")
                .withController(true).endOwnerReference().endMetadata().build();
        GenericKubernetesResource vm = new GenericKubernetesResourceBuilder()
                .withApiVersion("kubevirt.io/v1").withKind("VirtualMachine")
                .withNewMetadata().withName("vm1").endMetadata().build();
        assertThat(Vmi.from(vmi)).isEqualTo(new Vmi(true, true));
        assertThat(Vm.from(vm)).isEqualTo(new Vm(false));

        GenericKubernetesResource standalone = new GenericKubernetesResourceBuilder()
                .withApiVersion("kubevirt.io/v1").withKind("VirtualMachineInstance")
                .withNewMetadata().withName("vm2").endMetadata().build();
        assertThat(Vmi.from(standalone)).isEqualTo(new Vmi(false, false));
    }
}
