package io.spidernet.spiderpool.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

/** Upstream's command line that cannot be used stops the agent's start, naming what is wrong. */
@QuarkusMainTest
@TestProfile(TempDirsProfile.class)
class AgentCommandLineTest {

    @Test
    @Launch(value = {"daemon", "--config-path=/nonexistent/spiderpool/conf.yml"}, exitCode = 1)
    void aConfigPathThatIsNotThereStopsTheStartNamingIt(LaunchResult result) {
        assertThat(result.getOutput() + result.getErrorOutput()).contains("/nonexistent/spiderpool/conf.yml");
    }

    @Test
    @Launch(value = {"daemon", "--config-pth=/tmp/conf.yml"}, exitCode = 1)
    void anUnknownFlagStopsTheStartNamingIt(LaunchResult result) {
        assertThat(result.getOutput() + result.getErrorOutput()).contains("unknown flag --config-pth");
    }
}
