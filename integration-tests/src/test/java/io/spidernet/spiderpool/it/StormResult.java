package io.spidernet.spiderpool.it;

import io.spidernet.spiderpool.it.ClusterStorm.Call;
import io.spidernet.spiderpool.it.ClusterStorm.Phase;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The figures of one storm and the problems its checks found. Writes and conflicts are what the API
 * server counted during the phase (every agent's requests, nothing the test itself sent between the
 * phases); latencies are per CNI call as the plugin's client saw them.
 */
record StormResult(int pods, int agents, Phase allocate, Phase release, List<String> problems) {
    static final String POOL_STATUS_PATCH = "PATCH spiderippools/status";

    boolean passed() {
        return problems.isEmpty();
    }

    double writesPerAllocation() {
        return (double) allocate.api().writes() / pods;
    }

    double poolPatchesPerAllocation() {
        return (double) allocate.api().requests(POOL_STATUS_PATCH) / pods;
    }

    long firstAttemptFailures() {
        return allocate.calls().stream().filter(Call::firstAttemptFailed).count();
    }

    double conflictsPerAllocation() {
        return (double) allocate.api().conflicts() / pods;
    }

    Duration allocateLatency(double quantile) {
        return quantile(allocate.calls(), quantile);
    }

    /** Nearest rank over every call, failed ones included: a failure is also a wait for the pod. */
    static Duration quantile(List<Call> calls, double q) {
        long[] sorted = calls.stream().mapToLong(Call::nanos).sorted().toArray();
        if (sorted.length == 0) {
            return Duration.ZERO;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return Duration.ofNanos(sorted[Math.max(0, Math.min(sorted.length, rank) - 1)]);
    }

    /** One readable block. */
    String figures() {
        StringBuilder b = new StringBuilder();
        line(b, "pods / agents", "%d pods on %d agents", pods, agents);
        line(b, "allocate wall time", "%.2f s (%d failed in the end)", seconds(allocate.wall()), allocate.failed().size());
        line(b, "ADD failed first time", "%s", firstFailures(allocate));
        line(b, "allocate latency", "p50 %s  p99 %s  max %s", ms(allocateLatency(0.5)), ms(allocateLatency(0.99)), ms(allocateLatency(1.0)));
        line(b, "API writes / allocation", "%.2f (pool status PATCH %.2f, endpoint writes %.2f)", writesPerAllocation(),
                poolPatchesPerAllocation(), (double) endpointWrites(allocate) / pods);
        line(b, "409s / allocation", "%.2f (%d)", conflictsPerAllocation(), allocate.api().conflicts());
        line(b, "API reads / allocation", "%.2f (%s)", (double) reads(allocate) / pods, readKinds(allocate));
        line(b, "agents' CPU", "%.2f s, %.1f ms per allocation", seconds(allocate.agentCpu()),
                allocate.agentCpu().toNanos() / 1e6 / pods);
        line(b, "API server busy", "%.2f s (%.2f s CPU) of the allocate phase's %.2f s; one request at a time; most: %s",
                seconds(allocate.api().serverTime()), allocate.api().cpuNanos() / 1e9, seconds(allocate.wall()), busiest(allocate, 3));
        line(b, "release wall time", "%.2f s (%d failed in the end)", seconds(release.wall()), release.failed().size());
        line(b, "DEL failed first time", "%s", firstFailures(release));
        line(b, "release latency", "p50 %s  p99 %s  max %s", ms(quantile(release.calls(), 0.5)),
                ms(quantile(release.calls(), 0.99)), ms(quantile(release.calls(), 1.0)));
        line(b, "API writes / release", "%.2f (pool status PATCH %.2f)", (double) release.api().writes() / pods,
                (double) release.api().requests(POOL_STATUS_PATCH) / pods);
        line(b, "409s / release", "%.2f (%d)", (double) release.api().conflicts() / pods, release.api().conflicts());
        line(b, "API reads / release", "%.2f (%s)", (double) reads(release) / pods, readKinds(release));
        line(b, "agents' CPU (release)", "%.2f s, %.1f ms per release", seconds(release.agentCpu()),
                release.agentCpu().toNanos() / 1e6 / pods);
        line(b, "checks", "%s", problems.isEmpty() ? "all hold" : problems.size() + " problems:");
        problems.forEach(p -> b.append("    ").append(p).append('\n'));
        return b.toString();
    }

    /** How many calls failed at their first attempt, by the error's first clause, and the attempts it took. */
    static String firstFailures(Phase phase) {
        List<Call> failed = phase.calls().stream().filter(Call::firstAttemptFailed).toList();
        if (failed.isEmpty()) {
            return "0";
        }
        Map<String, Long> why = failed.stream().collect(Collectors.groupingBy(
                c -> c.firstError().split(";")[0], TreeMap::new, Collectors.counting()));
        int attempts = phase.calls().stream().mapToInt(Call::attempts).sum();
        return failed.size() + " " + why + ", " + (attempts - phase.calls().size()) + " retries";
    }

    /** The {@code n} request kinds the server spent most time on, e.g. {@code "PATCH spiderippools/status 2.1 s"}. */
    private static String busiest(Phase phase, int n) {
        return phase.api().nanosByKey().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .map(e -> String.format(Locale.ROOT, "%s %.2f s", e.getKey(), e.getValue() / 1e9))
                .collect(Collectors.joining(", "));
    }

    private static long endpointWrites(Phase phase) {
        return phase.api().requests("POST spiderendpoints") + phase.api().requests("PUT spiderendpoints")
                + phase.api().requests("PATCH spiderendpoints");
    }

    private static long reads(Phase phase) {
        return phase.api().requestsByKey().entrySet().stream().filter(e -> isRead(e.getKey())).mapToLong(e -> e.getValue()).sum();
    }

    /** Per pod, e.g. {@code "GET pods 1.00, GET spiderendpoints 1.00"}: which reads the agents could not serve from a cache. */
    private String readKinds(Phase phase) {
        return phase.api().requestsByKey().entrySet().stream().filter(e -> isRead(e.getKey()))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), (double) e.getValue() / pods))
                .collect(Collectors.joining(", "));
    }

    private static boolean isRead(String key) {
        return key.startsWith("GET ") || key.startsWith("LIST ");
    }

    static void line(StringBuilder b, String label, String format, Object... args) {
        b.append(String.format(Locale.ROOT, "  %-26s ", label)).append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    static String ms(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }
}
