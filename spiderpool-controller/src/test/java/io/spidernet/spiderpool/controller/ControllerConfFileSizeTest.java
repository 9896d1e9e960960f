package io.spidernet.spiderpool.controller;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.config.ConfFileException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A conf.yml larger than a ConfigMap can hold is refused from its size, before a byte of it is read. */
class ControllerConfFileSizeTest {
    @TempDir
    Path dir;

    @Test
    void aHugeConfFileIsRefusedWithoutReadingIt() throws Exception {
        Path conf = dir.resolve("conf.yml");
        try (RandomAccessFile f = new RandomAccessFile(conf.toFile(), "rw")) {
            f.setLength(10L << 30); // sparse: 10 GiB that reading would have to hold in memory
        }

        assertThatThrownBy(() -> ControllerBeans.readConf(conf)).isInstanceOf(ConfFileException.class)
                .hasMessageStartingWith(conf + " is 10737418240 bytes, more than the limit of 1048576 bytes");
    }
}
