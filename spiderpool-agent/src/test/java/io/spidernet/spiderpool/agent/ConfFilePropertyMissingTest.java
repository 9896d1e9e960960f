package io.spidernet.spiderpool.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A conf.yml named by the property that is not there stops the start, naming the path. */
@QuarkusMainTest
@TestProfile(ConfFilePropertyMissingTest.MissingConf.class)
class ConfFilePropertyMissingTest {

    public static class MissingConf extends TempDirsProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("spiderpool.agent.conf-file", "/nonexistent/by-property/conf.yml");
            return overrides;
        }
    }

    @Test
    @Launch(value = {}, exitCode = 1)
    void startFailsNamingThePath(LaunchResult result) {
        assertThat(result.getOutput() + result.getErrorOutput()).contains("/nonexistent/by-property/conf.yml");
    }
}
