package io.spidernet.spiderpool.core.gc;

import static io.spidernet.spiderpool.core.gc.GcFixtures.DEFAULTS;
import static io.spidernet.spiderpool.core.gc.GcFixtures.GC_OFF;
import static io.spidernet.spiderpool.core.gc.GcFixtures.INVALID_SLOT;
import static io.spidernet.spiderpool.core.gc.GcFixtures.STATELESS;
import static io.spidernet.spiderpool.core.gc.GcFixtures.VALID_SLOT;
import static io.spidernet.spiderpool.core.gc.GcFixtures.at;
import static io.spidernet.spiderpool.core.gc.GcFixtures.endpoint;
import static io.spidernet.spiderpool.core.gc.GcFixtures.facts;
import static io.spidernet.spiderpool.core.gc.GcFixtures.finishedAt;
import static io.spidernet.spiderpool.core.gc.GcFixtures.pod;
import static io.spidernet.spiderpool.core.gc.GcFixtures.record;
import static io.spidernet.spiderpool.core.gc.GcFixtures.terminating;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.spidernet.spiderpool.core.gc.ScanVerdict.Keep;
import io.spidernet.spiderpool.core.gc.ScanVerdict.Release;
import io.spidernet.spiderpool.core.gc.ScanVerdict.Trace;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.workload.Validity;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The scan-all table, one test per row (reference §5.2), for the record 10.6.0.5 of pool v4 held by web/app-1. */
class GcScanAllRulesTest {
    private static final PoolRecord RECORD = record("v4", "10.6.0.5", "web/app-1", "uid-1");
    private static final SpiderEndpoint OWN_ENDPOINT = endpoint("web", "app-1", "uid-1", "v4=10.6.0.5/24");

    private static ScanVerdict scan(Pod pod, SpiderEndpoint endpoint, Optional<Validity> slot) {
        return ScanAllRules.verdict(RECORD, facts(pod, endpoint, slot), DEFAULTS, at(100));
    }

    private static ScanVerdict scan(Pod pod, NodeReadiness node, GcSettings settings, Instant now) {
        return ScanAllRules.verdict(RECORD, facts(pod, OWN_ENDPOINT, STATELESS, node), settings, now);
    }

    private static Pod app1(String phase, String... ips) {
        return pod("web", "app-1", "uid-1", phase, ips);
    }

    @Nested
    class PodGone {
        @Test
        void withoutEndpointTheAddressIsReleased() {
            assertThat(scan(null, null, STATELESS)).isEqualTo(new Release(
                    "IP 10.6.0.5 of pool v4, pod web/app-1 is gone and has no SpiderEndpoint", false));
        }

        @Test
        void validStatefulSetOrVmEndpointKeepsTheAddress() {
            assertThat(scan(null, OWN_ENDPOINT, VALID_SLOT)).isInstanceOfSatisfying(Keep.class, k ->
                    assertThat(k.reason()).contains("pod web/app-1 is gone", "ordinal 1 within [0, 2]"));
        }

        @Test
        void statelessEndpointGoesWithTheAddress() {
            assertThat(scan(null, OWN_ENDPOINT, STATELESS)).isEqualTo(new Release("IP 10.6.0.5 of pool v4, pod"
                    + " web/app-1 is gone and its SpiderEndpoint is of a stateless pod; it belongs to no valid"
                    + " StatefulSet replica or KubeVirt VM", true));
        }

        @Test
        void invalidStaticEndpointGoesWithTheAddress() {
            assertThat(scan(null, OWN_ENDPOINT, INVALID_SLOT)).isInstanceOfSatisfying(Release.class, r -> {
                assertThat(r.deleteEndpoint()).isTrue();
                assertThat(r.reason()).contains("no longer valid (ordinal 3 outside [0, 2])");
            });
        }
    }

    @Nested
    class SucceededOrFailed {
        @Test
        void validStaticPodIsKeptAndTraced() {
            Pod failed = finishedAt(app1("Failed"), at(90), 30);
            assertThat(scan(failed, OWN_ENDPOINT, VALID_SLOT)).isInstanceOfSatisfying(Trace.class, t -> {
                assertThat(t.until()).isEqualTo(at(120));
                assertThat(t.reason()).contains("has phase Failed but keeps the address");
            });
            // a grace already over means "look again now", never a trace that ended in the past
            Pod longAgo = finishedAt(app1("Failed"), at(10), 30);
            assertThat(scan(longAgo, OWN_ENDPOINT, VALID_SLOT)).isInstanceOfSatisfying(Trace.class, t ->
                    assertThat(t.until()).isEqualTo(at(100)));
        }

        @Test
        void invalidStaticPodIsReleased() {
            assertThat(scan(app1("Succeeded"), OWN_ENDPOINT, INVALID_SLOT)).isInstanceOfSatisfying(Release.class, r ->
                    assertThat(r.deleteEndpoint()).isTrue());
        }

        @Test
        void statelessPodNotTerminatingIsLeftToTheTraceGc() {
            Pod done = finishedAt(app1("Succeeded"), at(10), 30);
            assertThat(scan(done, OWN_ENDPOINT, STATELESS)).isEqualTo(new Keep("IP 10.6.0.5 of pool v4, pod web/app-1"
                    + " has phase Succeeded; the trace GC frees it at 2026-03-01T12:00:40Z, after"
                    + " terminationGracePeriodSeconds"));
        }

        @Test
        void statelessTerminatingPodAfterGraceIsReleased() {
            Pod done = terminating(app1("Failed", "10.6.0.5"), at(0), 30);
            assertThat(scan(done, NodeReadiness.READY, DEFAULTS, at(31))).isInstanceOfSatisfying(Release.class, r ->
                    assertThat(r.reason()).contains("ended its grace period at 2026-03-01T12:00:30Z"));
        }

        @Test
        void statelessTerminatingPodWithinGraceAndPodIpsIsTraced() {
            Pod done = terminating(app1("Failed", "10.6.0.5"), at(0), 30);
            assertThat(scan(done, NodeReadiness.READY, DEFAULTS, at(29))).isInstanceOf(Trace.class);
        }

        @Test
        void statelessTerminatingPodWithoutPodIpsIsReleasedAtOnce() {
            Pod done = terminating(app1("Failed"), at(0), 30);
            assertThat(scan(done, NodeReadiness.READY, DEFAULTS, at(1))).isInstanceOf(Release.class);
        }
    }

    @Test
    void pendingPodIsKept() {
        assertThat(scan(app1("Pending"), OWN_ENDPOINT, STATELESS)).isInstanceOf(Keep.class);
        assertThat(scan(terminating(app1("Pending"), at(0), 0), OWN_ENDPOINT, STATELESS)).isInstanceOf(Keep.class);
    }

    @Nested
    class TerminatingInOtherPhases {
        private final Pod running = terminating(app1("Running", "10.6.0.5"), at(0), 30);

        @Test
        void graceOverAndNodeGateOpenReleases() {
            assertThat(scan(running, NodeReadiness.READY, DEFAULTS, at(31))).isInstanceOfSatisfying(Release.class, r ->
                    assertThat(r.deleteEndpoint()).isTrue());
        }

        @Test
        void theAdditionalDelayExtendsTheGrace() {
            GcSettings delayed = DEFAULTS.withAdditionalGraceDelay(Duration.ofSeconds(60));
            assertThat(scan(running, NodeReadiness.READY, delayed, at(31))).isEqualTo(new Trace(at(90),
                    "IP 10.6.0.5 of pool v4, pod web/app-1 (phase Running) is terminating and still has status.podIPs"
                            + " until its grace period ends at 2026-03-01T12:01:30Z"));
            assertThat(scan(running, NodeReadiness.READY, delayed, at(91))).isInstanceOf(Release.class);
        }

        @Test
        void withinGraceWithPodIpsIsTracedUntilTheGraceEnds() {
            assertThat(scan(running, NodeReadiness.READY, DEFAULTS, at(30))).isInstanceOfSatisfying(Trace.class, t ->
                    assertThat(t.until()).isEqualTo(at(30)));
        }

        @Test
        void withoutPodIpsIsReleasedEvenWithinGrace() {
            Pod noIps = terminating(app1("Running"), at(0), 30);
            assertThat(scan(noIps, NodeReadiness.READY, DEFAULTS, at(5))).isInstanceOfSatisfying(Release.class, r ->
                    assertThat(r.reason()).endsWith("is terminating and its status.podIPs is already empty"));
        }

        @Test
        void closedNodeGateKeepsAPodThatStillHasPodIps() {
            GcSettings readyOff = DEFAULTS.withNodeGates(false, true);
            assertThat(scan(running, NodeReadiness.READY, readyOff, at(31))).isInstanceOfSatisfying(Keep.class, k ->
                    assertThat(k.reason()).endsWith("its node is Ready and"
                            + " SPIDERPOOL_GC_STATELESS_TERMINATING_POD_ON_READY_NODE_ENABLED=false"));
            assertThat(scan(running, NodeReadiness.UNKNOWN, DEFAULTS, at(31))).isInstanceOf(Keep.class);
        }

        @Test
        void unknownPhaseTerminatingFollowsTheSameGraceRule() {
            Pod unknown = terminating(app1("Unknown", "10.6.0.5"), at(0), 10);
            assertThat(scan(unknown, NodeReadiness.NOT_READY, DEFAULTS, at(11))).isInstanceOf(Release.class);
        }
    }

    @Nested
    class NotTerminating {
        @Test
        void runningWithPodIpsIsKept() {
            assertThat(scan(app1("Running", "10.6.0.5"), OWN_ENDPOINT, STATELESS)).isEqualTo(new Keep(
                    "IP 10.6.0.5 of pool v4, pod web/app-1 has phase Running and status.podIPs set; it is using the address"));
        }

        @Test
        void withoutPodIpsValidStaticIsKept() {
            assertThat(scan(app1("Unknown"), OWN_ENDPOINT, VALID_SLOT)).isInstanceOf(Keep.class);
        }

        @Test
        void withoutPodIpsInvalidStaticInUnknownPhaseIsReleased() {
            assertThat(scan(app1("Unknown"), OWN_ENDPOINT, INVALID_SLOT)).isInstanceOfSatisfying(Release.class, r ->
                    assertThat(r.reason()).contains("has phase Unknown and no status.podIPs", "no longer valid"));
        }

        @Test
        void withoutPodIpsInvalidStaticButRunningIsKeptUntilItsControllerDeletesIt() {
            assertThat(scan(app1("Running"), OWN_ENDPOINT, INVALID_SLOT)).isInstanceOf(Keep.class);
        }

        @Test
        void statelessRunningWithoutPodIpsIsReleasedOnlyWhenTheEnvSaysSo() {
            assertThat(scan(app1("Running"), OWN_ENDPOINT, STATELESS)).isInstanceOfSatisfying(Keep.class, k ->
                    assertThat(k.reason()).contains("SPIDERPOOL_GC_ENABLE_STATELESS_RUNNING_POD_ON_EMPTY_POD_STATUS_IPS"));
            GcSettings on = DEFAULTS.withStatelessRunningPodWithoutPodIps(true);
            assertThat(ScanAllRules.verdict(RECORD, facts(app1("Running"), OWN_ENDPOINT, STATELESS), on, at(0)))
                    .isInstanceOf(Release.class);
        }

        @Test
        void statelessInOtherPhaseWithoutPodIpsIsReleased() {
            assertThat(scan(app1("Unknown"), OWN_ENDPOINT, STATELESS)).isEqualTo(new Release("IP 10.6.0.5 of pool v4,"
                    + " pod web/app-1 has phase Unknown, is not terminating, and has no status.podIPs", true));
            assertThat(scan(app1(""), null, STATELESS)).isEqualTo(new Release("IP 10.6.0.5 of pool v4,"
                    + " pod web/app-1 has no phase, is not terminating, and has no status.podIPs", false));
        }
    }

    @Nested
    class UidMismatch {
        private final Pod newer = pod("web", "app-1", "uid-2", "Running", "10.6.0.9");

        @Test
        void statelessReleasesTheAddressAndAnEndpointOfTheOldPod() {
            assertThat(scan(newer, OWN_ENDPOINT, STATELESS)).isEqualTo(new Release("IP 10.6.0.5 of pool v4, pod"
                    + " web/app-1 is held by UID uid-1 but the pod now has UID uid-2; a stateless pod's addresses do"
                    + " not pass to a new pod", true));
        }

        @Test
        void statelessKeepsTheEndpointThatAlreadyDescribesTheNewPod() {
            SpiderEndpoint newEndpoint = endpoint("web", "app-1", "uid-2", "v4=10.6.0.9/24");
            assertThat(scan(newer, newEndpoint, STATELESS)).isInstanceOfSatisfying(Release.class, r ->
                    assertThat(r.deleteEndpoint()).isFalse());
        }

        @Test
        void staticPodThatStartedWithItsAddressesReleasesTheLeftover() {
            assertThat(scan(newer, OWN_ENDPOINT, VALID_SLOT)).isInstanceOfSatisfying(Release.class, r ->
                    assertThat(r.reason()).contains("the new pod already runs with its addresses"));
        }

        @Test
        void staticPodStillStartingKeepsTheAddressWhileValid() {
            Pod starting = pod("web", "app-1", "uid-2", "Pending");
            assertThat(scan(starting, OWN_ENDPOINT, VALID_SLOT)).isInstanceOf(Keep.class);
            assertThat(scan(starting, OWN_ENDPOINT, INVALID_SLOT)).isInstanceOf(Release.class);
        }
    }

    @Test
    void gcSwitchedOffKeepsEverything() {
        GcSettings off = GC_OFF;
        assertThat(ScanAllRules.verdict(RECORD, facts(null, null, STATELESS), off, at(0))).isInstanceOfSatisfying(
                Keep.class, k -> assertThat(k.reason()).contains("SPIDERPOOL_GC_IP_ENABLED=false"));
    }

    @Test
    void aRecordThatNamesNoNamespaceAndNameIsKeptForAPerson() {
        PoolRecord dirty = record("v4", "10.6.0.7", "no-slash", "uid-9");
        assertThat(ScanAllRules.verdict(dirty, facts(null, null, STATELESS), DEFAULTS, at(0))).isEqualTo(
                new Keep("IP 10.6.0.7 of pool v4: the record names \"no-slash\", not <namespace>/<name>"));
    }
}
