package io.spidernet.spiderpool.agent.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileWriterTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheContentAndLeavesNoTemporaryFile() throws Exception {
        Path target = dir.resolve("state.json");
        AtomicFileWriter writer = new AtomicFileWriter();
        writer.replace(target, "old".getBytes(StandardCharsets.UTF_8));
        writer.replace(target, "new, and longer".getBytes(StandardCharsets.UTF_8));

        assertThat(target).hasContent("new, and longer");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aLeftoverTemporaryFileIsOverwritten() throws Exception {
        Path target = dir.resolve("state.json");
        Files.writeString(AtomicFileWriter.temporaryFor(target), "garbage from a crash, much longer than the new content");
        new AtomicFileWriter().replace(target, "new".getBytes(StandardCharsets.UTF_8));
        assertThat(target).hasContent("new");
    }
}
