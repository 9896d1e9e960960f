package io.spidernet.spiderpool.core.operator;

import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import java.util.Map;
import java.util.Objects;

/**
 * The agent DaemonSet's rollout as its status tells it.
 *
 * @param templateCurrent the live template carries the hash just rendered (the last write took)
 * @param statusCurrent   the DaemonSet controller has seen the live spec ({@code observedGeneration})
 */
public record Rollout(boolean templateCurrent, boolean statusCurrent, int desired, int updated, int available,
                      int unavailable) {

    public static Rollout of(DaemonSet live, String expectedHash) {
        Map<String, String> annotations = live.getSpec() == null || live.getSpec().getTemplate() == null
                || live.getSpec().getTemplate().getMetadata() == null ? null
                : live.getSpec().getTemplate().getMetadata().getAnnotations();
        boolean current = annotations != null && expectedHash.equals(annotations.get(ManagedObjects.CONFIG_HASH_ANNOTATION));
        DaemonSetStatus s = live.getStatus() == null ? new DaemonSetStatus() : live.getStatus();
        boolean seen = s.getObservedGeneration() != null
                && Objects.equals(s.getObservedGeneration(), live.getMetadata().getGeneration());
        return new Rollout(current, seen, n(s.getDesiredNumberScheduled()), n(s.getUpdatedNumberScheduled()),
                n(s.getNumberAvailable()), n(s.getNumberUnavailable()));
    }

    /** Every scheduled agent runs the current template and is available. */
    public boolean complete() {
        return templateCurrent && statusCurrent && updated >= desired && available >= desired && unavailable == 0;
    }

    /**
     * Every scheduled agent is available, of whichever template: during a rollout the agents not yet
     * replaced still serve. Before the DaemonSet controller's first report (nothing scheduled, nothing
     * observed) there is nothing to call available.
     */
    public boolean agentsAvailable() {
        return (statusCurrent || desired > 0) && available >= desired && unavailable == 0;
    }

    private static int n(Integer value) {
        return value == null ? 0 : value;
    }
}
