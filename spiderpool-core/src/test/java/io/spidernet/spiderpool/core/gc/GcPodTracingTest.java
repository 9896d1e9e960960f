package io.spidernet.spiderpool.core.gc;

import static io.spidernet.spiderpool.core.gc.GcFixtures.DEFAULTS;
import static io.spidernet.spiderpool.core.gc.GcFixtures.GC_OFF;
import static io.spidernet.spiderpool.core.gc.GcFixtures.INVALID_SLOT;
import static io.spidernet.spiderpool.core.gc.GcFixtures.STATELESS;
import static io.spidernet.spiderpool.core.gc.GcFixtures.VALID_SLOT;
import static io.spidernet.spiderpool.core.gc.GcFixtures.at;
import static io.spidernet.spiderpool.core.gc.GcFixtures.finishedAt;
import static io.spidernet.spiderpool.core.gc.GcFixtures.hostNetwork;
import static io.spidernet.spiderpool.core.gc.GcFixtures.pod;
import static io.spidernet.spiderpool.core.gc.GcFixtures.terminating;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.spidernet.spiderpool.core.gc.TraceEntry.Cause;
import io.spidernet.spiderpool.core.workload.Validity;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GcPodTracingTest {
    private static final GcSettings DELAY_5 = DEFAULTS.withAdditionalGraceDelay(Duration.ofSeconds(5));
    private final Pod running = pod("web", "app-1", "uid-1", "Running", "10.6.0.5");

    private static Optional<TraceEntry> changed(Pod pod, Optional<Validity> slot, NodeReadiness node, GcSettings s) {
        return PodTracing.entryFor(new PodEvent.Changed(pod), slot, node, s, at(100));
    }

    @Test
    void deletedPodIsTracedUntilNowPlusTheDelay() {
        assertThat(PodTracing.entryFor(new PodEvent.Deleted(running), STATELESS, NodeReadiness.UNKNOWN, DELAY_5, at(100)))
                .contains(new TraceEntry("web", "app-1", "uid-1", "node-1", Cause.DELETED, at(105),
                        "pod web/app-1 was deleted; its addresses may be freed after 2026-03-01T12:01:45Z"));
    }

    @Test
    void terminatingPodIsTracedUntilDeletionTimestampPlusGracePlusDelay() {
        Optional<TraceEntry> entry = changed(terminating(running, at(10), 30), STATELESS, NodeReadiness.READY, DELAY_5);
        assertThat(entry).hasValueSatisfying(e -> {
            assertThat(e.cause()).isEqualTo(Cause.TERMINATING);
            assertThat(e.stopAt()).isEqualTo(at(45));
            assertThat(e.expiredAt(at(45))).isFalse();
            assertThat(e.expiredAt(at(46))).isTrue();
        });
    }

    @Test
    void finishedPodIsTracedFromItsLastContainerFinishPlusTerminationGrace() {
        Pod done = finishedAt(finishedAt(pod("batch", "job-x", "uid-j", "Succeeded"), at(20), 30), at(50), 30);
        assertThat(changed(done, STATELESS, NodeReadiness.READY, DELAY_5)).hasValueSatisfying(e -> {
            assertThat(e.cause()).isEqualTo(Cause.FINISHED);
            assertThat(e.stopAt()).isEqualTo(at(85)); // the later container, 50 + 30 + 5
        });
    }

    @Test
    void finishedPodWithoutFinishTimesCountsItsGraceFromNow() {
        Pod failed = new PodBuilder(pod("batch", "job-y", "uid-y", "Failed")).editSpec()
                .withTerminationGracePeriodSeconds(null).endSpec().build();
        assertThat(changed(failed, STATELESS, NodeReadiness.READY, DEFAULTS))
                .hasValueSatisfying(e -> assertThat(e.stopAt()).isEqualTo(at(130))); // 30 s is the API default
    }

    @Test
    void nodeGatesDecideForTerminatingAndFinishedPods() {
        Pod leaving = terminating(running, at(10), 30);
        Pod done = finishedAt(pod("batch", "job-x", "uid-j", "Failed"), at(20), 0);
        GcSettings notReadyOff = DEFAULTS.withNodeGates(true, false);
        assertThat(changed(leaving, STATELESS, NodeReadiness.NOT_READY, notReadyOff)).isEmpty();
        assertThat(changed(done, STATELESS, NodeReadiness.NOT_READY, notReadyOff)).isEmpty();
        assertThat(changed(leaving, STATELESS, NodeReadiness.READY, notReadyOff)).isPresent();
        assertThat(changed(leaving, STATELESS, NodeReadiness.NOT_READY, DEFAULTS)).isPresent();
        GcSettings readyOff = DEFAULTS.withNodeGates(false, true);
        assertThat(changed(leaving, STATELESS, NodeReadiness.READY, readyOff)).isEmpty();
        assertThat(changed(leaving, STATELESS, NodeReadiness.UNKNOWN, DEFAULTS)).isEmpty();
        // a deletion is final whatever the node
        assertThat(PodTracing.entryFor(new PodEvent.Deleted(leaving), STATELESS, NodeReadiness.NOT_READY, notReadyOff,
                at(100))).isPresent();
    }

    @Test
    void hostNetworkPodsAreNeverTraced() {
        Pod host = hostNetwork(terminating(running, at(10), 0));
        assertThat(changed(host, STATELESS, NodeReadiness.READY, DEFAULTS)).isEmpty();
        assertThat(PodTracing.entryFor(new PodEvent.Deleted(host), STATELESS, NodeReadiness.READY, DEFAULTS, at(0)))
                .isEmpty();
    }

    @Test
    void validStatefulSetOrVmPodsAreNotTracedInvalidOnesAre() {
        Pod leaving = terminating(running, at(10), 0);
        assertThat(changed(leaving, VALID_SLOT, NodeReadiness.READY, DEFAULTS)).isEmpty();
        assertThat(PodTracing.entryFor(new PodEvent.Deleted(leaving), VALID_SLOT, NodeReadiness.READY, DEFAULTS, at(0)))
                .isEmpty();
        assertThat(changed(leaving, INVALID_SLOT, NodeReadiness.READY, DEFAULTS)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Running", "Unknown", "Pending", ""})
    void podsStillInUseAreNotTraced(String phase) {
        assertThat(changed(pod("web", "app-1", "uid-1", phase), STATELESS, NodeReadiness.READY, DEFAULTS)).isEmpty();
    }

    @Test
    void nothingIsTracedWithGcSwitchedOff() {
        GcSettings off = GC_OFF;
        assertThat(PodTracing.entryFor(new PodEvent.Deleted(running), STATELESS, NodeReadiness.READY, off, at(0)))
                .isEmpty();
    }
}
