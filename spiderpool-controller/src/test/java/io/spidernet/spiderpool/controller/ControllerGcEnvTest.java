package io.spidernet.spiderpool.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.SmallRyeConfig;
import io.spidernet.spiderpool.core.gc.GcSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Upstream's {@code SPIDERPOOL_GC_*} variables reach {@link GcSettings} through the configuration
 * mapping, read as upstream's Go controller reads them.
 */
class ControllerGcEnvTest {

    /** The GC settings the controller builds from {@code env}, as it starts. */
    static GcSettings settingsFrom(Map<String, String> env) {
        SmallRyeConfig config;
        try {
            config = ControllerUpstreamEnvTest.configFrom(env);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ControllerBeans.gcSettings(config.getConfigMapping(ControllerConfig.class).gc(), false);
    }

    @Test
    void withoutTheVariablesTheDefaultsAreUpstreams() {
        assertThat(settingsFrom(Map.of())).isEqualTo(GcSettings.defaults());
    }

    @Test
    void everyEnvVarIsRead() {
        GcSettings s = settingsFrom(Map.ofEntries(
                Map.entry("SPIDERPOOL_GC_IP_ENABLED", "false"),
                Map.entry("SPIDERPOOL_GC_STATELESS_TERMINATING_POD_ON_READY_NODE_ENABLED", "0"),
                Map.entry("SPIDERPOOL_GC_STATELESS_TERMINATING_POD_ON_NOT_READY_NODE_ENABLED", "F"),
                Map.entry("SPIDERPOOL_GC_ADDITIONAL_GRACE_DELAY", "1m30s"),
                Map.entry("SPIDERPOOL_GC_DEFAULT_INTERVAL_DURATION", "120"),
                Map.entry("SPIDERPOOL_GC_TRACE_POD_GAP_DURATION", "1.5s"),
                Map.entry("SPIDERPOOL_GC_ENABLE_STATELESS_RUNNING_POD_ON_EMPTY_POD_STATUS_IPS", "True"),
                Map.entry("SPIDERPOOL_GC_IP_WORKER_NUM", "7"),
                Map.entry("SPIDERPOOL_GC_PODENTRY_MAX_RETRIES", "0"),
                Map.entry("SPIDERPOOL_GC_MAX_PODENTRY_DB_CAP", "10"),
                Map.entry("SPIDERPOOL_GC_HTTP_REQUEST_TIME_GAP", "250ms")));
        assertThat(s).isEqualTo(new GcSettings(false, false, false, Duration.ofSeconds(90), Duration.ofSeconds(120),
                Duration.ofMillis(1500), true, 7, 0, 10, Duration.ofMillis(250), false));
        assertThat(s.withCleanOutdatedEndpoint(true).cleanOutdatedEndpoint()).isTrue();
    }

    @Test
    void blankValuesKeepTheDefault() {
        assertThat(settingsFrom(Map.of("SPIDERPOOL_GC_IP_WORKER_NUM", " ", "SPIDERPOOL_GC_IP_ENABLED", "")))
                .isEqualTo(GcSettings.defaults());
    }

    @ParameterizedTest(name = "{0} = {1} s")
    @CsvSource({"5s, 5", "0, 0", "0s, 0", "42, 42", "1m30s, 90", "1h, 3600", "2h45m, 9900", "1.5m, 90",
                "1500ms, 1.5", "500000us, 0.5", ".5s, 0.5", "3000000000ns, 3"})
    void goDurations(String text, double seconds) {
        assertThat(GoDurationConverter.parse(text)).isEqualTo(Duration.ofNanos(Math.round(seconds * 1e9)));
    }

    @ParameterizedTest
    @CsvSource({"5 s", "5sec", "s", "1m30", "abc", "1d", "5S"})
    void notDurations(String text) {
        assertThat(GoDurationConverter.parse(text)).isNull();
    }

    @Test
    void aBadDurationNamesTheSettingTheValueAndAGoodOne() {
        assertThatThrownBy(() -> settingsFrom(Map.of("SPIDERPOOL_GC_TRACE_POD_GAP_DURATION", "5 seconds")))
                .hasMessageContaining("spiderpool.controller.gc.trace-scan-gap")
                .hasMessageContaining("\"5 seconds\" is not a duration; write it like \"5s\" or \"1m30s\" (a bare integer means seconds)");
    }

    @Test
    void aBadBooleanOrIntegerNamesTheSettingTheValueAndAGoodOne() {
        assertThatThrownBy(() -> settingsFrom(Map.of("SPIDERPOOL_GC_IP_ENABLED", "yes")))
                .hasMessageContaining("spiderpool.controller.gc.ip-enabled")
                .hasMessageContaining("\"yes\" is not a boolean; write it like \"true\" or \"false\"");
        assertThatThrownBy(() -> settingsFrom(Map.of("SPIDERPOOL_GC_IP_WORKER_NUM", "three")))
                .hasMessageContaining("spiderpool.controller.gc.trace-workers")
                .hasMessageContaining("three");
    }

    @Test
    void outOfRangeValuesNameTheVariable() {
        assertThatThrownBy(() -> settingsFrom(Map.of("SPIDERPOOL_GC_IP_WORKER_NUM", "0")))
                .hasMessage("SPIDERPOOL_GC_IP_WORKER_NUM must be at least 1, got 0; for example \"3\"");
        assertThatThrownBy(() -> settingsFrom(Map.of("SPIDERPOOL_GC_ADDITIONAL_GRACE_DELAY", "-5s")))
                .hasMessageStartingWith("SPIDERPOOL_GC_ADDITIONAL_GRACE_DELAY must not be negative");
        assertThatThrownBy(() -> settingsFrom(Map.of("SPIDERPOOL_GC_DEFAULT_INTERVAL_DURATION", "0")))
                .hasMessageStartingWith("SPIDERPOOL_GC_DEFAULT_INTERVAL_DURATION must be positive");
    }

    @Test
    void goBooleansAsUpstreamReadsThem() {
        assertThat(settingsFrom(Map.of("SPIDERPOOL_GC_IP_ENABLED", "t")).gcIpEnabled()).as("Go's t").isTrue();
        assertThat(settingsFrom(Map.of("SPIDERPOOL_GC_IP_ENABLED", "FALSE")).gcIpEnabled()).isFalse();
    }
}
