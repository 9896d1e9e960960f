package io.spidernet.spiderpool.core.operator;

import static io.spidernet.spiderpool.core.operator.OperatorFixtures.desired;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which edits of a live object count as drift (and where), and which are the API server's or others' business. */
class DriftTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DesiredState D = desired(s -> { });

    static Stream<Arguments> cases() {
        return Stream.of(
                row("unchanged DaemonSet", D.daemonSet(), DaemonSet.class, ds -> { }, null),
                row("API server defaults added", D.daemonSet(), DaemonSet.class, ds -> {
                    ds.getSpec().setRevisionHistoryLimit(10);
                    ds.getSpec().getTemplate().getSpec().getContainers().getFirst().setTerminationMessagePath("/dev/termination-log");
                    ds.getSpec().getTemplate().getSpec().setSchedulerName("default-scheduler");
                    ds.getMetadata().setResourceVersion("42");
                    ds.getMetadata().getAnnotations().put("deprecated.daemonset.template.generation", "3");
                }, null),
                row("image edited", D.daemonSet(), DaemonSet.class,
                        ds -> ds.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage("evil:latest"),
                        "spec.template.spec.containers[0].image"),
                row("env var added", D.daemonSet(), DaemonSet.class, ds -> ds.getSpec().getTemplate().getSpec().getContainers()
                        .getFirst().getEnv().add(new EnvVar("EXTRA", "1", null)), "spec.template.spec.containers[0].env"),
                row("hash annotation edited", D.daemonSet(), DaemonSet.class, ds -> ds.getSpec().getTemplate().getMetadata()
                        .getAnnotations().put(ManagedObjects.CONFIG_HASH_ANNOTATION, "x"),
                        "spec.template.metadata.annotations.spiderpool.spidernet.io/config-hash"),
                row("hostNetwork off", D.daemonSet(), DaemonSet.class, ds -> ds.getSpec().getTemplate().getSpec().setHostNetwork(false),
                        "spec.template.spec.hostNetwork"),
                row("our label removed", D.daemonSet(), DaemonSet.class,
                        ds -> ds.getMetadata().getLabels().remove("app.kubernetes.io/component"), "metadata.labels.app.kubernetes.io/component"),
                row("foreign label added", D.configMap(), ConfigMap.class, cm -> cm.getMetadata().getLabels().put("team", "net"), null),
                row("conf.yml edited", D.configMap(), ConfigMap.class,
                        cm -> cm.getData().put("conf.yml", "enableIPv4: false\n"), "data.conf.yml"),
                row("caBundle set by the certificate keeper", D.validating(), ValidatingWebhookConfiguration.class,
                        v -> v.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle("LS0t")), null),
                row("failurePolicy relaxed", D.validating(), ValidatingWebhookConfiguration.class,
                        v -> v.getWebhooks().get(2).setFailurePolicy("Ignore"), "webhooks[2].failurePolicy"),
                row("webhook removed", D.validating(), ValidatingWebhookConfiguration.class,
                        v -> v.getWebhooks().removeLast(), "webhooks"),
                row("coordinator status written", D.coordinator(), SpiderCoordinator.class, c -> {
                    c.setStatus(new io.spidernet.spiderpool.core.model.coordinator.CoordinatorStatus());
                    c.getStatus().setPhase("Synced");
                }, null),
                row("coordinator spec edited", D.coordinator(), SpiderCoordinator.class,
                        c -> c.getSpec().setHostRuleTable(501), "spec.hostRuleTable"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void driftIsAChangeOfWhatTheOperatorSets(String name, HasMetadata live, String expected) {
        assertThat(Drift.firstDifference(desiredOf(live), live)).isEqualTo(Optional.ofNullable(expected));
    }

    private static HasMetadata desiredOf(HasMetadata live) {
        return D.objects().stream().filter(o -> o.getKind().equals(live.getKind())).findFirst().orElseThrow();
    }

    /** A copy of {@code desired} edited as a user or the API server would. */
    private static <T extends HasMetadata> Arguments row(String name, HasMetadata desired, Class<T> type, Consumer<T> edit,
                                                         String expected) {
        T live = JSON.convertValue(JSON.valueToTree(desired), type);
        if (live.getMetadata().getAnnotations() == null) {
            live.getMetadata().setAnnotations(new java.util.HashMap<>());
        }
        edit.accept(live);
        return Arguments.of(name, live, expected);
    }
}
