package io.spidernet.spiderpool.core.gc;

import io.spidernet.spiderpool.core.allocation.AllocationRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a pool's {@code status.allocatedIPs} under the scan: which address of which pool,
 * and who the ledger says holds it.
 */
public record PoolRecord(String pool, String ip, AllocationRecord holder) {
    public PoolRecord {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(holder, "holder");
    }

    /** {@code <namespace>/<name>} as written in the record. */
    public String podKey() {
        return holder.pod() == null ? "" : holder.pod();
    }

    public String podUid() {
        return holder.podUid() == null ? "" : holder.podUid();
    }

    /** The namespace of {@link #podKey}, empty when the key is not {@code <namespace>/<name>}. */
    public Optional<String> namespace() {
        return split().map(parts -> parts[0]);
    }

    /** The name of {@link #podKey}, empty when the key is not {@code <namespace>/<name>}. */
    public Optional<String> name() {
        return split().map(parts -> parts[1]);
    }

    private Optional<String[]> split() {
        String[] parts = podKey().split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parts);
    }

    @Override
    public String toString() {
        return "IP " + ip + " of pool " + pool;
    }
}
