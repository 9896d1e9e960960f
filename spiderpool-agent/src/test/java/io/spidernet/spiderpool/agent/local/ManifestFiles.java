package io.spidernet.spiderpool.agent.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: writes objects as a multi-document YAML manifest, the way a user would keep pools. */
public final class ManifestFiles {
    private static final ObjectMapper YAML = new YAMLMapper();

    private ManifestFiles() {}

    public static Path write(Path dir, String fileName, Object... objects) {
        StringBuilder out = new StringBuilder();
        try {
            for (Object o : objects) {
                out.append(YAML.writeValueAsString(o)); // each starts with its own "---"
            }
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve(fileName), out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
