package io.spidernet.spiderpool.core.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Upstream's dead-pod rule, one row per branch. Columns: rule, deletionTimestamp set, phase,
 * restartPolicy, status reason, expected dead; an empty cell is an unset field.
 */
class PodLivenessTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "", textBlock = """
            running pod is alive,                   false,    Running,   Always,        ,        false
            pending pod is alive,                   false,    Pending,   ,              ,        false
            no status is alive,                     false,    ,          ,              ,        false
            deletionTimestamp set is dead,          true,     Running,   Always,        ,        true
            Succeeded with OnFailure is dead,       false,    Succeeded, OnFailure,     ,        true
            Succeeded with Never is dead,           false,    Succeeded, Never,         ,        true
            Succeeded with Always is alive,         false,    Succeeded, Always,        ,        false
            Succeeded with default policy is alive, false,    Succeeded, ,              ,        false
            Failed with Never is dead,              false,    Failed,    Never,         ,        true
            Failed with OnFailure is alive,         false,    Failed,    OnFailure,     ,        false
            Failed with Always is alive,            false,    Failed,    Always,        ,        false
            Failed Evicted is dead whatever policy, false,    Failed,    Always,        Evicted, true
            Evicted reason needs phase Failed,      false,    Running,   Always,        Evicted, false
            """)
    void deadPodRule(String rule, boolean deleting, String phase, String restartPolicy, String reason,
                     boolean dead) {
        PodLiveness liveness = PodLiveness.of(pod(deleting, phase, restartPolicy, reason));
        assertThat(liveness.alive()).as(rule).isEqualTo(!dead);
        if (dead) {
            assertThat(((PodLiveness.Dead) liveness).reason()).isNotBlank();
        }
    }

    private static Pod pod(boolean deleting, String phase, String restartPolicy, String reason) {
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace("ns").withName("p")
                .withDeletionTimestamp(deleting ? "2026-01-01T00:00:00Z" : null).endMetadata()
                .withNewSpec().withRestartPolicy(restartPolicy).endSpec();
        if (phase != null) {
            b.withNewStatus().withPhase(phase).withReason(reason).endStatus();
        }
        return b.build();
    }
}
