package io.spidernet.spiderpool.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.config.SpiderpoolConfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without flag or property, a conf.yml at upstream's mount point is read; without one, the chart's defaults. */
class ConfFileDefaultPathTest {
    @TempDir
    Path dir;

    @Test
    void aFileAtUpstreamsMountPointIsRead() throws IOException {
        Path mounted = Files.writeString(dir.resolve("conf.yml"), "enableIPv6: false\n");
        assertThat(AgentBeans.readConf(Optional.empty(), mounted).ipam(5000).enableIPv6()).isFalse();
    }

    @Test
    void nothingMountedMeansTheChartsDefaults() {
        assertThat(AgentBeans.readConf(Optional.empty(), dir.resolve("conf.yml")).ipam(5000))
                .isEqualTo(SpiderpoolConfFile.defaults().ipam(5000));
    }

    @Test
    void aConfiguredFileWinsOverTheMountPoint() throws IOException {
        Path mounted = Files.writeString(dir.resolve("conf.yml"), "enableIPv6: false\n");
        Path configured = Files.writeString(dir.resolve("other.yml"), "enableIPv6: true\n");
        assertThat(AgentBeans.readConf(Optional.of(configured), mounted).ipam(5000).enableIPv6()).isTrue();
    }
}
