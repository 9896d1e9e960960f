package io.spidernet.spiderpool.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

/** Upstream's command line that cannot be used stops the controller's start, naming what is wrong. */
@QuarkusMainTest
class ControllerCommandLineTest {

    @Test
    @Launch(value = {"daemon", "--config-path=/nonexistent/spiderpool/conf.yml"}, exitCode = 1)
    void aConfigPathThatIsNotThereStopsTheStartNamingIt(LaunchResult result) {
        assertThat(result.getOutput() + result.getErrorOutput()).contains("/nonexistent/spiderpool/conf.yml");
    }

    @Test
    @Launch(value = {"daemon", "--tls-server-crt=/etc/tls/tls.crt"}, exitCode = 1)
    void anUnknownFlagStopsTheStartNamingIt(LaunchResult result) {
        assertThat(result.getOutput() + result.getErrorOutput()).contains("unknown flag --tls-server-crt");
    }

    @Test
    @Launch(value = {"daemon", "--tls-server-cert=/nonexistent/tls/tls.crt", "--tls-server-key=/nonexistent/tls/tls.key"},
            exitCode = 1)
    void theTlsFlagsNameTheWebhooksCertificate(LaunchResult result) {
        assertThat(result.getOutput() + result.getErrorOutput()).contains("/nonexistent/tls/tls.crt");
    }
}
