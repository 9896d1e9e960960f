package io.spidernet.spiderpool.cni.install;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Puts the CNI network configuration in the conf directory: checked first, written by rename, left alone when equal. */
final class ConfInstall {
    private ConfInstall() {}

    static String install(InstallOptions.ConfFile conf, InstallLimits limits) throws IOException, InstallFailure {
        if (!Files.isRegularFile(conf.source())) {
            throw new InstallFailure("--conf-source " + conf.source() + " is not a readable file");
        }
        byte[] content = readAtMost(conf.source(), limits.maxConfBytes() + 1);
        List<String> problems = CniConfRules.problems(conf.name(), content, limits.maxConfBytes());
        if (!problems.isEmpty()) {
            throw new InstallFailure("--conf-source " + conf.source() + " is not a CNI configuration to install as "
                    + conf.name() + ":\n  " + String.join("\n  ", problems));
        }
        if (!Files.isDirectory(conf.dir())) {
            throw new InstallFailure("--conf-dir " + conf.dir() + " is not a directory: mount the host's CNI configuration"
                    + " directory (/etc/cni/net.d) there, read-write");
        }
        Path dest = conf.dir().resolve(conf.name());
        if (Files.isRegularFile(dest, LinkOption.NOFOLLOW_LINKS) && Files.size(dest) == content.length
                && Arrays.equals(readAtMost(dest, content.length), content)) {
            return dest + " is already this configuration";
        }
        DurableFiles.replace(dest, content, 0644);
        return "wrote " + dest;
    }

    private static byte[] readAtMost(Path p, int max) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return in.readNBytes(max);
        }
    }
}
