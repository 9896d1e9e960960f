package io.spidernet.spiderpool.core.gc;

import static io.spidernet.spiderpool.core.gc.GcFixtures.at;
import static io.spidernet.spiderpool.core.gc.GcFixtures.endpoint;
import static io.spidernet.spiderpool.core.gc.GcFixtures.finishedAt;
import static io.spidernet.spiderpool.core.gc.GcFixtures.pod;
import static io.spidernet.spiderpool.core.gc.GcFixtures.record;
import static io.spidernet.spiderpool.core.gc.GcFixtures.terminating;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.workload.Validity;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random records, pods, endpoints, slots, nodes, settings and clocks, checked against the promises the
 * scan-all makes whatever the combination:
 * <ul>
 *   <li>an address recorded under the UID of a Running or Pending pod that is not terminating is never
 *       released, unless SPIDERPOOL_GC_ENABLE_STATELESS_RUNNING_POD_ON_EMPTY_POD_STATUS_IPS asks for that
 *       one case (and the reason says so);</li>
 *   <li>a release deletes an endpoint only when there is one;</li>
 *   <li>a gone pod whose endpoint holds a valid replica slot or VM keeps its address;</li>
 *   <li>a trace never ends before now, and every reason names the address, the pool and the pod.</li>
 * </ul>
 * Seeds are fixed so a failure names a reproducible case.
 */
class GcNeverRobsALivePodPropertyTest {
    private static final int CASES = 20_000;
    private static final String[] PHASES = {"Pending", "Running", "Succeeded", "Failed", "Unknown", ""};
    private static final String[] UIDS = {"uid-a", "uid-b", "uid-c"};

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7L, 2026L, 987654321L})
    void scanAllKeepsItsPromises(long seed) {
        Random rnd = new Random(seed);
        int protectedCases = 0;
        for (int i = 0; i < CASES; i++) {
            PoolRecord rec = record("pool-" + rnd.nextInt(2), "10.0.0." + rnd.nextInt(250), "ns/app", pick(rnd, UIDS));
            Pod pod = rnd.nextInt(5) == 0 ? null : randomPod(rnd);
            SpiderEndpoint ep = rnd.nextBoolean() ? null : endpoint("ns", "app", pick(rnd, UIDS), "pool-0=10.0.0.1/24");
            Optional<Validity> slot = switch (rnd.nextInt(3)) {
                case 0 -> Optional.empty();
                case 1 -> Optional.of(new Validity(true, "valid"));
                default -> Optional.of(new Validity(false, "invalid"));
            };
            NodeReadiness node = NodeReadiness.values()[rnd.nextInt(3)];
            GcSettings settings = randomSettings(rnd);
            Instant now = at(rnd.nextInt(200));
            ScanVerdict v = ScanAllRules.verdict(rec, new ScanFacts(Optional.ofNullable(pod), Optional.ofNullable(ep),
                    slot, node), settings, now);
            String context = "seed " + seed + " case " + i + ": " + v;

            if (pod != null && livePodHoldingTheRecord(pod, rec)) {
                protectedCases++;
                if (v instanceof ScanVerdict.Release) {
                    assertThat(settings.gcStatelessRunningPodWithoutPodIps()).as(context).isTrue();
                    assertThat(v.reason()).as(context).contains(GcSettings.STATELESS_RUNNING + "=true");
                }
            }
            if (v instanceof ScanVerdict.Release r && r.deleteEndpoint()) {
                assertThat(ep).as(context).isNotNull();
            }
            if (pod == null && ep != null && slot.map(Validity::valid).orElse(false)) {
                assertThat(v).as(context).isInstanceOf(ScanVerdict.Keep.class);
            }
            if (v instanceof ScanVerdict.Trace t) {
                assertThat(t.until()).as(context).isAfterOrEqualTo(now);
            }
            assertThat(v.reason()).as(context).contains(rec.ip(), rec.pool(), rec.podKey());
        }
        // the generator must reach the protected case often, or the first promise proves nothing
        assertThat(protectedCases).isGreaterThan(CASES / 20);
    }

    private static boolean livePodHoldingTheRecord(Pod pod, PoolRecord rec) {
        String phase = pod.getStatus().getPhase();
        return rec.podUid().equals(pod.getMetadata().getUid()) && pod.getMetadata().getDeletionTimestamp() == null
                && ("Running".equals(phase) || "Pending".equals(phase));
    }

    private static Pod randomPod(Random rnd) {
        String[] ips = rnd.nextBoolean() ? new String[] {"10.0.0.1"} : new String[0];
        Pod pod = pod("ns", "app", pick(rnd, UIDS), pick(rnd, PHASES), ips);
        if (rnd.nextBoolean()) {
            pod = finishedAt(pod, at(rnd.nextInt(100)), rnd.nextInt(60));
        }
        if (rnd.nextInt(3) == 0) {
            pod = terminating(pod, at(rnd.nextInt(150)), rnd.nextInt(60));
        }
        return pod;
    }

    private static GcSettings randomSettings(Random rnd) {
        return GcSettings.defaults()
                .withNodeGates(rnd.nextBoolean(), rnd.nextBoolean())
                .withAdditionalGraceDelay(Duration.ofSeconds(rnd.nextInt(3) * 10L))
                .withStatelessRunningPodWithoutPodIps(rnd.nextInt(4) == 0);
    }

    private static String pick(Random rnd, String[] values) {
        return values[rnd.nextInt(values.length)];
    }
}
