package io.spidernet.spiderpool.core.gc;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One line of the "what would the GC free, and why" preview: a pool record and the scan-all's verdict
 * on it. The controller builds one per record from the same {@link ScanAllRules#verdict} call the real
 * scan makes, so the preview cannot disagree with it.
 *
 * @param verdict       {@code Keep}, {@code Release} or {@code Trace}
 * @param traceUntil    for {@code Trace}, when the trace GC looks again
 * @param deleteEndpoint for {@code Release}, whether the pod's SpiderEndpoint goes too
 */
public record GcPreviewRow(String pool, String ip, String pod, String podUid, String verdict,
                           Optional<Instant> traceUntil, boolean deleteEndpoint, String reason) {

    /** Pool, then address as text: stable output for people and tests. */
    public static final Comparator<GcPreviewRow> ORDER =
            Comparator.comparing(GcPreviewRow::pool).thenComparing(GcPreviewRow::ip);

    public static GcPreviewRow of(PoolRecord record, ScanVerdict verdict) {
        Optional<Instant> until = verdict instanceof ScanVerdict.Trace t ? Optional.of(t.until()) : Optional.empty();
        boolean deleteEndpoint = verdict instanceof ScanVerdict.Release r && r.deleteEndpoint();
        return new GcPreviewRow(record.pool(), record.ip(), record.podKey(), record.podUid(), verdict.kind(), until,
                deleteEndpoint, verdict.reason());
    }

    /** Only the rows that would free something, in {@link #ORDER}. */
    public static List<GcPreviewRow> releases(List<GcPreviewRow> rows) {
        return rows.stream().filter(r -> r.verdict().equals("Release")).sorted(ORDER).toList();
    }
}
