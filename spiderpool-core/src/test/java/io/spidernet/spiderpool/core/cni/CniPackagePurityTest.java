package io.spidernet.spiderpool.core.cni;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CNI binary loads this package on every pod start: Jackson would cost ~45 ms there, and
 * core must stay free of I/O and environment reads. Checked on the sources, so it fails at once.
 */
class CniPackagePurityTest {
    private static final Path SOURCES = Path.of("src/main/java/io/spidernet/spiderpool/core/cni");

    private static final List<String> FORBIDDEN = List.of("com.fasterxml", "System.getenv", "System.getProperty",
            "java.io.File", "java.nio.file", "java.net.", "System.out", "System.err", "System.in");

    @Test
    void usesNoJacksonNoIoAndNoEnvironment() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            List<Path> sources = files.filter(p -> p.toString().endsWith(".java")).toList();
            assertThat(sources).isNotEmpty();
            for (Path source : sources) {
                String text = Files.readString(source);
                for (String word : FORBIDDEN) {
                    assertThat(text).as("%s mentions %s", source.getFileName(), word).doesNotContain(word);
                }
            }
        }
    }
}
