package io.spidernet.spiderpool.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's command line ({@code daemon --config-path=…}) names the conf.yml, and wins over the
 * property naming another one.
 */
@QuarkusTest
@TestProfile(ConfFileFlagTest.ChartArgs.class)
class ConfFileFlagTest {

    public static class ChartArgs extends TempDirsProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("spiderpool.agent.conf-file", conf("by-property.yml", "enableIPv4: true\nenableIPv6: true\n").toString());
            return overrides;
        }

        @Override
        public boolean runMainMethod() {
            return true;
        }

        @Override
        public String[] commandLineParameters() {
            return new String[] {"daemon", "--config-path=" + conf("by-flag.yml", "enableIPv4: true\nenableIPv6: false\n"
                    + "enableIPConflictDetection: true\nipamUnixSocketPath: " + cniSocket() + "\n")};
        }

        private static Path conf(String name, String text) {
            try {
                return Files.writeString(DIR.resolve(name), text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Inject
    SpiderpoolConf conf;

    @Test
    void theFlagsFileIsRead() {
        assertThat(conf.enableIPv6()).isFalse();
        assertThat(conf.enableIPConflictDetection()).isTrue();
    }
}
