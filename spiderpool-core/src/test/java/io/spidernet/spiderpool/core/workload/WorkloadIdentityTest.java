package io.spidernet.spiderpool.core.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.selection.PodFacts.TopController;
import io.spidernet.spiderpool.core.workload.WorkloadIdentity.KubevirtVm;
import io.spidernet.spiderpool.core.workload.WorkloadIdentity.StatefulSetPod;
import io.spidernet.spiderpool.core.workload.WorkloadIdentity.Stateless;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The identity decision, one row per kind of owner and feature switch, with the endpoint facts it implies. */
class WorkloadIdentityTest {

    private static final SpiderpoolConf ON = SpiderpoolConf.defaults();
    private static final SpiderpoolConf OFF = new SpiderpoolConf(true, true, false, false, true, true, false,
            false, false, 5000);

    private static final TopController STS = new TopController("apps", "apps/v1", "StatefulSet", "ns", "db", "u");
    private static final TopController VMI =
            new TopController("kubevirt.io", "kubevirt.io/v1", "VirtualMachineInstance", "ns", "vm1", "u");
    private static final TopController DEPLOY = new TopController("apps", "apps/v1", "Deployment", "ns", "web", "u");

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("Deployment pod is stateless", "web-abc", DEPLOY, ON,
                        new Stateless("ns", "web-abc", "pod-uid"), "web-abc", true),
                Arguments.of("StatefulSet pod with switch on keeps its slot", "db-2", STS, ON,
                        new StatefulSetPod("ns", "db-2", "db", 2), "db-2", false),
                Arguments.of("StatefulSet pod with switch off is stateless", "db-2", STS, OFF,
                        new Stateless("ns", "db-2", "pod-uid"), "db-2", true),
                Arguments.of("StatefulSet pod with a non-ordinal name is stateless", "db-x", STS, ON,
                        new Stateless("ns", "db-x", "pod-uid"), "db-x", true),
                Arguments.of("KubeVirt launcher pod with switch on is the VM, endpoint named by VMI",
                        "virt-launcher-vm1-abcde", VMI, ON, new KubevirtVm("ns", "vm1"), "vm1", false),
                Arguments.of("KubeVirt launcher pod with switch off is stateless", "virt-launcher-vm1-abcde", VMI, OFF,
                        new Stateless("ns", "virt-launcher-vm1-abcde", "pod-uid"), "virt-launcher-vm1-abcde", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void identityRule(String rule, String podName, TopController top, SpiderpoolConf conf, WorkloadIdentity expected,
                      String endpointName, boolean ownedByPod) {
        Pod pod = new PodBuilder().withNewMetadata().withNamespace("ns").withName(podName).withUid("pod-uid")
                .endMetadata().build();
        WorkloadIdentity identity = WorkloadIdentity.of(pod, top, conf);
        assertThat(identity).as(rule).isEqualTo(expected);
        assertThat(identity.endpointName()).isEqualTo(endpointName);
        assertThat(identity.endpointOwnedByPod()).isEqualTo(ownedByPod);
        assertThat(identity.keepsAddresses()).isEqualTo(!ownedByPod);
    }

    static Stream<Arguments> recordedRules() {
        return Stream.of(
                Arguments.of("a Deployment's record is stateless", "web-abc", "Deployment", "web", ON,
                        new Stateless("ns", "web-abc", "pod-uid")),
                Arguments.of("a StatefulSet's record keeps its slot", "db-2", "StatefulSet", "db", ON,
                        new StatefulSetPod("ns", "db-2", "db", 2)),
                Arguments.of("a StatefulSet's record with the switch off is stateless", "db-2", "StatefulSet", "db", OFF,
                        new Stateless("ns", "db-2", "pod-uid")),
                Arguments.of("a StatefulSet's record with a non-ordinal name is stateless", "db-x", "StatefulSet", "db", ON,
                        new Stateless("ns", "db-x", "pod-uid")),
                Arguments.of("a VMI's record is the VM", "vm1", "VirtualMachineInstance", "vm1", ON, new KubevirtVm("ns", "vm1")),
                Arguments.of("a VMI's record without an owner name is named by the record", "vm1", "VirtualMachineInstance",
                        null, ON, new KubevirtVm("ns", "vm1")),
                Arguments.of("a VMI's record with the switch off is stateless", "vm1", "VirtualMachineInstance", "vm1", OFF,
                        new Stateless("ns", "vm1", "pod-uid")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedRules")
    void recordedIdentityRule(String rule, String name, String ownerKind, String ownerName, SpiderpoolConf conf,
                              WorkloadIdentity expected) {
        assertThat(WorkloadIdentity.recorded("ns", name, "pod-uid", ownerKind, ownerName, conf)).as(rule).isEqualTo(expected);
    }
}
