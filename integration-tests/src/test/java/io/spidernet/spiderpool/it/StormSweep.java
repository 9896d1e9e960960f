package io.spidernet.spiderpool.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The storm at several pod counts ({@code -Dstorm.sweep=1000,5000,10000}), each on a fresh API
 * server and fresh agents, so that no run inherits another's caches or heap. Prints one table row per
 * run, draws cost against pod count and the latency distribution ({@link StormPlots}), and judges the
 * acceptance: API writes and agent CPU per allocation may grow by at most {@link #FLAT} from the
 * smallest run to any larger one (a fall is no failure: it is the cost that must not grow with load).
 */
final class StormSweep {
    static final double FLAT = 0.20;
    private static final int MAX_PODS = 20_000;

    private StormSweep() {}

    /** "1000,5000,10000": ascending, each a whole number of deployments. */
    static int[] sizes(String spec) {
        int[] sizes;
        try {
            sizes = Arrays.stream(spec.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("storm.sweep must list pod counts like 1000,5000,10000, not '" + spec + "'");
        }
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] <= 0 || sizes[i] > MAX_PODS || (i > 0 && sizes[i] <= sizes[i - 1])) {
                throw new IllegalArgumentException("storm.sweep's pod counts must rise, each 1.." + MAX_PODS + ": '" + spec + "'");
            }
        }
        return sizes;
    }

    /** Runs every size, prints the table and the verdict, writes the plots; false if a storm's checks failed. */
    static boolean run(StormBenchmark.Settings s, int[] sizes, Path plotDir) throws Exception {
        for (int pods : sizes) {
            if (pods % s.perDeployment() != 0) {
                throw new IllegalArgumentException(pods + " pods are no whole number of deployments of " + s.perDeployment());
            }
        }
        List<StormBenchmark.Run> runs = new ArrayList<>();
        for (int pods : sizes) {
            System.out.printf(Locale.ROOT, "%n==== sweep: %d pods ====%n", pods);
            runs.add(StormBenchmark.run(s, pods / s.perDeployment()));
        }
        System.out.println();
        System.out.print(table(runs, s.perPool()));
        String verdict = verdict(runs);
        System.out.print(verdict);
        Files.createDirectories(plotDir);
        plot(runs, plotDir);
        System.out.println("plots: " + plotDir.resolve("storm-cost.svg") + ", " + plotDir.resolve("storm-latency.svg"));
        return runs.stream().allMatch(StormBenchmark.Run::passed);
    }

    static String table(List<StormBenchmark.Run> runs, int perPool) {
        StringBuilder b = new StringBuilder("| pods | pools | allocate wall | API writes / alloc | 409s / alloc | agent CPU / alloc"
                + " | p50 | p99 | agent VmRSS max | agent VmHWM max | checks |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (StormBenchmark.Run run : runs) {
            StormResult r = run.result();
            b.append(String.format(Locale.ROOT, "| %d | %s | %.1f s | %.2f | %.2f | %.1f ms | %s | %s | %s | %s | %s |%n",
                    r.pods(), r.pods() <= perPool ? "1 x " + r.pods() : r.agents() + " x " + perPool,
                    StormResult.seconds(r.allocate().wall()), r.writesPerAllocation(), r.conflictsPerAllocation(),
                    cpuMsPerAllocation(r), StormResult.ms(r.allocateLatency(0.5)), StormResult.ms(r.allocateLatency(0.99)),
                    StormBenchmark.mib(maxRss(run.memory())), StormBenchmark.mib(maxPeak(run.memory())),
                    run.passed() ? "hold" : "FAILED"));
        }
        return b.toString();
    }

    /** Growth of writes and CPU per allocation from the smallest run to each larger one, against {@link #FLAT}. */
    static String verdict(List<StormBenchmark.Run> runs) {
        if (runs.size() < 2) {
            return "Verdict: none, flatness needs at least two pod counts (e.g. STORM_SWEEP=1000,10000)\n";
        }
        StringBuilder b = new StringBuilder();
        boolean flat = true;
        StormResult base = runs.getFirst().result();
        for (StormBenchmark.Run run : runs.subList(1, runs.size())) {
            StormResult r = run.result();
            double writes = r.writesPerAllocation() / base.writesPerAllocation() - 1;
            double cpu = cpuMsPerAllocation(r) / cpuMsPerAllocation(base) - 1;
            flat &= writes <= FLAT && cpu <= FLAT;
            b.append(String.format(Locale.ROOT, "  %d -> %d pods: API writes / alloc %+.0f %%, agent CPU / alloc %+.0f %%%n",
                    base.pods(), r.pods(), writes * 100, cpu * 100));
        }
        return String.format(Locale.ROOT, "Verdict: writes and agent CPU per allocation %s (at most +%.0f %% allowed)%n",
                flat ? "stay flat: MET" : "grow: NOT MET", FLAT * 100) + b;
    }

    private static void plot(List<StormBenchmark.Run> runs, Path dir) throws IOException {
        int[] pods = runs.stream().mapToInt(r -> r.result().pods()).toArray();
        StormPlots.cost(dir.resolve("storm-cost.svg"), pods, List.of(
                new StormPlots.Measure("API writes / allocation", values(runs, StormResult::writesPerAllocation), true),
                new StormPlots.Measure("agent CPU ms / allocation", values(runs, StormSweep::cpuMsPerAllocation), true),
                new StormPlots.Measure("409s / allocation", values(runs, StormResult::conflictsPerAllocation), false),
                new StormPlots.Measure("p99 allocation latency (ms)",
                        values(runs, r -> r.allocateLatency(0.99).toNanos() / 1e6), false)));
        StormPlots.latency(dir.resolve("storm-latency.svg"), runs.stream().map(run -> new StormPlots.Distribution(
                run.result().pods() + " pods", run.result().allocate().calls().stream()
                .mapToDouble(c -> c.nanos() / 1e6).sorted().toArray())).toList());
    }

    private static double[] values(List<StormBenchmark.Run> runs, ToDoubleFunction<StormResult> f) {
        return runs.stream().mapToDouble(r -> f.applyAsDouble(r.result())).toArray();
    }

    static double cpuMsPerAllocation(StormResult r) {
        return r.allocate().agentCpu().toNanos() / 1e6 / r.pods();
    }

    static long maxRss(List<AgentProcess.Memory> memory) {
        return memory.stream().mapToLong(AgentProcess.Memory::rssKib).max().orElse(0);
    }

    static long maxPeak(List<AgentProcess.Memory> memory) {
        return memory.stream().mapToLong(AgentProcess.Memory::peakKib).max().orElse(0);
    }
}
