package io.spidernet.spiderpool.cni.install;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * One install run: checks and hashes the source tree, takes the target's lock, reads what is
 * there, plans ({@link InstallPlan}) and applies the plan, then installs the CNI configuration
 * when one is asked for. Returns what it did, one line per change; changes nothing when the
 * target already runs this tree.
 */
public final class CniInstaller {
    private final InstallLimits limits;
    private final Clock clock;
    private final List<String> plugins;

    public CniInstaller(InstallLimits limits, Clock clock, List<String> plugins) {
        this.limits = limits;
        this.clock = clock;
        this.plugins = List.copyOf(plugins);
    }

    public List<String> install(InstallOptions options) throws InstallFailure {
        try {
            return installOrThrow(options);
        } catch (FileSystemException e) {
            // EACCES, EPERM and EROFS: the mount or the permissions, not the installer
            String reason = String.valueOf(e.getReason());
            if (e instanceof AccessDeniedException || reason.contains("Read-only file system")
                    || reason.contains("Operation not permitted")) {
                throw new InstallFailure(notWritable(options.target(), e), e);
            }
            throw new InstallFailure("install into " + options.target() + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InstallFailure("install into " + options.target() + " failed: " + e, e);
        }
    }

    private List<String> installOrThrow(InstallOptions options) throws IOException, InstallFailure {
        Path source = options.source();
        if (!Files.exists(source)) {
            throw new InstallFailure("--source " + source + " does not exist: it is the packaged plugin tree"
                    + " (/opt/spiderpool/cni in the agent image)");
        }
        List<TreeEntry> entries = PluginTree.list(source, limits);
        List<String> problems = TreeRules.problems(entries, plugins, limits);
        if (!problems.isEmpty()) {
            throw new InstallFailure("--source " + source + " cannot be installed:\n  " + String.join("\n  ", problems));
        }
        String version = PluginTree.hash(source, entries);
        Path target = options.target();
        if (!Files.isDirectory(target)) {
            throw new InstallFailure("--target " + target + " is not a directory: mount the host's CNI bin directory"
                    + " (/opt/cni/bin) there, read-write");
        }
        TargetDir dir = new TargetDir(target);
        if (!Files.isDirectory(dir.versions(), NOFOLLOW_LINKS)) {
            Files.createDirectory(dir.versions());
        }
        List<String> report = new ArrayList<>();
        try (FileChannel lockFile = FileChannel.open(dir.versions().resolve(TargetDir.LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lock(lockFile, dir)) {
            TargetState state = dir.read(plugins, limits);
            InstallPlan plan = InstallPlan.of(state, version, onDisk(dir, state, version), plugins, clock.instant(),
                    options.cleanupAfter());
            new PlanApplier(dir, entries, source, limits, clock).apply(plan, report);
            if (plan.changesNothing()) {
                report.add("version " + version + " is already current in " + target + "; nothing changed");
            }
            if (options.conf().isPresent()) {
                report.add(ConfInstall.install(options.conf().get(), limits));
            }
        }
        return report;
    }

    private InstallPlan.VersionOnDisk onDisk(TargetDir dir, TargetState state, String version) throws IOException, InstallFailure {
        if (!state.versions().containsKey(version)) {
            return InstallPlan.VersionOnDisk.ABSENT;
        }
        Path installed = dir.version(version);
        List<TreeEntry> entries = PluginTree.list(installed, limits);
        if (entries.size() > limits.maxEntries()) {
            return InstallPlan.VersionOnDisk.DAMAGED;
        }
        return PluginTree.hash(installed, entries).equals(version) ? InstallPlan.VersionOnDisk.INTACT
                : InstallPlan.VersionOnDisk.DAMAGED;
    }

    /**
     * Waits for another installer (an agent pod of the old and one of the new DaemonSet on one node);
     * a POSIX record lock, released by the kernel when its holder dies.
     */
    private FileLock lock(FileChannel lockFile, TargetDir dir) throws IOException, InstallFailure {
        long deadline = System.nanoTime() + limits.lockWait().toNanos();
        while (true) {
            try {
                FileLock lock = lockFile.tryLock();
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException heldInThisProcess) {
                // another installer in this JVM (tests): as busy as one in another process
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new InstallFailure("another install-cni holds " + dir.versions().resolve(TargetDir.LOCK) + " for more than "
                        + limits.lockWait().toSeconds() + " s; run again when it has finished");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InstallFailure("interrupted while waiting for " + dir.versions().resolve(TargetDir.LOCK));
            }
        }
    }

    private static String notWritable(Path target, FileSystemException e) {
        return "--target " + target + " is not writable (" + e.getFile() + ": " + e.getReason()
                + "): mount the host's CNI bin directory (and the CNI configuration directory, if given) read-write";
    }

    /** Applies a plan in its order; every step leaves the target usable if the next one never comes. */
    private record PlanApplier(TargetDir dir, List<TreeEntry> entries, Path source, InstallLimits limits, Clock clock) {
        void apply(InstallPlan plan, List<String> report) throws IOException, InstallFailure {
            String pid = Long.toString(ProcessHandle.current().pid());
            for (String leftover : plan.deleteLeftovers()) {
                DurableFiles.deleteTree(dir.versions().resolve(leftover));
                report.add("removed " + leftover + ", left by an interrupted install");
            }
            String version = plan.version();
            if (plan.copiesVersion()) {
                Path temp = dir.versions().resolve(TargetDir.TEMP_PREFIX + version + "-" + pid);
                DurableFiles.copyTree(source, entries, temp);
                List<TreeEntry> copied = PluginTree.list(temp, limits);
                if (!copied.equals(entries) || !PluginTree.hash(temp, copied).equals(version)) {
                    DurableFiles.deleteTree(temp);
                    throw new InstallFailure("the copy of " + source + " in " + temp + " differs from it; did the source change"
                            + " during the install? Run again");
                }
                if (plan.onDisk() == InstallPlan.VersionOnDisk.DAMAGED) {
                    Path damaged = dir.versions().resolve(TargetDir.TEMP_PREFIX + "damaged-" + version + "-" + pid);
                    Files.move(dir.version(version), damaged, ATOMIC_MOVE);
                    Files.move(temp, dir.version(version), ATOMIC_MOVE);
                    DurableFiles.deleteTree(damaged);
                    report.add("replaced version " + version + ", whose files had been changed");
                } else {
                    Files.move(temp, dir.version(version), ATOMIC_MOVE);
                    long bytes = entries.stream().mapToLong(TreeEntry::size).sum();
                    report.add("copied version " + version + " (" + entries.size() + " entries, " + bytes + " bytes) to "
                            + dir.version(version));
                }
                DurableFiles.sync(dir.versions());
            }
            for (var script : plan.writeScripts().entrySet()) {
                DurableFiles.replace(dir.target().resolve(script.getKey()), script.getValue().getBytes(StandardCharsets.UTF_8), 0755);
            }
            if (!plan.writeScripts().isEmpty()) {
                report.add(String.join(", ", plan.writeScripts().keySet()) + " in " + dir.target() + " now run version " + version);
            }
            FileTime now = FileTime.from(clock.instant());
            for (String retired : plan.retire()) {
                Files.setLastModifiedTime(dir.version(retired), now);
            }
            if (plan.setPrevious().isPresent()) {
                DurableFiles.relink(dir.versions().resolve(TargetDir.PREVIOUS), plan.setPrevious().get());
                report.add("previous version: " + plan.setPrevious().get());
            }
            if (plan.setCurrent()) {
                DurableFiles.relink(dir.versions().resolve(TargetDir.CURRENT), version);
            }
            for (String old : plan.deleteVersions()) {
                Path doomed = dir.versions().resolve(TargetDir.TEMP_PREFIX + "delete-" + old + "-" + pid);
                Files.move(dir.version(old), doomed, ATOMIC_MOVE);
                DurableFiles.deleteTree(doomed);
                report.add("removed version " + old + ", retired more than the cleanup delay ago");
            }
            if (!plan.changesNothing()) {
                DurableFiles.sync(dir.versions());
            }
        }
    }

}
