package io.spidernet.spiderpool.agent.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

    @Test
    void theWrittenFileIsOwnerOnlyFromTheStart() throws Exception {
        Path target = dir.resolve("state.json");
        // a leftover temporary a previous release made under umask 022: the write must not reuse its mode
        Files.writeString(AtomicFileWriter.temporaryFor(target), "leftover");
        Files.setPosixFilePermissions(AtomicFileWriter.temporaryFor(target), PosixFilePermissions.fromString("rw-r--r--"));

        new AtomicFileWriter().replace(target, "new".getBytes(StandardCharsets.UTF_8));

        // the state file is the temporary file renamed, so its mode is the one the temporary was created with
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
    }

    @Test
    void aLinkPlantedAtTheTemporaryNameIsNotWrittenThrough() throws Exception {
        Path target = dir.resolve("state.json");
        Path victim = Files.writeString(dir.resolve("victim"), "not the agent's");
        Files.createSymbolicLink(AtomicFileWriter.temporaryFor(target), victim);

        new AtomicFileWriter().replace(target, "new".getBytes(StandardCharsets.UTF_8));

        assertThat(victim).hasContent("not the agent's");
        assertThat(Files.isSymbolicLink(target)).isFalse();
        assertThat(target).hasContent("new");
    }
}
