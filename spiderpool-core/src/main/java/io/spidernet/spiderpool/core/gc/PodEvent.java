package io.spidernet.spiderpool.core.gc;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Objects;

/** What the pod informer told the trace GC. */
public sealed interface PodEvent {

    Pod pod();

    /** The pod was added or changed; {@code pod} is how it is now. */
    record Changed(Pod pod) implements PodEvent {
        public Changed {
            Objects.requireNonNull(pod, "pod");
        }
    }

    /** The pod was deleted; {@code pod} is its last known state. */
    record Deleted(Pod pod) implements PodEvent {
        public Deleted {
            Objects.requireNonNull(pod, "pod");
        }
    }
}
