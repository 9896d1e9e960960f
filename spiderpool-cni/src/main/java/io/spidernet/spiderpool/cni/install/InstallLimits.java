package io.spidernet.spiderpool.cni.install;

import java.time.Duration;

/**
 * Bounds on everything the installer reads: the source tree, the state it finds in the target,
 * the CNI configuration file, and the time it waits for another installer. The packaged tree has
 * about 80 entries and 95 MB; the defaults leave room for growth without letting a wrong
 * {@code --source} (say, {@code /}) make the installer walk or copy a whole file system.
 *
 * @param maxEntries      files, directories and links in the source tree
 * @param maxTotalBytes   sum of the regular files' sizes
 * @param maxPathChars    a relative path inside the tree, and a link's target
 * @param maxDepth        directory nesting inside the tree
 * @param maxTargetEntries entries of {@code <target>/spiderpool.d} the installer will look at
 * @param maxConfBytes    the CNI configuration file
 * @param lockWait        how long to wait for another installer holding the lock
 */
public record InstallLimits(int maxEntries, long maxTotalBytes, int maxPathChars, int maxDepth, int maxTargetEntries,
        int maxConfBytes, Duration lockWait) {
    public static final InstallLimits DEFAULT =
            new InstallLimits(10_000, 1L << 30, 1024, 32, 1000, 64 * 1024, Duration.ofSeconds(120));
}
