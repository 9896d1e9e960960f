package io.spidernet.spiderpool.controller.coordinator;

import io.spidernet.spiderpool.core.coordinator.status.ClusterCni;
import io.spidernet.spiderpool.core.coordinator.status.CniConfigDir;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads the node's CNI configuration directory (mounted into the controller's pod, as upstream's
 * chart does) the way core's {@link ClusterCni} wants it: the entry names, then the chosen file,
 * no more than {@link ClusterCni#MAX_CONFIG_BYTES} of it.
 */
final class CniDirReader {
    private final Path dir;

    CniDirReader(Path dir) {
        this.dir = dir;
    }

    CniConfigDir read() {
        if (!Files.isDirectory(dir)) {
            return CniConfigDir.unreadable(dir.toString(), "it is not a directory");
        }
        List<String> names;
        try (Stream<Path> entries = Files.list(dir)) {
            names = entries.limit(ClusterCni.MAX_FILES).filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            return CniConfigDir.unreadable(dir.toString(), e.toString());
        }
        Optional<String> first = ClusterCni.firstConfigFile(names);
        if (first.isEmpty()) {
            return CniConfigDir.empty(dir.toString());
        }
        try (InputStream in = Files.newInputStream(dir.resolve(first.get()))) {
            // one byte over the bound, so that core sees the file is too large rather than a cut-off JSON
            byte[] bytes = in.readNBytes(ClusterCni.MAX_CONFIG_BYTES + 1);
            return new CniConfigDir(dir.toString(), first.get(), new String(bytes, StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            return CniConfigDir.unreadable(dir.toString(), "reading " + first.get() + ": " + e);
        }
    }
}
