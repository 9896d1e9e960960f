package io.spidernet.spiderpool.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each bound of {@link BoundedYaml}, shown with an input just past it; timings are printed, not asserted. */
class BoundedYamlTest {
    private static final String SOURCE = "/etc/spiderpool/pools/x.yaml";

    /** The classic "billion laughs": nine levels of nine aliases each, 9^9 strings if expanded. */
    static String aliasBomb() {
        StringBuilder y = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            char prev = (char) (c - 1);
            y.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                y.append(i == 0 ? "" : ",").append('*').append(prev);
            }
            y.append("]\n");
        }
        return y.toString();
    }

    /** A valid-looking document of {@code bytes} bytes: one long list of short strings. */
    static String ofSize(int bytes) {
        StringBuilder y = new StringBuilder(bytes + 16).append("items:\n");
        while (y.length() < bytes) {
            y.append("- 10.0.0.1\n");
        }
        return y.toString();
    }

    @Test
    void anAliasBombIsRefusedAtItsFirstAlias() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> BoundedYaml.documents(aliasBomb(), SOURCE))
                .isInstanceOf(YamlLimitException.class)
                .hasMessageStartingWith(SOURCE + " uses the YAML alias *a (line 2)")
                .hasMessageContaining("aliases are refused (at most 0)");
        System.out.printf("alias bomb refused in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"k: &x v\nm: *x\n", "- &x v\n- *x\n", "a: {b: &x [1], c: [*x]}\n"})
    void anAliasAnywhereIsRefused(String yaml) {
        assertThatThrownBy(() -> BoundedYaml.documents(yaml, SOURCE))
                .isInstanceOf(YamlLimitException.class).hasMessageContaining("uses the YAML alias *x");
    }

    @Test
    void anchorsWithoutAliasesAreRead() throws Exception {
        assertThat(BoundedYaml.documents("k: &x v\n", SOURCE).getFirst().path("k").asText()).isEqualTo("v");
    }

    @Test
    void tenMegabytesAreRefusedBeforeParsing() {
        String big = ofSize(10 << 20);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> BoundedYaml.documents(big, SOURCE))
                .isInstanceOf(YamlLimitException.class)
                .hasMessageStartingWith(SOURCE + " is ")
                .hasMessageContaining("the limit of 1048576");
        System.out.printf("10 MB document refused in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedBeforeReading() {
        assertThatThrownBy(() -> BoundedYaml.checkSize(10L << 20, SOURCE))
                .isInstanceOf(YamlLimitException.class)
                .hasMessage(SOURCE + " is 10485760 bytes, more than the limit of 1048576 bytes (1 MiB, what a ConfigMap"
                        + " holds): split it into several files or remove what is not needed");
        BoundedYaml.checkSize(BoundedYaml.MAX_BYTES, SOURCE);
    }

    @Test
    void aDocumentJustUnderTheLimitIsRead() throws Exception {
        List<?> docs = BoundedYaml.documents(ofSize(BoundedYaml.MAX_BYTES - 16), SOURCE);
        assertThat(docs).hasSize(1);
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        String deep = "[".repeat(BoundedYaml.MAX_DEPTH + 1) + "]".repeat(BoundedYaml.MAX_DEPTH + 1);
        assertThatThrownBy(() -> BoundedYaml.documents(deep, SOURCE))
                .isInstanceOf(YamlLimitException.class)
                .hasMessageStartingWith(SOURCE + " nests deeper than 64 levels, the limit");
    }

    @Test
    void confYmlIsReadWithinTheSameBounds() {
        assertThatThrownBy(() -> SpiderpoolConfFile.parse("enableIPv4: &t true\nenableIPv6: *t\n", "/tmp/conf.yml"))
                .isInstanceOf(ConfFileException.class)
                .hasMessageStartingWith("/tmp/conf.yml: conf.yml uses the YAML alias *t");
        assertThatThrownBy(() -> SpiderpoolConfFile.parse(ofSize(10 << 20), "/tmp/conf.yml"))
                .isInstanceOf(ConfFileException.class).hasMessageContaining("the limit of 1048576");
        assertThatThrownBy(() -> SpiderpoolConfFile.checkSize(10L << 20, "/tmp/conf.yml"))
                .isInstanceOf(ConfFileException.class).hasMessageStartingWith("/tmp/conf.yml is 10485760 bytes");
    }
}
