package io.spidernet.spiderpool.core.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.spidernet.spiderpool.core.model.operator.OperatorCondition;
import io.spidernet.spiderpool.core.operator.OperatorConditions.Findings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rollout and problems to Available / Progressing / Degraded, one row per situation. */
class OperatorConditionsTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final String HASH = "h1";

    static Stream<Arguments> situations() {
        Rollout done = Rollout.of(ds(HASH, 2L, 2L, 3, 3, 3, 0), HASH);
        Rollout rolling = Rollout.of(ds(HASH, 2L, 2L, 3, 1, 2, 1), HASH);
        Rollout unseen = Rollout.of(ds(HASH, 3L, 2L, 3, 3, 3, 0), HASH);
        Rollout oldTemplate = Rollout.of(ds("h0", 2L, 2L, 3, 3, 3, 0), HASH);
        Rollout unreported = Rollout.of(new DaemonSetBuilder().withMetadata(new ObjectMetaBuilder().withGeneration(1L).build())
                .withNewSpec().withNewTemplate().withNewMetadata().withAnnotations(Map.of(ManagedObjects.CONFIG_HASH_ANNOTATION, HASH))
                .endMetadata().endTemplate().endSpec().build(), HASH);
        return Stream.of(
                row("created, not yet reported on", findings(unreported, null, List.of()), "False/AgentsUnavailable", "True/RollingOut",
                        "False/AsExpected"),
                row("nothing created yet", findings(null, null, List.of()), "False/AgentDaemonSetMissing", "True/Applying", "False/AsExpected"),
                row("all agents updated and available", findings(done, null, List.of()), "True/AgentsAvailable", "False/RolloutComplete",
                        "False/AsExpected"),
                row("rolling: one updated pod not yet up", findings(rolling, null, List.of()), "False/AgentsUnavailable",
                        "True/RollingOut", "False/AsExpected"),
                row("DaemonSet controller has not seen the new spec", findings(unseen, null, List.of()), "True/AgentsAvailable",
                        "True/RollingOut", "False/AsExpected"),
                row("live template is an older render", findings(oldTemplate, null, List.of()), "True/AgentsAvailable", "True/Applying",
                        "False/AsExpected"),
                row("invalid spec keeps the running agents", findings(done, "spec.ipam: both false", List.of()), "True/AgentsAvailable",
                        "False/InvalidSpec", "True/InvalidSpec"),
                row("an object in the way", new Findings(1, Optional.of(done), null,
                        List.of("DaemonSet kube-system/spiderpool-agent is not labelled"), List.of()), "True/AgentsAvailable",
                        "False/RolloutComplete", "True/ObjectNotManaged"),
                row("a write failed", findings(done, null, List.of("ConfigMap kube-system/spiderpool-conf: 403")), "True/AgentsAvailable",
                        "False/RolloutComplete", "True/ApplyFailed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("situations")
    void conditionsFollowTheRolloutAndTheProblems(String name, Findings f, String available, String progressing, String degraded) {
        List<OperatorCondition> c = OperatorConditions.compute(f, List.of(), T0);
        assertThat(c).extracting(OperatorCondition::getType).containsExactly("Available", "Progressing", "Degraded");
        assertThat(c).extracting(x -> x.getStatus() + "/" + x.getReason()).containsExactly(available, progressing, degraded);
        assertThat(c).allSatisfy(x -> {
            assertThat(x.getObservedGeneration()).isEqualTo(f.generation());
            assertThat(x.getMessage()).isNotBlank();
        });
    }

    @Test
    void degradedSaysWhichObjectBlocks() {
        String blocker = "DaemonSet kube-system/spiderpool-agent exists without label app.kubernetes.io/managed-by=spiderpool-operator";
        OperatorCondition degraded = OperatorConditions.compute(new Findings(4, Optional.empty(), null, List.of(blocker), List.of()),
                List.of(), T0).get(2);
        assertThat(degraded.getMessage()).isEqualTo(blocker);
        assertThat(degraded.getObservedGeneration()).isEqualTo(4);
    }

    @Test
    void aConditionKeepsItsTransitionTimeWhileItsStatusStays() {
        Rollout done = Rollout.of(ds(HASH, 2L, 2L, 3, 3, 3, 0), HASH);
        List<OperatorCondition> first = OperatorConditions.compute(findings(done, null, List.of()), List.of(), T0);
        List<OperatorCondition> same = OperatorConditions.compute(findings(done, null, List.of()), first, T0.plusSeconds(60));
        assertThat(same).isEqualTo(first);
        List<OperatorCondition> broken = OperatorConditions.compute(findings(done, null, List.of("x: 500")), first, T0.plusSeconds(90));
        assertThat(broken.get(0).getLastTransitionTime()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(broken.get(2).getLastTransitionTime()).isEqualTo("2026-11-27T10:01:30Z");
    }

    private static Findings findings(Rollout rollout, String invalid, List<String> failures) {
        return new Findings(7, Optional.ofNullable(rollout), invalid, List.of(), failures);
    }

    private static DaemonSet ds(String hash, Long generation, Long observed, int desired, int updated, int available, int unavailable) {
        return new DaemonSetBuilder().withMetadata(new ObjectMetaBuilder().withName("spiderpool-agent").withGeneration(generation).build())
                .withNewSpec().withNewTemplate().withNewMetadata().withAnnotations(Map.of(ManagedObjects.CONFIG_HASH_ANNOTATION, hash))
                .endMetadata().endTemplate().endSpec()
                .withNewStatus().withObservedGeneration(observed).withDesiredNumberScheduled(desired)
                .withUpdatedNumberScheduled(updated).withNumberAvailable(available).withNumberUnavailable(unavailable).endStatus().build();
    }

    private static Arguments row(String name, Findings f, String available, String progressing, String degraded) {
        return Arguments.of(name, f, available, progressing, degraded);
    }
}
