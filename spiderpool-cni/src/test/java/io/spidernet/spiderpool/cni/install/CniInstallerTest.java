package io.spidernet.spiderpool.cni.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Install runs against real directories with small plugin trees of the packaged tree's shape: the
 * layout they leave, idempotence (nothing written, no time changed), upgrades and their cleanup
 * over time, repair, and the refusals (source missing a plugin, target not writable, lock held).
 */
class CniInstallerTest {
    @TempDir
    Path temp;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-27T12:00:00Z"));
    private final CniInstaller installer = new CniInstaller(InstallLimits.DEFAULT, clock, TreeRules.PLUGINS);

    @Test
    void aFreshInstallLeavesEntryScriptsAVersionDirectoryAndCurrent() throws Exception {
        Path source = tree("one");
        Path target = Files.createDirectories(temp.resolve("bin"));

        List<String> report = installer.install(options(source, target, 600));

        String version = currentOf(target);
        assertThat(report).anyMatch(l -> l.startsWith("copied version " + version));
        assertThat(report).contains("spiderpool, coordinator, ifacer in " + target + " now run version " + version);
        assertThat(Files.readString(target.resolve("coordinator"))).isEqualTo(EntryScript.text("coordinator", version));
        assertThat(Files.isExecutable(target.resolve("coordinator"))).isTrue();
        assertThat(Files.readSymbolicLink(target.resolve("spiderpool.d/" + version + "/coordinator"))).isEqualTo(Path.of("spiderpool"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("spiderpool.d/" + version + "/spiderpool"))))
                .isEqualTo("rwxr-x---");
        assertThat(run(target.resolve("ifacer"))).isEqualTo("one " + target.resolve("spiderpool.d/" + version + "/ifacer"));
        assertThat(names(target.resolve("spiderpool.d"))).containsExactlyInAnyOrder(".lock", "current", version);
    }

    @Test
    void runningTwiceChangesNothingNotEvenAFileTime() throws Exception {
        Path source = tree("one");
        Path target = Files.createDirectories(temp.resolve("bin"));
        installer.install(options(source, target, 600));
        Map<String, String> before = TreeListing.of(target);
        clock.advance(Duration.ofHours(1));

        List<String> report = installer.install(options(source, target, 600));

        assertThat(report).containsExactly("version " + currentOf(target) + " is already current in " + target + "; nothing changed");
        assertThat(TreeListing.of(target)).isEqualTo(before);
    }

    @Test
    void upgradesKeepPreviousAndRemoveOlderVersionsOnlyAfterTheCleanupDelay() throws Exception {
        Path target = Files.createDirectories(temp.resolve("bin"));
        installer.install(options(tree("one"), target, 600));
        String one = currentOf(target);
        clock.advance(Duration.ofSeconds(10));
        installer.install(options(tree("two"), target, 600));
        String two = currentOf(target);
        assertThat(Files.readSymbolicLink(target.resolve("spiderpool.d/previous")).toString()).isEqualTo(one);
        assertThat(run(target.resolve("spiderpool"))).startsWith("two ");

        clock.advance(Duration.ofSeconds(10));
        installer.install(options(tree("three"), target, 600)); // one: retired 10 s ago, no longer previous
        String three = currentOf(target);
        assertThat(names(target.resolve("spiderpool.d"))).contains(one, two, three);

        clock.advance(Duration.ofSeconds(589)); // one retired 599 s ago
        installer.install(options(tree("three"), target, 600));
        assertThat(names(target.resolve("spiderpool.d"))).contains(one);

        clock.advance(Duration.ofSeconds(1));
        List<String> report = installer.install(options(tree("three"), target, 600));
        assertThat(report).containsExactly("removed version " + one + ", retired more than the cleanup delay ago");
        assertThat(names(target.resolve("spiderpool.d"))).containsExactlyInAnyOrder(".lock", "current", "previous", two, three);
        assertThat(run(target.resolve("coordinator"))).startsWith("three ");
    }

    @Test
    void aDamagedVersionDirectoryIsReplacedAndALeftoverRemoved() throws Exception {
        Path source = tree("one");
        Path target = Files.createDirectories(temp.resolve("bin"));
        installer.install(options(source, target, 600));
        String version = currentOf(target);
        Files.writeString(target.resolve("spiderpool.d/" + version + "/spiderpool.jvm/lib/app.jar"), "truncated");
        Files.createDirectories(target.resolve("spiderpool.d/.tmp-" + version + "-4242/spiderpool.jvm"));

        List<String> report = installer.install(options(source, target, 600));

        assertThat(report).containsExactly("removed .tmp-" + version + "-4242, left by an interrupted install",
                "replaced version " + version + ", whose files had been changed");
        assertThat(Files.readString(target.resolve("spiderpool.d/" + version + "/spiderpool.jvm/lib/app.jar"))).isEqualTo("jar of one");
        assertThat(installer.install(options(source, target, 600))).singleElement().asString().contains("nothing changed");
    }

    @Test
    void aSourceMissingAPluginIsRefusedBeforeTheTargetIsTouched() throws Exception {
        Path source = tree("one");
        Files.delete(source.resolve("ifacer"));
        Path target = Files.createDirectories(temp.resolve("bin"));

        assertThatThrownBy(() -> installer.install(options(source, target, 600))).isInstanceOf(InstallFailure.class)
                .hasMessage("--source " + source + " cannot be installed:\n  the plugin 'ifacer' is missing at the top of the tree");
        assertThat(names(target)).isEmpty();
    }

    @Test
    void aTargetThatIsNotADirectoryOrNotWritableIsNamedWithTheFix() throws Exception {
        Path source = tree("one");
        assertThatThrownBy(() -> installer.install(options(source, temp.resolve("missing"), 600)))
                .hasMessageContaining("--target " + temp.resolve("missing") + " is not a directory");

        Path readOnly = Files.createDirectories(temp.resolve("ro"));
        boolean mounted = makeReadOnly(readOnly);
        try {
            assertThatThrownBy(() -> installer.install(options(source, readOnly, 600))).isInstanceOf(InstallFailure.class)
                    .hasMessageStartingWith("--target " + readOnly + " is not writable (")
                    .hasMessageEndingWith("mount the host's CNI bin directory (and the CNI configuration directory, if given) read-write");
        } finally {
            if (mounted) {
                new ProcessBuilder("umount", readOnly.toString()).inheritIO().start().waitFor();
            } else {
                Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwx------"));
            }
        }
    }

    @Test
    void aSecondInstallerWaitsForTheLockAndGivesUpWithAMessage() throws Exception {
        Path source = tree("one");
        Path target = Files.createDirectories(temp.resolve("bin"));
        Files.createDirectories(target.resolve("spiderpool.d"));
        CniInstaller impatient = new CniInstaller(new InstallLimits(10_000, 1L << 30, 1024, 32, 1000, 65536, Duration.ofMillis(300)),
                clock, TreeRules.PLUGINS);
        try (FileChannel ch = FileChannel.open(target.resolve("spiderpool.d/.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = ch.lock()) {
            assertThatThrownBy(() -> impatient.install(options(source, target, 600)))
                    .hasMessage("another install-cni holds " + target.resolve("spiderpool.d/.lock") + " for more than 0 s;"
                            + " run again when it has finished");
        }
        assertThat(impatient.install(options(source, target, 600))).isNotEmpty();
    }

    @Test
    void theCniConfigurationIsCheckedWrittenByRenameAndLeftAloneWhenEqual() throws Exception {
        Path source = tree("one");
        Path target = Files.createDirectories(temp.resolve("bin"));
        Path confDir = Files.createDirectories(temp.resolve("net.d"));
        Path conf = temp.resolve("10-macvlan.conflist");
        Files.writeString(conf, "{\"cniVersion\":\"1.0.0\",\"name\":\"macvlan\",\"plugins\":[{\"type\":\"macvlan\","
                + "\"ipam\":{\"type\":\"spiderpool\"}},{\"type\":\"coordinator\"}]}");
        InstallOptions withConf = new InstallOptions(source, target, Duration.ofSeconds(600),
                Optional.of(new InstallOptions.ConfFile(conf, confDir, "10-macvlan.conflist")));

        assertThat(installer.install(withConf)).contains("wrote " + confDir.resolve("10-macvlan.conflist"));
        assertThat(Files.readString(confDir.resolve("10-macvlan.conflist"))).isEqualTo(Files.readString(conf));
        assertThat(installer.install(withConf)).contains(confDir.resolve("10-macvlan.conflist") + " is already this configuration");
        assertThat(names(confDir)).containsExactly("10-macvlan.conflist");

        Files.writeString(conf, "{\"cniVersion\":\"1.0.0\",\"name\":\"macvlan\",\"type\":\"macvlan\"}");
        assertThatThrownBy(() -> installer.install(withConf)).hasMessage("--conf-source " + conf
                + " is not a CNI configuration to install as 10-macvlan.conflist:\n"
                + "  a .conflist needs \"plugins\": a non-empty list of objects, each with a \"type\"");
        Files.writeString(conf, "{\"cniVersion\":\"1.0.0\",}");
        assertThatThrownBy(() -> installer.install(withConf)).hasMessageContaining("is not a JSON object");
        Files.writeString(conf, " ".repeat(70_000));
        assertThatThrownBy(() -> installer.install(withConf)).hasMessageContaining("it has 65537 bytes, more than 65536");
        assertThat(names(confDir)).containsExactly("10-macvlan.conflist");
    }

    /** A tree of the packaged shape whose plugin prints {@code mark} and the path it was started by. */
    private Path tree(String mark) throws IOException {
        Path root = temp.resolve("src-" + mark);
        if (Files.exists(root)) {
            return root;
        }
        Files.createDirectories(root.resolve("spiderpool.jvm/lib"));
        Files.writeString(root.resolve("spiderpool"), "#!/bin/sh\necho \"" + mark + " $0\"\n");
        Files.setPosixFilePermissions(root.resolve("spiderpool"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(root.resolve("coordinator"), Path.of("spiderpool"));
        Files.createSymbolicLink(root.resolve("ifacer"), Path.of("spiderpool"));
        Files.writeString(root.resolve("spiderpool.jvm/lib/app.jar"), "jar of " + mark);
        Files.createSymbolicLink(root.resolve("spiderpool.jvm/LICENSE"), Path.of("lib/app.jar"));
        return root;
    }

    private static InstallOptions options(Path source, Path target, int cleanupSeconds) {
        return new InstallOptions(source, target, Duration.ofSeconds(cleanupSeconds), Optional.empty());
    }

    private static String currentOf(Path target) throws IOException {
        return Files.readSymbolicLink(target.resolve("spiderpool.d/current")).toString();
    }

    private static String run(Path plugin) throws Exception {
        Process p = new ProcessBuilder(plugin.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** Read-only for this process: a read-only tmpfs when root (who ignores permissions), else mode 0500. */
    private static boolean makeReadOnly(Path dir) throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
            return false;
        }
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (mount.waitFor() != 0) {
            System.out.println("SKIP target-not-writable case: root cannot mount a read-only tmpfs here: " + out);
            Assumptions.abort("no read-only mount for root: " + out);
        }
        return true;
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
