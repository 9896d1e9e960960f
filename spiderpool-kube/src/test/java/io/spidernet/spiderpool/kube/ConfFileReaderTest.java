package io.spidernet.spiderpool.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.config.ConfFileException;
import io.spidernet.spiderpool.core.config.SpiderpoolConfFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which conf.yml either app reads: the configured one, else one at upstream's mount point, else the
 * chart's defaults; a file too large for a ConfigMap is refused before it is read.
 */
class ConfFileReaderTest {
    private static final String PROPERTY = "spiderpool.test.conf-file";

    @TempDir
    Path dir;

    @Test
    void aFileAtUpstreamsMountPointIsRead() throws IOException {
        Path mounted = Files.writeString(dir.resolve("conf.yml"), "enableIPv6: false\n");
        assertThat(ConfFileReader.read(Optional.empty(), mounted, PROPERTY).ipam(5000).enableIPv6()).isFalse();
    }

    @Test
    void nothingMountedMeansTheChartsDefaults() {
        assertThat(ConfFileReader.read(Optional.empty(), dir.resolve("conf.yml"), PROPERTY).ipam(5000))
                .isEqualTo(SpiderpoolConfFile.defaults().ipam(5000));
    }

    @Test
    void aConfiguredFileWinsOverTheMountPoint() throws IOException {
        Path mounted = Files.writeString(dir.resolve("conf.yml"), "enableIPv6: false\n");
        Path configured = Files.writeString(dir.resolve("other.yml"), "enableIPv6: true\n");
        assertThat(ConfFileReader.read(Optional.of(configured), mounted, PROPERTY).ipam(5000).enableIPv6()).isTrue();
    }

    @Test
    void aConfiguredFileThatIsNotThereIsRefusedNamingIt() throws IOException {
        Path mounted = Files.writeString(dir.resolve("conf.yml"), "enableIPv6: false\n");
        Path missing = dir.resolve("missing.yml");
        assertThatThrownBy(() -> ConfFileReader.read(Optional.of(missing), mounted, PROPERTY))
                .isInstanceOf(ConfFileException.class).hasMessageStartingWith("cannot read " + missing);
    }

    @Test
    void aHugeConfFileIsRefusedWithoutReadingIt() throws Exception {
        Path conf = dir.resolve("conf.yml");
        try (RandomAccessFile f = new RandomAccessFile(conf.toFile(), "rw")) {
            f.setLength(10L << 30); // sparse: 10 GiB that reading would have to hold in memory
        }

        assertThatThrownBy(() -> ConfFileReader.read(conf)).isInstanceOf(ConfFileException.class)
                .hasMessageStartingWith(conf + " is 10737418240 bytes, more than the limit of 1048576 bytes");
    }
}
