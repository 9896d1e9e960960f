package io.spidernet.spiderpool.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A conf.yml named by the property (upstream's SPIDERPOOL_CONFIG_PATH) that is not there stops the start, naming it. */
@QuarkusMainTest
@TestProfile(ControllerConfFileMissingTest.MissingConf.class)
class ControllerConfFileMissingTest {

    public static class MissingConf implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("spiderpool.controller.conf-file", "/nonexistent/by-property/conf.yml");
        }
    }

    @Test
    @Launch(value = {}, exitCode = 1)
    void startFailsNamingThePath(LaunchResult result) {
        assertThat(result.getOutput() + result.getErrorOutput()).contains("/nonexistent/by-property/conf.yml");
    }
}
