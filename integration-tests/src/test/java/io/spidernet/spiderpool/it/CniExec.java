package io.spidernet.spiderpool.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Runs a CNI plugin the way a container runtime does: a process, CNI_* in the env, config on stdin. */
final class CniExec {
    record Result(int exit, String stdout, String stderr) {}

    private CniExec() {}

    /** Our plugin, started as the JVM process it is on these machines. */
    static List<String> spiderpoolCommand() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return List.of(java.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), "io.spidernet.spiderpool.cni.CniMain");
    }

    /**
     * The installable tree spiderpool-cni builds at package ({@code bin/spiderpool} and
     * {@code bin/spiderpool.jvm/}), as the surefire configuration names it; empty when the build
     * was told to skip it ({@code -Dcni.package.skip=true}). Fails when it should be there and is not.
     */
    /** The packaged tree, or the calling test class aborted with a printed reason when the build skipped it. */
    static Path packagedTreeOrSkip(Class<?> test) {
        Optional<Path> tree = packagedTree();
        if (tree.isEmpty()) {
            System.out.println("SKIP " + test.getSimpleName() + ": -Dcni.package.skip=true");
            Assumptions.abort("the build skipped the spiderpool CNI tree");
        }
        return tree.get();
    }

    static Optional<Path> packagedTree() {
        if (Boolean.getBoolean("cni.package.skip")) {
            return Optional.empty();
        }
        // outside Maven (an IDE run) the working directory is this module, as under surefire
        Path tree = Path.of(System.getProperty("spiderpool.cni.tree", "../spiderpool-cni/target/cni")).toAbsolutePath().normalize();
        String rebuild = ": build spiderpool-cni through package first (mvn install, or mvn package -pl spiderpool-cni -am),"
                + " or pass -Dcni.package.skip=true";
        if (!Files.isExecutable(tree.resolve("bin/spiderpool"))) {
            throw new IllegalStateException(tree.resolve("bin/spiderpool") + " is missing" + rebuild);
        }
        // a tree left from an earlier build would test old code: its jar keeps the jar's build time
        Path classes = tree.resolveSibling("classes");
        try (Stream<Path> lib = Files.list(tree.resolve("bin/spiderpool.jvm/lib"));
                Stream<Path> compiled = Files.exists(classes) ? Files.walk(classes) : Stream.empty()) {
            long packaged = lib.filter(p -> p.getFileName().toString().startsWith("spiderpool-cni-"))
                    .mapToLong(CniExec::modified).max().orElse(0);
            long newestClass = compiled.mapToLong(CniExec::modified).max().orElse(0);
            if (newestClass > packaged) {
                throw new IllegalStateException(tree + " is older than " + classes + rebuild);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(tree);
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result run(List<String> command, Map<String, String> env, String stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear(); // runtimes pass only what the spec names, plus PATH
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().putAll(env);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException brokenPipe) {
            // the plugin exited without reading all of stdin (e.g. an environment error found
            // first); Go's os/exec, which runtimes use, ignores this too
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not finish in 30 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip(),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    }
}
