package io.spidernet.spiderpool.core.gc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The environment is read by the controller's configuration mapping (ControllerGcEnvTest there). */
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
