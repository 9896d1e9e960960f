package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeArgv0Test {
    @TempDir
    Path dir;

    @Test
    void aNativeExecutableIsNamedByArgv0() throws IOException {
        Path cmdline = cmdline("/opt/cni/bin/coordinator\0ignored\0");
        assertThat(NativeArgv0.invokedAs(null, "runtime", cmdline)).isEqualTo("/opt/cni/bin/coordinator");
        assertThat(Personalities.select(NativeArgv0.invokedAs(null, "runtime", cmdline), new String[0]).name())
                .isEqualTo("coordinator");
    }

    @Test
    void theLaunchersPropertyWins() throws IOException {
        assertThat(NativeArgv0.invokedAs("/opt/cni/bin/ifacer", "runtime", cmdline("spiderpool\0"))).isEqualTo("/opt/cni/bin/ifacer");
    }

    @Test
    void onTheJvmWithoutTheLauncherThereIsNoName() throws IOException {
        assertThat(NativeArgv0.invokedAs(null, null, cmdline("java\0-cp\0"))).isNull();
        assertThat(NativeArgv0.invokedAs(null, "buildtime", cmdline("java\0"))).isNull();
    }

    @Test
    void anEmptyOrUnreadableCmdlineGivesNoName() throws IOException {
        assertThat(NativeArgv0.invokedAs(null, "runtime", cmdline(""))).isNull();
        assertThat(NativeArgv0.invokedAs(null, "runtime", dir.resolve("missing"))).isNull();
    }

    @Test
    void onlyTheBoundIsRead() throws IOException {
        String longName = "/" + "a".repeat(NativeArgv0.MAX_BYTES + 100);
        assertThat(NativeArgv0.invokedAs(null, "runtime", cmdline(longName + "\0"))).hasSize(NativeArgv0.MAX_BYTES);
    }

    private Path cmdline(String content) throws IOException {
        return Files.write(dir.resolve("cmdline"), content.getBytes(StandardCharsets.UTF_8));
    }
}
