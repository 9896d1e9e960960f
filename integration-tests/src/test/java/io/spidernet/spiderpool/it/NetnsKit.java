package io.spidernet.spiderpool.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces and links for system tests, created with iproute2 and removed again on
 * close (in reverse order, even after a failure). Tests call {@link #unavailableReason()} first
 * and skip with that reason where namespaces cannot be made (not root, no iproute2).
 */
final class NetnsKit implements AutoCloseable {
    private final Deque<List<String>> cleanup = new ArrayDeque<>();
    private final String prefix;

    /** @param prefix short and unique per test class: link names are limited to 15 characters */
    NetnsKit(String prefix) {
        this.prefix = prefix;
    }

    /** Why namespaces cannot be used here, or empty when they can. */
    static Optional<String> unavailableReason() {
        try {
            if (!"0".equals(run(List.of("id", "-u")).strip())) {
                return Optional.of("network namespaces need root (CI runs as root)");
            }
            run(List.of("ip", "netns", "list"));
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("iproute2 is not usable: " + e.getMessage());
        }
    }

    String name(String suffix) {
        return prefix + suffix;
    }

    /** Creates a namespace with loopback up; returns its path for CNI_NETNS. */
    Path netns(String suffix) throws IOException {
        String ns = name(suffix);
        run(List.of("ip", "netns", "del", ns), true);
        run(List.of("ip", "netns", "add", ns));
        cleanup.push(List.of("ip", "netns", "del", ns));
        run(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
        return Path.of("/var/run/netns", ns);
    }

    /** A veth pair with both ends up, {@code a} in namespace {@code nsA}, {@code b} in {@code nsB}. */
    void veth(String a, String nsA, String b, String nsB) throws IOException {
        run(List.of("ip", "-n", nsA, "link", "add", a, "type", "veth", "peer", "name", b, "netns", nsB));
        run(List.of("ip", "-n", nsA, "link", "set", a, "up"));
        run(List.of("ip", "-n", nsB, "link", "set", b, "up"));
    }

    /** Runs a command inside a namespace and returns its stdout; fails on a non-zero exit. */
    String exec(String ns, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(List.of(command));
        return run(cmd);
    }

    /** {@code ip -br addr show dev} inside the namespace, e.g. "net1 UP 10.0.0.5/24 fe80::…/64". */
    String addresses(String ns, String dev) throws IOException {
        return run(List.of("ip", "-n", ns, "-br", "addr", "show", "dev", dev)).strip();
    }

    String routes(String ns, String family) throws IOException {
        return run(List.of("ip", "-n", ns, family, "route", "show")).strip();
    }

    @Override
    public void close() {
        while (!cleanup.isEmpty()) {
            try {
                run(cleanup.pop(), true);
            } catch (IOException e) {
                System.err.println("cleanup failed: " + e.getMessage());
            }
        }
    }

    static String run(List<String> cmd) throws IOException {
        return run(cmd, false);
    }

    private static String run(List<String> cmd, boolean tolerant) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish in 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0 && !tolerant) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out.strip());
        }
        return out;
    }

    static Path tempDir(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }
}
