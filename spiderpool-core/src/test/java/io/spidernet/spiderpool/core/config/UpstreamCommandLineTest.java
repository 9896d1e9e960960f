package io.spidernet.spiderpool.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpstreamCommandLineTest {
    private static final Map<String, String> CONTROLLER = Map.of(
            "config-path", "conf-file", "tls-server-cert", "cert-file", "tls-server-key", "key-file");

    @Test
    void theChartsArgumentsMapOntoSettings() {
        UpstreamCommandLine line = UpstreamCommandLine.parse(List.of("daemon",
                "--config-path=/tmp/spiderpool/config-map/conf.yml", "--tls-server-cert=/etc/tls/tls.crt",
                "--tls-server-key", "/etc/tls/tls.key"), CONTROLLER);

        assertThat(line.errors()).isEmpty();
        assertThat(line.settings()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "conf-file", "/tmp/spiderpool/config-map/conf.yml",
                "cert-file", "/etc/tls/tls.crt",
                "key-file", "/etc/tls/tls.key"));
    }

    @Test
    void noArgumentsSetNothing() {
        assertThat(UpstreamCommandLine.parse(List.of(), CONTROLLER).requireValid().settings()).isEmpty();
        assertThat(UpstreamCommandLine.parse(List.of("daemon"), CONTROLLER).requireValid().settings()).isEmpty();
    }

    @Test
    void theLastOfARepeatedFlagWins() {
        assertThat(UpstreamCommandLine.parse(List.of("--config-path=/a", "--config-path=/b"), CONTROLLER).settings())
                .containsEntry("conf-file", "/b");
    }

    @Test
    void anUnknownFlagIsNamed() {
        assertThatThrownBy(() -> UpstreamCommandLine.parse(List.of("daemon", "--config-pth=/x"), CONTROLLER).requireValid())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown flag --config-pth")
                .hasMessageContaining("--config-path, --tls-server-cert, --tls-server-key");
    }

    @Test
    void aFlagWithoutValueOrAStrayWordIsRefused() {
        UpstreamCommandLine line = UpstreamCommandLine.parse(List.of("daemon", "shutdown", "--config-path"), CONTROLLER);
        assertThat(line.errors()).containsExactly(
                "unexpected argument 'shutdown': give the subcommand 'daemon' first, then flags as --name=value"
                        + " (--config-path, --tls-server-cert, --tls-server-key)",
                "flag --config-path needs a value, e.g. --config-path=/path/to/file");
        assertThat(UpstreamCommandLine.parse(List.of("--config-path="), CONTROLLER).errors()).hasSize(1);
    }
}
