package io.spidernet.spiderpool.core.gc;

import java.time.Instant;
import java.util.Objects;

/**
 * What the scan-all decided for one pool record. The reason is a sentence for logs, events and the
 * "what would be freed and why" preview: it names the pod, the address, the pool and the rule.
 */
public sealed interface ScanVerdict {

    String reason();

    /** Leave the record alone. */
    record Keep(String reason) implements ScanVerdict {
        public Keep {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Free the address (the record is removed only while it still carries the scanned pod UID) and,
     * with {@code deleteEndpoint}, delete the pod's SpiderEndpoint and remove its finalizer.
     */
    record Release(String reason, boolean deleteEndpoint) implements ScanVerdict {
        public Release {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Keep the record for now, and have the trace GC look again at {@code until}: the pod is on its
     * way out but its grace period is not over.
     */
    record Trace(Instant until, String reason) implements ScanVerdict {
        public Trace {
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A short name of the verdict for tables: {@code Keep}, {@code Release}, {@code Trace}. */
    default String kind() {
        return getClass().getSimpleName();
    }
}
