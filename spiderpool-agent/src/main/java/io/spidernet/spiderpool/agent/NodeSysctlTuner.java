package io.spidernet.spiderpool.agent;

import io.spidernet.spiderpool.core.config.NodeSysctls.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes core's {@link io.spidernet.spiderpool.core.config.NodeSysctls} into the node's
 * {@code /proc/sys}, as upstream's agent does before it serves. A setting the kernel does not have is
 * skipped (old kernels lack some, and IPv6 may be compiled out); a setting that cannot be written
 * stops the start, because pods would then start on a node that drops their replies.
 */
public final class NodeSysctlTuner {
    /** What happened to one setting. */
    public record Outcome(Setting setting, String before, Kind kind) {
        public enum Kind { SET, ALREADY, MISSING }

        @Override
        public String toString() {
            return switch (kind) {
                case SET -> setting.name() + " " + before + " -> " + setting.value();
                case ALREADY -> setting.name() + " already " + setting.value();
                case MISSING -> setting.name() + " not in this kernel, skipped";
            };
        }
    }

    // a sysctl file holds a short line; anything longer is not the file we mean
    private static final int MAX_VALUE_BYTES = 4096;

    private final Path sysctlDir;

    public NodeSysctlTuner(Path sysctlDir) {
        this.sysctlDir = sysctlDir;
    }

    /** Applies the settings in order; an unchanged value is not written again. */
    public List<Outcome> apply(List<Setting> settings) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Setting setting : settings) {
            outcomes.add(apply(setting));
        }
        return outcomes;
    }

    private Outcome apply(Setting setting) {
        Path file = sysctlDir.resolve(setting.path());
        String before;
        try {
            before = read(file);
        } catch (NoSuchFileException e) {
            return new Outcome(setting, null, Outcome.Kind.MISSING);
        } catch (IOException e) {
            throw failure(setting, file, "cannot be read", e);
        }
        if (before.equals(setting.value())) {
            return new Outcome(setting, before, Outcome.Kind.ALREADY);
        }
        try {
            // /proc/sys files take one write of the whole value; no temp file and rename there
            Files.writeString(file, setting.value() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw failure(setting, file, "cannot be written", e);
        }
        return new Outcome(setting, before, Outcome.Kind.SET);
    }

    private static String read(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_VALUE_BYTES + 1);
            if (bytes.length > MAX_VALUE_BYTES) {
                throw new IOException("more than " + MAX_VALUE_BYTES + " bytes: not a sysctl");
            }
            return new String(bytes, StandardCharsets.US_ASCII).strip();
        }
    }

    private static IllegalStateException failure(Setting setting, Path file, String what, IOException e) {
        return new IllegalStateException("tuneSysctlConfig: " + setting.name() + " (" + file + ") " + what + ": "
                + e + "; the agent needs a privileged container to set it (" + setting.why() + "), or set"
                + " tuneSysctlConfig: false in the spiderpool-conf ConfigMap if the node's sysctls are managed"
                + " elsewhere", e);
    }
}
