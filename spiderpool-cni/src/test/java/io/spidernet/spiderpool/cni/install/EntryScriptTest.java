package io.spidernet.spiderpool.cni.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry script: it runs its version's plugin by the plugin's name, from wherever the bin dir is, and is recognised again. */
class EntryScriptTest {
    private static final String V = "0123456789abcdef";

    @TempDir
    Path temp;

    @Test
    void itExecsItsVersionsPluginWithTheArgumentsStdinAndTheNameItWasInvokedBy() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("host/opt/cni/bin"));
        Path version = Files.createDirectories(bin.resolve("spiderpool.d/" + V));
        executable(version.resolve("spiderpool"), "#!/bin/sh\necho \"$0|$*|$(cat)\"\n");
        Files.createSymbolicLink(version.resolve("coordinator"), Path.of("spiderpool"));
        executable(bin.resolve("coordinator"), EntryScript.text("coordinator", V));
        // the runtime may also reach the plugin through a link (e.g. /usr/libexec/cni -> /opt/cni/bin/...)
        Path other = Files.createDirectories(temp.resolve("libexec"));
        Files.createSymbolicLink(other.resolve("coordinator"), bin.resolve("coordinator"));

        for (Path invoked : List.of(bin.resolve("coordinator"), other.resolve("coordinator"))) {
            Process p = new ProcessBuilder(invoked.toString(), "a b", "c").start();
            p.getOutputStream().write("{\"cniVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

            assertThat(p.waitFor()).isZero();
            assertThat(out).isEqualTo(bin.resolve("spiderpool.d/" + V + "/coordinator") + "|a b c|{\"cniVersion\":\"1.0.0\"}");
        }
    }

    @Test
    void itsVersionIsReadBackOnlyFromAnUnchangedScriptOfTheSamePlugin() {
        String text = EntryScript.text("ifacer", V);

        assertThat(EntryScript.versionOf("ifacer", text)).contains(V);
        assertThat(EntryScript.versionOf("spiderpool", text)).isEmpty();
        assertThat(EntryScript.versionOf("ifacer", text + "# edited\n")).isEmpty();
        assertThat(EntryScript.versionOf("ifacer", "#!/bin/sh\nexec /opt/upstream/ifacer \"$@\"\n")).isEmpty();
    }

    private static void executable(Path p, String text) throws Exception {
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
