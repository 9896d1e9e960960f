package io.spidernet.spiderpool.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Issue 15's agent figures, run by {@code scripts/bench-agent}: how long one agent takes from process
 * start until its CNI socket serves, and its resident memory ({@code VmRSS}, the peak {@code VmHWM}, and
 * how much of VmRSS is mapped files, see {@link ProcessMemory})
 * in three states: idle on the node-local store, idle on the cluster store with an empty cluster, and on
 * a cluster holding {@code pools} x {@code perPool} allocations (full SpiderIPPool ledgers, one
 * SpiderEndpoint each, the agent's node's share of the pods) once its caches hold all of them.
 * Each state is started {@code -Dbench.runs} times (default 3); the table gives the median and the range.
 * Ready time depends on the machine's load; the agent's CPU time until ready much less so.
 * {@code -Dbench.states} picks states ({@code local,empty,full}).
 *
 * <p>The agent's JVM options are {@code -Dbench.agent-jvm-options} (whitespace separated); the script
 * passes the production ones unless told otherwise. With {@code -Dbench.nmt=true} the idle states also
 * run with native memory tracking and print the JVM's own account of its memory ({@code jcmd
 * VM.native_memory summary}, committed KiB per category) beside the kernel's figures: NMT costs some
 * memory itself, so those runs' RSS is not the production figure.
 */
public final class AgentBenchmark {
    /** How long an agent is left alone after it serves (and, on the full cluster, after its caches fill) before memory is read. */
    static final Duration SETTLE = Duration.ofSeconds(Integer.getInteger("bench.settle-seconds", 5));
    private static final boolean NMT = Boolean.getBoolean("bench.nmt");

    private AgentBenchmark() {}

    /** One start: until the socket served, and memory after settling. */
    record Sample(Duration ready, Duration cpuToReady, ProcessMemory memory) {}

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("bench.runs", 3);
        int pools = Integer.getInteger("bench.pools", 10);
        int perPool = Integer.getInteger("bench.per-pool", 1000);
        int nodes = Integer.getInteger("bench.nodes", 10);
        List<String> jvm = Arrays.stream(System.getProperty("bench.agent-jvm-options", "").trim().split("\\s+"))
                .filter(s -> !s.isEmpty()).toList();
        System.out.printf("agent JVM options: %s%njava: %s %s; %d cores (shared: the figures move with the machine's load)%n",
                jvm.isEmpty() ? "(none)" : String.join(" ", jvm), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());

        List<String> states = List.of(System.getProperty("bench.states", "local,empty,full").split(","));
        List<Sample> local = new ArrayList<>();
        for (int i = 0; states.contains("local") && i < runs; i++) {
            local.add(idleLocal(jvm));
        }
        List<Sample> empty = new ArrayList<>();
        if (states.contains("empty")) {
            try (CountingApiServer api = new CountingApiServer()) {
                for (int i = 0; i < runs; i++) {
                    empty.add(idleCluster(api.url(), jvm));
                }
            }
        }
        List<Sample> full = new ArrayList<>();
        String cached = "";
        if (states.contains("full")) {
            try (CountingApiServer api = new CountingApiServer()) {
                Duration populate = ClusterStartup.populate(api.client(), pools, perPool, nodes);
                String probe = ClusterStartup.createProbePod(api.client());
                System.out.printf("cluster: %d SpiderIPPools x %d allocations, %d SpiderEndpoints over %d nodes, %d pods on the"
                        + " agent's node (populated in %.1f s)%n", pools, perPool, pools * perPool, nodes, pools * perPool / nodes,
                        populate.toMillis() / 1000.0);
                ClusterStartup.Result last = null;
                for (int i = 0; i < runs; i++) {
                    last = ClusterStartup.start(api.url(), jvm, probe, SETTLE);
                    full.add(new Sample(last.ready(), last.cpuToReady(), last.memory()));
                }
                cached = last == null ? "" : last.cached() + "; " + last.endpointsListed();
            }
        }

        System.out.printf("%nmedian of %d starts [min-max]; memory read %d s after serving (full cluster: after the"
                + " SpiderEndpoint cache filled)%n", runs, SETTLE.toSeconds());
        System.out.printf("%-34s %-20s %-20s %-20s %-20s %-20s%n", "state", "ready (ms)", "CPU to ready (ms)", "VmRSS (MiB)",
                "VmHWM (MiB)", "of VmRSS, files (MiB)");
        row("local store, idle", local);
        row("cluster store, empty cluster, idle", empty);
        row(String.format(Locale.ROOT, "cluster store, %d allocations", pools * perPool), full);
        if (!cached.isEmpty()) {
            System.out.println("last full-cluster start: " + cached);
        }
    }

    private static Sample idleLocal(List<String> jvm) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("bench-agent-local");
        Path pools = Files.createDirectory(dir.resolve("pools"));
        return measure(dir, Map.of("spiderpool.agent.store", "local", "spiderpool.agent.local.pools-dir", pools.toString(),
                "spiderpool.agent.local.state-file", dir.resolve("state.json").toString(),
                "spiderpool.agent.node-name", ClusterStartup.NODE), jvm);
    }

    private static Sample idleCluster(String apiUrl, List<String> jvm) throws IOException, InterruptedException {
        return measure(Files.createTempDirectory("bench-agent-cluster"), ClusterStartup.agentSettings(apiUrl), jvm);
    }

    private static Sample measure(Path dir, Map<String, String> props, List<String> jvm) throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(jvm);
        if (NMT) {
            options.add("-XX:NativeMemoryTracking=summary");
        }
        long t0 = System.nanoTime();
        try (AgentProcess agent = AgentProcess.launch(dir.resolve("agent.sock"), props, options, dir.resolve("agent.log"))) {
            agent.awaitReady(Duration.ofSeconds(120));
            Duration ready = Duration.ofNanos(System.nanoTime() - t0);
            Duration cpu = agent.cpu();
            Thread.sleep(SETTLE.toMillis());
            ProcessMemory memory = ProcessMemory.of(agent.pid());
            if (NMT) {
                System.out.printf("%s: VmRSS %.1f MiB; NMT committed KiB by category:%n%s%n", props.get("spiderpool.agent.store"),
                        memory.rssMib(), nativeMemory(agent.pid()));
            }
            return new Sample(ready, cpu, memory);
        }
    }

    /** The top-level lines of {@code jcmd <pid> VM.native_memory summary}: "Total" and one per category. */
    private static String nativeMemory(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid),
                "VM.native_memory", "summary").redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            return "  jcmd failed: " + out.strip();
        }
        StringBuilder lines = new StringBuilder();
        out.lines().filter(l -> l.startsWith("Total:") || l.matches("-\\s+\\S.*\\(reserved=.*")).forEach(l -> lines
                .append("  ").append(l.replaceAll("\\s+", " ").replaceAll("reserved=\\d+KB, ", "")).append('\n'));
        return lines.toString().stripTrailing();
    }

    private static void row(String state, List<Sample> samples) {
        if (samples.isEmpty()) {
            return;
        }
        System.out.printf("%-34s %-20s %-20s %-20s %-20s %-20s%n", state, cell(samples, s -> s.ready().toMillis(), "%.0f"),
                cell(samples, s -> s.cpuToReady().toMillis(), "%.0f"),
                cell(samples, s -> s.memory().rssMib(), "%.1f"), cell(samples, s -> s.memory().hwmMib(), "%.1f"),
                cell(samples, s -> s.memory().fileMib(), "%.1f"));
    }

    private static String cell(List<Sample> samples, ToDoubleFunction<Sample> value, String format) {
        double[] v = samples.stream().mapToDouble(value).sorted().toArray();
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return String.format(Locale.ROOT, format + " [" + format + "-" + format + "]", median, v[0], v[v.length - 1]);
    }
}
