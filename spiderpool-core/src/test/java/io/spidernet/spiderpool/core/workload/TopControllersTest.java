package io.spidernet.spiderpool.core.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.spidernet.spiderpool.core.selection.PodFacts.TopController;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Top-controller resolution, one row per upstream rule. */
class TopControllersTest {

    private static OwnerReference ref(String apiVersion, String kind, String name, boolean controller) {
        return new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withName(name)
                .withUid(name + "-uid").withController(controller).build();
    }

    private static OwnerReference ctl(String apiVersion, String kind, String name) {
        return ref(apiVersion, kind, name, true);
    }

    private static TopController top(String group, String apiVersion, String kind, String name) {
        return new TopController(group, apiVersion, kind, "ns", name, name + "-uid");
    }

    static Stream<Arguments> rules() {
        OwnerReference rs = ctl("apps/v1", "ReplicaSet", "web-5d8");
        OwnerReference job = ctl("batch/v1", "Job", "nightly-123");
        OwnerReference vmi = ctl("kubevirt.io/v1", "VirtualMachineInstance", "vm1");
        return Stream.of(
                Arguments.of("no owner is the pod itself", null, Map.of(), top("", "v1", "Pod", "p")),
                Arguments.of("ReplicaSet owned by Deployment is the Deployment", rs,
                        Map.of(rs, ctl("apps/v1", "Deployment", "web")), top("apps", "apps/v1", "Deployment", "web")),
                Arguments.of("ReplicaSet without owner is the ReplicaSet", rs, Map.of(),
                        top("apps", "apps/v1", "ReplicaSet", "web-5d8")),
                Arguments.of("ReplicaSet owned by a non-Deployment is the ReplicaSet", rs,
                        Map.of(rs, ctl("argoproj.io/v1alpha1", "Rollout", "r")),
                        top("apps", "apps/v1", "ReplicaSet", "web-5d8")),
                Arguments.of("Job owned by CronJob is the CronJob", job,
                        Map.of(job, ctl("batch/v1", "CronJob", "nightly")), top("batch", "batch/v1", "CronJob", "nightly")),
                Arguments.of("Job without owner is the Job", job, Map.of(), top("batch", "batch/v1", "Job", "nightly-123")),
                Arguments.of("DaemonSet as-is", ctl("apps/v1", "DaemonSet", "ds"), Map.of(),
                        top("apps", "apps/v1", "DaemonSet", "ds")),
                Arguments.of("StatefulSet as-is", ctl("apps/v1", "StatefulSet", "db"), Map.of(),
                        top("apps", "apps/v1", "StatefulSet", "db")),
                Arguments.of("third-party owner (KubeVirt VMI) is the direct owner", vmi,
                        Map.of(vmi, ctl("kubevirt.io/v1", "VirtualMachine", "vm1")),
                        top("kubevirt.io", "kubevirt.io/v1", "VirtualMachineInstance", "vm1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void topControllerRule(String rule, OwnerReference owner, Map<OwnerReference, OwnerReference> owners,
                           TopController expected) {
        Pod pod = pod(owner == null ? List.of() : List.of(owner));
        assertThat(TopControllers.resolve(pod, o -> Optional.ofNullable(owners.get(o)))).as(rule).isEqualTo(expected);
    }

    @Test
    void onlyTheControllerOwnerCounts() {
        Pod pod = pod(List.of(ref("apps/v1", "StatefulSet", "not-controller", false)));
        assertThat(TopControllers.resolve(pod, o -> Optional.empty()).kind()).isEqualTo("Pod");
    }

    @Test
    void ownerLookupIsAskedOnlyAboutReplicaSetsAndJobs() {
        List<OwnerReference> asked = new ArrayList<>();
        TopControllers.resolve(pod(List.of(ctl("apps/v1", "DaemonSet", "ds"))), o -> {
            asked.add(o);
            return Optional.empty();
        });
        assertThat(asked).isEmpty();
    }

    @Test
    void thirdPartyMeansNotABuiltInApiVersion() {
        assertThat(TopControllers.isThirdParty(top("kubevirt.io", "kubevirt.io/v1", "VirtualMachineInstance", "v")))
                .isTrue();
        assertThat(TopControllers.isThirdParty(top("apps", "apps/v1", "StatefulSet", "s"))).isFalse();
        assertThat(TopControllers.isThirdParty(top("", "v1", "Pod", "p"))).isFalse();
    }

    private static Pod pod(List<OwnerReference> owners) {
        return new PodBuilder().withNewMetadata().withNamespace("ns").withName("p").withUid("p-uid")
                .withOwnerReferences(owners).endMetadata().build();
    }
}
