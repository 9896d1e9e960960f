package io.spidernet.spiderpool.core.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GcSettingsTest {

    @Test
    void defaultsAreUpstreams() {
        GcSettings d = GcSettings.defaults();
        assertThat(d.gcIpEnabled()).isTrue();
        assertThat(d.gcTerminatingPodOnReadyNode()).isTrue();
        assertThat(d.gcTerminatingPodOnNotReadyNode()).isTrue();
        assertThat(d.additionalGraceDelay()).isEqualTo(Duration.ZERO);
        assertThat(d.scanAllInterval()).isEqualTo(Duration.ofSeconds(600));
        assertThat(d.traceScanGap()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.gcStatelessRunningPodWithoutPodIps()).isFalse();
        assertThat(d.traceWorkers()).isEqualTo(3);
        assertThat(d.traceEntryMaxRetries()).isEqualTo(5);
        assertThat(d.traceDbCapacity()).isEqualTo(100_000);
        assertThat(d.scanAllRequestGap()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.cleanOutdatedEndpoint()).isFalse();
        assertThat(GcSettings.fromEnv(Map.of())).isEqualTo(d);
    }

    @Test
    void everyEnvVarIsRead() {
        GcSettings s = GcSettings.fromEnv(Map.ofEntries(
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
        assertThat(GcSettings.fromEnv(Map.of("SPIDERPOOL_GC_IP_WORKER_NUM", " ", "SPIDERPOOL_GC_IP_ENABLED", "")))
                .isEqualTo(GcSettings.defaults());
    }

    @ParameterizedTest(name = "{0} = {1} s")
    @CsvSource({"5s, 5", "0, 0", "0s, 0", "42, 42", "1m30s, 90", "1h, 3600", "2h45m, 9900", "1.5m, 90",
                "1500ms, 1.5", "500000us, 0.5", ".5s, 0.5", "3000000000ns, 3"})
    void goDurations(String text, double seconds) {
        assertThat(EnvReader.parseDuration(text)).isEqualTo(Duration.ofNanos(Math.round(seconds * 1e9)));
    }

    @ParameterizedTest
    @CsvSource({"5 s", "5sec", "s", "1m30", "abc", "1d", "5S"})
    void notDurations(String text) {
        assertThat(EnvReader.parseDuration(text)).isNull();
    }

    @Test
    void aBadDurationNamesTheVariableTheValueAndAGoodOne() {
        assertThatThrownBy(() -> GcSettings.fromEnv(Map.of("SPIDERPOOL_GC_TRACE_POD_GAP_DURATION", "5 seconds")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SPIDERPOOL_GC_TRACE_POD_GAP_DURATION=\"5 seconds\" is not a duration; write it like"
                        + " \"5s\" or \"1m30s\" (a bare integer means seconds)");
    }

    @Test
    void aBadBooleanOrIntegerNamesTheVariableTheValueAndAGoodOne() {
        assertThatThrownBy(() -> GcSettings.fromEnv(Map.of("SPIDERPOOL_GC_IP_ENABLED", "yes")))
                .hasMessage("SPIDERPOOL_GC_IP_ENABLED=\"yes\" is not a boolean; write it like \"true\" or \"false\"");
        assertThatThrownBy(() -> GcSettings.fromEnv(Map.of("SPIDERPOOL_GC_IP_WORKER_NUM", "three")))
                .hasMessage("SPIDERPOOL_GC_IP_WORKER_NUM=\"three\" is not an integer; write it like \"3\"");
    }

    @Test
    void outOfRangeValuesNameTheVariable() {
        assertThatThrownBy(() -> GcSettings.fromEnv(Map.of("SPIDERPOOL_GC_IP_WORKER_NUM", "0")))
                .hasMessage("SPIDERPOOL_GC_IP_WORKER_NUM must be at least 1, got 0; for example \"3\"");
        assertThatThrownBy(() -> GcSettings.fromEnv(Map.of("SPIDERPOOL_GC_ADDITIONAL_GRACE_DELAY", "-5s")))
                .hasMessageStartingWith("SPIDERPOOL_GC_ADDITIONAL_GRACE_DELAY must not be negative");
        assertThatThrownBy(() -> GcSettings.fromEnv(Map.of("SPIDERPOOL_GC_DEFAULT_INTERVAL_DURATION", "0")))
                .hasMessageStartingWith("SPIDERPOOL_GC_DEFAULT_INTERVAL_DURATION must be positive");
    }

    @Test
    void nodeGates() {
        GcSettings s = GcSettings.defaults().withNodeGates(true, false);
        assertThat(s.allowsGcOn(NodeReadiness.READY)).isTrue();
        assertThat(s.allowsGcOn(NodeReadiness.NOT_READY)).isFalse();
        assertThat(s.allowsGcOn(NodeReadiness.UNKNOWN)).isFalse();
        assertThat(GcSettings.defaults().withNodeGates(false, true).allowsGcOn(NodeReadiness.READY)).isFalse();
    }
}
