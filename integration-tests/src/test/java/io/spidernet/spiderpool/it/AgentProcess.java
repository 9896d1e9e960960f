package io.spidernet.spiderpool.it;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The agent as a separate process on the local store, the way a node runs it: its own JVM,
 * pools from a directory, state in a file, the CNI socket in a temp directory.
 */
final class AgentProcess implements AutoCloseable {
    private final Process process;
    private final Path socket;
    private final Path log;

    private AgentProcess(Process process, Path socket, Path log) {
        this.process = process;
        this.socket = socket;
        this.log = log;
    }

    static Path agentJar() {
        return Path.of(System.getProperty("spiderpool.agent.jar", "../spiderpool-agent/target/quarkus-app/quarkus-run.jar"));
    }

    /** Starts the agent and waits until its CNI socket accepts connections. */
    static AgentProcess start(Path poolsDir, Path stateFile, Path socket, Map<String, String> extra) throws IOException {
        Path log = Files.createTempFile("agent", ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dspiderpool.agent.store=local",
                "-Dspiderpool.agent.local.pools-dir=" + poolsDir,
                "-Dspiderpool.agent.local.state-file=" + stateFile,
                "-Dspiderpool.agent.socket-path=" + socket,
                "-Dspiderpool.agent.node-name=node-1",
                "-Dquarkus.http.port=0", "-Dquarkus.management.port=0", "-Dquarkus.grpc.server.port=0"));
        extra.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", agentJar().toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        AgentProcess agent = new AgentProcess(p, socket, log);
        agent.awaitSocket(Duration.ofSeconds(60));
        return agent;
    }

    Path socket() {
        return socket;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    long pid() {
        return process.pid();
    }

    /** kill -9: no shutdown hook runs, as on a crash or an OOM kill. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    private void awaitSocket(Duration timeout) throws IOException {
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
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(log);
    }
}
