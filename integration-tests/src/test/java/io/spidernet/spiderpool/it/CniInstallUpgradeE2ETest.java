package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.spidernet.spiderpool.cni.install.TreeListing;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged installer ({@code target/cni/install-cni}) upgrades a CNI bin directory back and forth
 * between two builds while two loops keep executing the installed {@code spiderpool} plugin the way a
 * container runtime does (CNI_COMMAND=VERSION, the network config on stdin): no execution may fail
 * or answer wrongly. Then the same install twice changes nothing: same paths, modes, link targets
 * and modification times. The second build is the packaged tree plus a marker file, so its content
 * hash, and therefore its version directory, differs.
 */
class CniInstallUpgradeE2ETest {
    private static final String CONF = "{\"cniVersion\":\"1.0.0\",\"name\":\"net\",\"type\":\"macvlan\",\"ipam\":{\"type\":\"spiderpool\"}}";
    private static final String VERSION_REPLY = "{\"cniVersion\":\"1.0.0\",\"supportedVersions\":[\"0.3.0\",\"0.3.1\",\"0.4.0\",\"1.0.0\",\"1.1.0\"]}";
    private static final int UPGRADES = 6;
    private static final int LOOPS = 2;

    private static Path tree;

    @TempDir
    Path temp;

    @BeforeAll
    static void packagedTree() {
        tree = CniExec.packagedTreeOrSkip(CniInstallUpgradeE2ETest.class);
    }

    @Test
    void upgradesUnderContinuousExecutionFailNoExecutionAndARepeatChangesNothing() throws Exception {
        Path buildA = tree.resolve("bin");
        Path buildB = temp.resolve("build-b");
        copy(buildA, buildB);
        Files.writeString(buildB.resolve("spiderpool.jvm/BUILD-MARKER"), "build b\n");
        Path target = Files.createDirectories(temp.resolve("host/opt/cni/bin"));

        long firstStart = System.nanoTime();
        Install first = install(buildA, target);
        long firstMs = ms(firstStart);
        assertThat(first.exit).as(first.err).isZero();
        String versionA = current(target);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger executions = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> loops = new ArrayList<>();
        for (int i = 0; i < LOOPS; i++) {
            loops.add(Thread.ofPlatform().name("cni-exec-" + i).start(() -> {
                while (!stop.get()) {
                    try {
                        CniExec.Result r = CniExec.run(List.of(target.resolve("spiderpool").toString()),
                                Map.of("CNI_COMMAND", "VERSION"), CONF);
                        if (r.exit() != 0 || !r.stdout().equals(VERSION_REPLY)) {
                            failures.add("exit " + r.exit() + " stdout " + r.stdout() + " stderr " + r.stderr());
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                    executions.incrementAndGet();
                }
            }));
        }

        long start = System.nanoTime();
        List<Long> switchMs = new ArrayList<>();
        String versionB = null;
        try {
            for (int i = 1; i <= UPGRADES; i++) {
                int seen = executions.get();
                Path build = i % 2 == 1 ? buildB : buildA;
                long t = System.nanoTime();
                Install up = install(build, target);
                switchMs.add(ms(t));
                assertThat(up.exit).as(up.err).isZero();
                assertThat(up.out).contains("now run version " + current(target));
                if (i == 1) {
                    versionB = current(target);
                }
                assertThat(current(target)).isEqualTo(i % 2 == 1 ? versionB : versionA);
                awaitExecutions(executions, seen + 2 * LOOPS);
            }
        } finally {
            stop.set(true);
            for (Thread loop : loops) {
                loop.join(TimeUnit.SECONDS.toMillis(60));
            }
        }
        long elapsedMs = ms(start);
        assertThat(versionB).isNotEqualTo(versionA);

        Map<String, String> before = TreeListing.of(target);
        long repeatStart = System.nanoTime();
        Install repeat = install(buildA, target);
        long repeatMs = ms(repeatStart);
        assertThat(repeat.exit).as(repeat.err).isZero();
        assertThat(repeat.out).contains("version " + versionA + " is already current in " + target + "; nothing changed");
        assertThat(TreeListing.of(target)).as("a repeated install changes nothing").isEqualTo(before);

        System.out.printf("install-cni E2E: %d executions of the installed spiderpool plugin (VERSION, %d loops), %d failed,"
                + " %d upgrades between versions %s and %s in %d ms; first install %d ms, upgrades %s ms, repeat %d ms (no change)%n",
                executions.get(), LOOPS, failures.size(), UPGRADES, versionA, versionB, elapsedMs, firstMs, switchMs, repeatMs);
        assertThat(failures).as("failed executions during upgrades").isEmpty();
        assertThat(executions.get()).isGreaterThanOrEqualTo(UPGRADES * 2 * LOOPS);
        assertThat(Files.readAllLines(target.resolve("spiderpool.d/" + versionA + "/spiderpool.jvm/runtime/release")))
                .as("the plugins' runtime holds java.base alone (the binary has no protobuf runtime, which needed java.logging and jdk.unsupported)")
                .contains("MODULES=\"java.base\"");
    }

    @Test
    void theInstalledPluginsUseTheirAotCacheAndTheEntryScriptAddsLittleToStartUp() throws Exception {
        Path target = Files.createDirectories(temp.resolve("bin"));
        assertThat(install(tree.resolve("bin"), target).exit).isZero();
        Map<String, String> cacheRequired = Map.of("CNI_COMMAND", "VERSION", "SPIDERPOOL_CNI_JAVA_OPTIONS", "-XX:AOTMode=on");
        for (String plugin : List.of("spiderpool", "coordinator", "ifacer")) {
            CniExec.Result r = CniExec.run(List.of(target.resolve(plugin).toString()), cacheRequired, CONF);
            assertThat(r.exit()).as(plugin + ": " + r.stderr()).isZero();
            assertThat(r.stdout()).as(plugin).isEqualTo(VERSION_REPLY);
        }
        // the class-loading log is long: to a file, not through a pipe nobody reads until the end
        Path classLog = temp.resolve("class-load.log");
        ProcessBuilder logged = new ProcessBuilder(target.resolve("spiderpool").toString()).redirectError(classLog.toFile());
        logged.environment().clear();
        logged.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "CNI_COMMAND", "VERSION",
                "SPIDERPOOL_CNI_JAVA_OPTIONS", "-Xlog:class+load=info:stderr"));
        Process p = logged.start();
        try (var in = p.getOutputStream()) {
            in.write(CONF.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()).isEqualTo(VERSION_REPLY);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String classes = Files.readString(classLog);
        assertThat(classes).as("class loading is logged").contains("io.spidernet.spiderpool.cni.CniMain");
        assertThat(classes).as("the plugin loads no installer class").doesNotContain("spiderpool.cni.install.");
        long direct = medianMs(tree.resolve("bin/spiderpool"));
        long installed = medianMs(target.resolve("spiderpool"));
        System.out.printf("install-cni E2E: spiderpool VERSION median of 15 execs: %d ms from the build tree, %d ms through the"
                + " installed entry script%n", direct, installed);
    }

    private static long medianMs(Path plugin) throws Exception {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            long t = System.nanoTime();
            CniExec.Result r = CniExec.run(List.of(plugin.toString()), Map.of("CNI_COMMAND", "VERSION"), CONF);
            times.add(ms(t));
            assertThat(r.exit()).isZero();
        }
        Collections.sort(times);
        return times.get(times.size() / 2);
    }

    private record Install(int exit, String out, String err) {}

    /** The packaged installer, on the packaged tree's runtime, as the agent image's init container runs it. */
    private static Install install(Path source, Path target) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(tree.resolve("install-cni").toString(), "--source", source.toString(),
                "--target", target.toString(), "--cleanup-after=600");
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("SPIDERPOOL_CNI_HOME", tree.resolve("bin").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("install-cni did not finish in 120 s");
        }
        return new Install(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static void awaitExecutions(AtomicInteger executions, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (executions.get() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static String current(Path target) throws IOException {
        return Files.readSymbolicLink(target.resolve("spiderpool.d/current")).toString();
    }

    /** cp -a: modes and links as they are, as an image layer keeps them. */
    private static void copy(Path from, Path to) throws Exception {
        Process p = new ProcessBuilder("cp", "-a", from.toString(), to.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
