package io.spidernet.spiderpool.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One agent per node in cluster mode, each its own JVM with its own API client and informer caches,
 * all against one API server. Logs and sockets live in {@link #dir()}, removed on close unless
 * {@link #keepLogs()} was called, so that a failed storm can be explained and a passing one leaves
 * nothing behind.
 */
final class AgentFleet implements AutoCloseable {
    /** How long a cold agent may take to sync its caches; ten JVMs booting on two cores are slow. */
    private static final Duration READY = Duration.ofSeconds(120);

    private final String apiUrl;
    private final Path dir;
    private final List<String> jvmOptions;
    private final Map<String, AgentProcess> agents = new LinkedHashMap<>();
    private Duration startup = Duration.ZERO;
    private int bootParallelism;
    private boolean keepLogs;

    private AgentFleet(String apiUrl, Path dir, List<String> jvmOptions) {
        this.apiUrl = apiUrl;
        this.dir = dir;
        this.jvmOptions = jvmOptions;
    }

    /**
     * The agent's JVM as a DaemonSet with a small CPU share runs it: a capped heap, the client compiler
     * only and the serial collector. The agent's work is waiting on the API server; C2 recompiling its
     * hot paths took most of the CPU that ten agents on two cores had (storm after warm-up: 14.1 s with
     * the default JVM, 7.7 s with these).
     */
    static final String SMALL_NODE_JVM = "-Xmx384m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    /**
     * Launches an agent for every node and waits until all serve. On a real cluster every agent boots
     * on its own node's CPUs; here they share this machine's, and ten JVMs booting on two cores starve
     * one another until their first API lists time out. So they boot in waves of as many agents as
     * there are cores ({@code spiderpool.storm.boot-parallelism} overrides), each wave started together.
     * The JVM options come from {@code spiderpool.storm.agent-jvm-options} (space-separated); by
     * default {@link #SMALL_NODE_JVM}.
     */
    static AgentFleet start(String apiUrl, List<String> nodes) throws IOException {
        int wave = Math.max(1, Integer.getInteger("spiderpool.storm.boot-parallelism", Runtime.getRuntime().availableProcessors()));
        AgentFleet fleet = new AgentFleet(apiUrl, Files.createTempDirectory("storm-agents"), jvmOptions());
        fleet.bootParallelism = wave;
        long t0 = System.nanoTime();
        try {
            for (int first = 0; first < nodes.size(); first += wave) {
                List<String> booting = nodes.subList(first, Math.min(nodes.size(), first + wave));
                for (String node : booting) {
                    fleet.agents.put(node, fleet.launch(node));
                }
                for (String node : booting) {
                    fleet.agents.get(node).awaitReady(READY);
                }
            }
        } catch (IOException | RuntimeException e) {
            fleet.close();
            throw e;
        }
        fleet.startup = Duration.ofNanos(System.nanoTime() - t0);
        return fleet;
    }

    /** The agents' JVM options: {@code spiderpool.storm.agent-jvm-options} (space-separated), else {@link #SMALL_NODE_JVM}. */
    static List<String> jvmOptions() {
        String opts = System.getProperty("spiderpool.storm.agent-jvm-options", SMALL_NODE_JVM);
        return Arrays.stream(opts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    private AgentProcess launch(String node) throws IOException {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("spiderpool.agent.store", "kubernetes");
        props.put("spiderpool.agent.node-name", node);
        props.put("quarkus.kubernetes-client.api-server-url", apiUrl);
        props.put("quarkus.kubernetes-client.trust-certs", "true");
        props.put("quarkus.kubernetes-client.namespace", "kube-system");
        Path log = dir.resolve("agent-" + node + ".log");
        Files.writeString(log, "---- agent for " + node + " starting\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return AgentProcess.launch(socket(node), props, jvmOptions, log);
    }

    /** The CNI socket of the node's agent; it stays the same across restarts. */
    Path socket(String node) {
        return dir.resolve(node + ".sock");
    }

    /** From the first launch until the last agent's socket accepted a connection. */
    Duration startup() {
        return startup;
    }

    /** Agents booted at the same time. */
    int bootParallelism() {
        return bootParallelism;
    }

    Path dir() {
        return dir;
    }

    List<String> nodes() {
        return new ArrayList<>(agents.keySet());
    }

    /** CPU time all agents (their current lives) have used so far. */
    Duration cpu() {
        return agents.values().stream().map(AgentProcess::cpu).reduce(Duration.ZERO, Duration::plus);
    }

    /** Every agent's resident memory, in node order. */
    List<AgentProcess.Memory> memory() {
        return agents.values().stream().map(AgentProcess::memory).toList();
    }

    /** kill -9 of the node's agent, as an OOM kill or a node hiccup would leave it. */
    void kill(String node) throws InterruptedException {
        agents.get(node).kill();
    }

    /** Starts the node's agent again, same socket, and waits until it serves; returns how long that took. */
    Duration restart(String node) throws IOException {
        long t0 = System.nanoTime();
        AgentProcess agent = launch(node);
        agents.put(node, agent);
        agent.awaitReady(READY);
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** Leaves the agents' logs in {@link #dir()} after close. */
    void keepLogs() {
        keepLogs = true;
    }

    /** The last {@code lines} lines of every agent's log whose text contains {@code needle}. */
    String logExcerpts(String needle, int lines) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String node : agents.keySet()) {
            List<String> all = Files.readAllLines(dir.resolve("agent-" + node + ".log"));
            List<String> hits = all.stream().filter(l -> l.contains(needle)).toList();
            if (!hits.isEmpty()) {
                out.append("---- ").append(node).append(" (").append(hits.size()).append(" lines)\n");
                hits.subList(Math.max(0, hits.size() - lines), hits.size()).forEach(l -> out.append(l).append('\n'));
            }
        }
        return out.toString();
    }

    @Override
    public void close() throws IOException {
        for (AgentProcess agent : agents.values()) {
            agent.close();
        }
        if (!keepLogs) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
