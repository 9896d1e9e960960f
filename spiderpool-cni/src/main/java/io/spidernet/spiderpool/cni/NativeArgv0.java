package io.spidernet.spiderpool.cni;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The name the program was exec'd by, when it runs as a GraalVM native executable: there is no
 * launcher script to pass {@code $0} in {@link CniMain#ARGV0_PROPERTY}, and Java's {@code main}
 * never sees argv[0], but the kernel keeps the argument vector in {@code /proc/self/cmdline}
 * (NUL-separated, argv[0] first). bin/coordinator and bin/ifacer are symlinks to the one
 * executable, so this name is what picks the plugin.
 */
final class NativeArgv0 {
    /** GraalVM sets it to "runtime" in a native executable; a JVM has no such property. */
    static final String IMAGE_CODE_PROPERTY = "org.graalvm.nativeimage.imagecode";
    static final Path CMDLINE = Path.of("/proc/self/cmdline");
    /** argv[0] is a path; PATH_MAX is 4096 on Linux. */
    static final int MAX_BYTES = 4096;

    private NativeArgv0() {}

    /** The launcher's property, else argv[0] in a native executable, else null (the JVM run without the launcher). */
    static String invokedAs(String launcherProperty, String imageCode, Path cmdline) {
        if (launcherProperty != null) {
            return launcherProperty;
        }
        if (!"runtime".equals(imageCode)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(cmdline)) {
            return firstArgument(in.readNBytes(MAX_BYTES));
        } catch (IOException unreadable) {
            return null;
        }
    }

    /** The bytes before the first NUL, or null when that is empty. */
    static String firstArgument(byte[] cmdline) {
        int end = 0;
        while (end < cmdline.length && cmdline[end] != 0) {
            end++;
        }
        return end == 0 ? null : new String(cmdline, 0, end, StandardCharsets.UTF_8);
    }
}
