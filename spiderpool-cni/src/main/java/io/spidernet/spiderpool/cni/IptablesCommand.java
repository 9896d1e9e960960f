package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.ip.IpFamily;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends one iptables/ip6tables rule unless it is there already ({@code -C} first, then
 * {@code -A}), so a retried ADD does not add it twice. It runs the binary as a child of the
 * calling thread: on Linux the child inherits that thread's network namespace, so called from
 * inside {@code Netns.run} it changes the pod's tables (CoordinatorIptablesInNetnsTest proves it).
 * {@code -w} waits for the xtables lock instead of failing when another writer holds it.
 */
final class IptablesCommand {
    /** Where runtimes' bare environments still find the binaries, after CNI's own PATH. */
    private static final List<String> FALLBACK_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private final List<Path> searchDirs;

    /** {@code path}: the PATH the plugin was started with ("" when none). */
    IptablesCommand(String path) {
        List<Path> dirs = new ArrayList<>();
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                dirs.add(Path.of(dir));
            }
        }
        FALLBACK_DIRS.forEach(d -> dirs.add(Path.of(d)));
        this.searchDirs = List.copyOf(dirs);
    }

    /**
     * Makes sure the rule {@code args} (which must append with {@code -A}) exists.
     *
     * @throws IOException naming the command and its output when it cannot be checked or added
     */
    void ensure(IpFamily family, List<String> args) throws IOException {
        int append = args.indexOf("-A");
        if (append < 0) {
            throw new IllegalArgumentException("an iptables op must append with -A: " + args);
        }
        String binary = binary(family);
        List<String> check = new ArrayList<>(args);
        check.set(append, "-C");
        if (run(binary, check).status == 0) {
            return;
        }
        Outcome added = run(binary, args);
        if (added.status != 0) {
            throw new IOException(binary + " " + String.join(" ", args) + " exited " + added.status + ": "
                    + added.output.strip());
        }
    }

    String binary(IpFamily family) throws IOException {
        String name = family == IpFamily.V4 ? "iptables" : "ip6tables";
        for (Path dir : searchDirs) {
            Path candidate = dir.resolve(name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IOException(name + " not found in " + searchDirs + "; install iptables on the node");
    }

    record Outcome(int status, String output) {}

    /** {@code binary -w args...}, its output and exit status; package-private for the AOT training. */
    static Outcome run(String binary, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(args.size() + 2);
        command.add(binary);
        command.add("-w");
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            return new Outcome(process.waitFor(), output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
