package io.spidernet.spiderpool.core.operator;

import io.spidernet.spiderpool.core.model.operator.OperatorCondition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Available, Progressing and Degraded from one reconcile's findings, in OLM's sense: Available while
 * every scheduled agent is up, Progressing while a rollout (or a write) is under way, Degraded while
 * something needs a person (an invalid spec, an object the operator may not touch, a failing write).
 * A condition keeps its lastTransitionTime while its status stays.
 */
public final class OperatorConditions {
    private OperatorConditions() {}

    /**
     * @param rollout      the agent DaemonSet's, empty when there is none
     * @param invalidSpec  why the spec cannot be rendered, or null
     * @param blocked      objects in the way that the operator does not manage, each named
     * @param failures     writes that failed this time, each named with the error
     */
    public record Findings(long generation, Optional<Rollout> rollout, String invalidSpec, List<String> blocked,
                           List<String> failures) {
        public Findings {
            blocked = List.copyOf(blocked);
            failures = List.copyOf(failures);
        }
    }

    public static List<OperatorCondition> compute(Findings f, List<OperatorCondition> previous, Instant now) {
        List<OperatorCondition> out = new ArrayList<>();
        out.add(available(f, previous, now));
        out.add(progressing(f, previous, now));
        out.add(degraded(f, previous, now));
        return out;
    }

    private static OperatorCondition available(Findings f, List<OperatorCondition> previous, Instant now) {
        if (f.rollout().isEmpty()) {
            return condition(OperatorCondition.AVAILABLE, false, "AgentDaemonSetMissing",
                    "the spiderpool-agent DaemonSet does not exist yet", f, previous, now);
        }
        Rollout r = f.rollout().get();
        if (!r.agentsAvailable()) {
            return condition(OperatorCondition.AVAILABLE, false, "AgentsUnavailable",
                    r.available() + " of " + r.desired() + " agents available", f, previous, now);
        }
        return condition(OperatorCondition.AVAILABLE, true, "AgentsAvailable",
                r.available() + " of " + r.desired() + " agents available", f, previous, now);
    }

    private static OperatorCondition progressing(Findings f, List<OperatorCondition> previous, Instant now) {
        if (f.invalidSpec() != null) {
            return condition(OperatorCondition.PROGRESSING, false, "InvalidSpec",
                    "nothing is rolled out until the spec is fixed", f, previous, now);
        }
        if (f.rollout().isEmpty() || !f.rollout().get().templateCurrent()) {
            return condition(OperatorCondition.PROGRESSING, true, "Applying",
                    "the agent DaemonSet is being created or updated", f, previous, now);
        }
        Rollout r = f.rollout().get();
        if (!r.complete()) {
            return condition(OperatorCondition.PROGRESSING, true, "RollingOut", r.updated() + " of " + r.desired()
                    + " agents updated, " + r.available() + " available", f, previous, now);
        }
        return condition(OperatorCondition.PROGRESSING, false, "RolloutComplete",
                "all " + r.desired() + " agents run the current configuration", f, previous, now);
    }

    private static OperatorCondition degraded(Findings f, List<OperatorCondition> previous, Instant now) {
        if (f.invalidSpec() != null) {
            return condition(OperatorCondition.DEGRADED, true, "InvalidSpec", f.invalidSpec(), f, previous, now);
        }
        if (!f.blocked().isEmpty()) {
            return condition(OperatorCondition.DEGRADED, true, "ObjectNotManaged", String.join("; ", f.blocked()), f,
                    previous, now);
        }
        if (!f.failures().isEmpty()) {
            return condition(OperatorCondition.DEGRADED, true, "ApplyFailed", String.join("; ", f.failures()), f,
                    previous, now);
        }
        return condition(OperatorCondition.DEGRADED, false, "AsExpected", "every managed object matches the spec", f,
                previous, now);
    }

    private static OperatorCondition condition(String type, boolean status, String reason, String message, Findings f,
                                               List<OperatorCondition> previous, Instant now) {
        String since = previous.stream().filter(c -> type.equals(c.getType()) && c.isTrue() == status
                        && c.getLastTransitionTime() != null).map(OperatorCondition::getLastTransitionTime).findFirst()
                .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
        return new OperatorCondition(type, status, f.generation(), since, reason, message);
    }
}
