package io.spidernet.spiderpool.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The agent as a separate process, the way a node runs it: its own JVM, the CNI socket in a temp
 * directory, every setting as a system property. On the local store pools come from a directory
 * and state from a file; in cluster mode everything comes from an API server.
 *
 * <p>Starting is split into {@link #launch} and {@link #awaitReady} so that several agents can
 * boot at the same time, as after a cluster-wide restart.
 */
final class AgentProcess implements AutoCloseable {
    /** The bearer token every agent sends: the identity {@link CountingApiServer} records its calls under. */
    static final String IDENTITY = "agent";
    private final Process process;
    private final Path socket;
    private final Path log;
    private final boolean ownLog;

    private AgentProcess(Process process, Path socket, Path log, boolean ownLog) {
        this.process = process;
        this.socket = socket;
        this.log = log;
        this.ownLog = ownLog;
    }

    static Path agentJar() {
        String jar = System.getProperty("spiderpool.agent.jar");
        return jar != null ? Path.of(jar) : Repo.path("spiderpool-agent/target/quarkus-app/quarkus-run.jar");
    }

    /**
     * The java launcher agents run on: {@code -Dspiderpool.agent.java} (scripts/bench-agent: the image's, the
     * agent's jlinked runtime that trained its AOT cache), else this JVM's.
     */
    static Path agentJava() {
        String java = System.getProperty("spiderpool.agent.java");
        return java != null ? Path.of(java) : Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Starts the agent on the local store and waits until its CNI socket accepts connections. */
    static AgentProcess start(Path poolsDir, Path stateFile, Path socket, Map<String, String> extra) throws IOException {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("spiderpool.agent.store", "local");
        props.put("spiderpool.agent.local.pools-dir", poolsDir.toString());
        props.put("spiderpool.agent.local.state-file", stateFile.toString());
        props.put("spiderpool.agent.node-name", "node-1");
        props.putAll(extra);
        AgentProcess agent = launch(socket, props, List.of(), null);
        agent.awaitReady(Duration.ofSeconds(60));
        return agent;
    }

    /**
     * Starts the agent's JVM and returns at once. {@code props} are its settings (the socket and the
     * ports are set here: any free port, so agents never collide); {@code jvmOptions} go before them.
     * The output is appended to {@code log}, kept after {@link #close()} (so a restarted agent's log
     * follows its previous life's), or goes to a temp file deleted then.
     */
    static AgentProcess launch(Path socket, Map<String, String> props, List<String> jvmOptions, Path log) throws IOException {
        boolean ownLog = log == null;
        Path out = ownLog ? Files.createTempFile("agent", ".log") : log;
        List<String> cmd = new ArrayList<>();
        cmd.add(agentJava().toString());
        cmd.addAll(jvmOptions);
        Map<String, String> all = new LinkedHashMap<>(Map.of("spiderpool.agent.socket-path", socket.toString(),
                "quarkus.http.port", "0", "quarkus.management.port", "0", "quarkus.grpc.server.port", "0",
                "spiderpool.agent.metrics.port", "0",
                // who is calling, for the test API server's per-identity record of calls (the RBAC test)
                "quarkus.kubernetes-client.token", IDENTITY,
                // the charts' conf.yml says tuneSysctlConfig: true; an agent under test must not tune this machine
                "spiderpool.agent.sysctl-dir", socket.toAbsolutePath().getParent().resolve("no-sysctl").toString()));
        all.putAll(props);
        all.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", agentJar().toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
        return new AgentProcess(p, socket, out, ownLog);
    }

    Path socket() {
        return socket;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    Path logFile() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    /** CPU time the agent's JVM has used so far (all threads, user and system). */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Resident memory now and at its peak, in KiB, from the kernel's /proc/<pid>/status. */
    record Memory(long rssKib, long peakKib) {}

    Memory memory() {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"));
            return new Memory(kib(status, "VmRSS:"), kib(status, "VmHWM:"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the memory of agent " + pid() + " (has it exited?)", e);
        }
    }

    private static long kib(List<String> status, String key) {
        return status.stream().filter(l -> l.startsWith(key)).findFirst()
                .map(l -> Long.parseLong(l.substring(key.length()).trim().split("\\s+")[0]))
                .orElseThrow(() -> new IllegalStateException("no " + key + " in /proc/<pid>/status"));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** kill -9: no shutdown hook runs, as on a crash or an OOM kill. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * Waits until the CNI socket accepts a connection: the agent creates it only once it can serve
     * (in cluster mode, once its informer caches are synced).
     */
    void awaitReady(Duration timeout) throws IOException {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            if (!process.isAlive()) {
                throw new IOException("agent exited with " + process.exitValue() + ":\n" + log());
            }
            if (Files.exists(socket)) {
                try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    ch.connect(UnixDomainSocketAddress.of(socket));
                    return;
                } catch (IOException notYet) {
                    // listening starts right after the file appears
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the agent", e);
            }
        }
        throw new IOException("agent socket " + socket + " not ready after " + timeout + ":\n" + log());
    }

    @Override
    public void close() throws IOException {
        Processes.stop(process);
        if (ownLog) {
            Files.deleteIfExists(log);
        }
    }
}
