package io.spidernet.spiderpool.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's command line ({@code daemon --config-path=…}) names the conf.yml the controller reads,
 * and wins over the property naming another one.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(ControllerConfFileTest.ChartArgs.class)
class ControllerConfFileTest {

    public static class ChartArgs implements QuarkusTestProfile {
        private static final Path DIR = tempDir();

        private static Path tempDir() {
            try {
                return Files.createTempDirectory("spiderpool-controller-conf-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("spiderpool.controller.conf-file", conf("by-property.yml", "enableIPv6: true\n").toString());
        }

        @Override
        public boolean runMainMethod() {
            return true;
        }

        @Override
        public String[] commandLineParameters() {
            return new String[] {"daemon", "--config-path=" + conf("by-flag.yml", "enableIPv6: false\nenableStatefulSet: false\n")};
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
        assertThat(conf.enableStatefulSet()).isFalse();
    }
}
