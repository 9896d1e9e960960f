package io.spidernet.spiderpool.controller.gc;

import io.spidernet.spiderpool.core.gc.TraceEntry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pods on their way out, by {@code namespace/name} (upstream's PodEntry DB): a newer entry replaces an
 * older one; beyond the capacity new entries are refused (the scan-all still finds their addresses).
 */
final class TraceDb {
    record Tracked(TraceEntry entry, int failures) {}

    private final ConcurrentHashMap<String, Tracked> entries = new ConcurrentHashMap<>();
    private final int capacity;

    TraceDb(int capacity) {
        this.capacity = capacity;
    }

    /** False when full. */
    boolean put(TraceEntry entry) {
        if (entries.size() >= capacity && !entries.containsKey(entry.key())) {
            return false;
        }
        entries.put(entry.key(), new Tracked(entry, 0));
        return true;
    }

    /** The expired entries, taken out of the DB. */
    List<Tracked> takeExpired(Instant now) {
        List<Tracked> due = entries.values().stream().filter(t -> t.entry().expiredAt(now)).toList();
        due.forEach(t -> entries.remove(t.entry().key(), t));
        return due;
    }

    /** Puts a failed entry back for the next round unless a newer one arrived meanwhile. */
    void retry(Tracked failed) {
        entries.putIfAbsent(failed.entry().key(), new Tracked(failed.entry(), failed.failures() + 1));
    }

    int size() {
        return entries.size();
    }
}
