package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.ip.IpFamily;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Appends iptables/ip6tables rules unless they are there already, so a retried ADD does not add
 * them twice. It runs the binaries as children of the calling thread: on Linux a child inherits
 * that thread's network namespace, so called from inside {@code Netns.run} it changes the pod's
 * tables (IptablesCommandTest proves it). {@code -w} waits for the xtables lock instead of failing
 * when another writer holds it.
 *
 * <p>Each process costs a fork and two execs (the JDK's jspawnhelper, then iptables) on every
 * coordinator ADD, so a batch of rules is checked with one {@code iptables-save -t <table>} and the
 * missing ones are added with one {@code iptables-restore --noflush}: two processes in a fresh pod
 * namespace instead of two per rule. A rule counts as present when save prints it exactly as we
 * wrote it (the planner writes rules in save's own spelling, e.g. {@code --set-xmark 0x1/0xffffffff});
 * when save's output differs from ours and the table is not empty, {@code -C} decides, so another
 * iptables version's spelling costs a process but never a duplicate rule.
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

    /** Makes sure the rule {@code args} (which must append with {@code -A}) exists. */
    void ensure(IpFamily family, List<String> args) throws IOException {
        ensureAll(family, List.of(args));
    }

    /**
     * Makes sure each rule of {@code rules} exists (each must append with {@code -A}); the missing
     * ones are appended in the order given.
     *
     * @throws IOException naming the command and its output when they cannot be checked or added
     */
    void ensureAll(IpFamily family, List<List<String>> rules) throws IOException {
        List<Rule> parsed = rules.stream().map(Rule::of).toList();
        String table = parsed.getFirst().table;
        boolean batchable = parsed.stream().allMatch(r -> r.table.equals(table) && r.restorable());
        Optional<String> save = batchable ? tool(family, "-save") : Optional.empty();
        Optional<String> restore = batchable ? tool(family, "-restore") : Optional.empty();
        Outcome saved = save.isPresent() && restore.isPresent() ? run(save.get(), List.of("-t", table)) : null;
        if (saved == null || saved.status != 0) {
            ensureOneByOne(family, parsed);
            return;
        }
        Set<String> present = saved.output.lines().filter(l -> l.startsWith("-A ")).map(String::strip)
                .collect(Collectors.toSet());
        List<Rule> missing = new ArrayList<>();
        for (Rule rule : parsed) {
            if (present.contains(rule.saveLine())) {
                continue;
            }
            // an empty table holds none of them; otherwise save's spelling may just differ from ours
            if (present.isEmpty() || run(binary(family), rule.withVerb("-C")).status != 0) {
                missing.add(rule);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        StringBuilder input = new StringBuilder("*").append(table).append('\n');
        missing.forEach(r -> input.append(r.saveLine()).append('\n'));
        input.append("COMMIT\n");
        Outcome added = run(restore.get(), List.of("--noflush"), input.toString());
        if (added.status != 0) {
            throw new IOException(restore.get() + " --noflush with " + missing.stream().map(Rule::saveLine).toList()
                    + " in table " + table + " exited " + added.status + ": " + added.output.strip());
        }
    }

    /** Without iptables-save/-restore, or with rules they cannot carry: {@code -C}, then {@code -A}, per rule. */
    private void ensureOneByOne(IpFamily family, List<Rule> rules) throws IOException {
        String binary = binary(family);
        for (Rule rule : rules) {
            if (run(binary, rule.withVerb("-C")).status == 0) {
                continue;
            }
            Outcome added = run(binary, rule.args);
            if (added.status != 0) {
                throw new IOException(binary + " " + String.join(" ", rule.args) + " exited " + added.status + ": "
                        + added.output.strip());
            }
        }
    }

    /** One rule: its arguments as given, the table they name ({@code filter} when none) and where {@code -A} is. */
    private record Rule(List<String> args, String table, int append) {
        static Rule of(List<String> args) {
            int append = args.indexOf("-A");
            if (append < 0) {
                throw new IllegalArgumentException("an iptables op must append with -A: " + args);
            }
            int t = args.indexOf("-t");
            String table = t >= 0 && t + 1 < args.size() ? args.get(t + 1) : "filter";
            return new Rule(List.copyOf(args), table, append);
        }

        List<String> withVerb(String verb) {
            List<String> check = new ArrayList<>(args);
            check.set(append, verb);
            return check;
        }

        /** The rule as iptables-save prints it and iptables-restore reads it: without {@code -t}. */
        String saveLine() {
            List<String> line = new ArrayList<>(args);
            int t = line.indexOf("-t");
            if (t >= 0 && t + 1 < line.size()) {
                line.subList(t, t + 2).clear();
            }
            return String.join(" ", line);
        }

        /** iptables-restore splits on blanks and reads quotes; words that need neither go through it unchanged. */
        boolean restorable() {
            return args.stream().noneMatch(a -> a.isEmpty() || a.chars().anyMatch(c -> Character.isWhitespace(c)
                    || c == '"' || c == '\'' || c == '#' || c == '\\'));
        }
    }

    String binary(IpFamily family) throws IOException {
        String name = family == IpFamily.V4 ? "iptables" : "ip6tables";
        return tool(family, "").orElseThrow(
                () -> new IOException(name + " not found in " + searchDirs + "; install iptables on the node"));
    }

    /** {@code iptables<suffix>} or {@code ip6tables<suffix>} from the first search directory that has it. */
    private Optional<String> tool(IpFamily family, String suffix) {
        String name = (family == IpFamily.V4 ? "iptables" : "ip6tables") + suffix;
        for (Path dir : searchDirs) {
            Path candidate = dir.resolve(name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    record Outcome(int status, String output) {}

    /**
     * {@code binary -w args...} (iptables-save takes no {@code -w}: it never writes), its output and
     * exit status; package-private for the AOT training.
     */
    static Outcome run(String binary, List<String> args) throws IOException {
        return run(binary, args, null);
    }

    private static Outcome run(String binary, List<String> args, String input) throws IOException {
        List<String> command = new ArrayList<>(args.size() + 2);
        command.add(binary);
        if (!binary.endsWith("-save")) {
            command.add("-w");
        }
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (input == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process process = builder.start();
        if (input != null) {
            try (var stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
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
