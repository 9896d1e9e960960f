package io.spidernet.spiderpool.core.gc;

import static io.spidernet.spiderpool.core.gc.GcFixtures.DEFAULTS;
import static io.spidernet.spiderpool.core.gc.GcFixtures.STATELESS;
import static io.spidernet.spiderpool.core.gc.GcFixtures.at;
import static io.spidernet.spiderpool.core.gc.GcFixtures.endpoint;
import static io.spidernet.spiderpool.core.gc.GcFixtures.finishedAt;
import static io.spidernet.spiderpool.core.gc.GcFixtures.pod;
import static io.spidernet.spiderpool.core.gc.GcFixtures.record;
import static io.spidernet.spiderpool.core.gc.GcFixtures.terminating;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.workload.StatefulSetValidity;
import io.spidernet.spiderpool.core.workload.Validity;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Upstream's reclaim cases (test/e2e/reclaim, G00001–G00010) at the level of the GC's decisions: the
 * cluster is a snapshot of pods, endpoints and pool records, and each case checks what the scan-all and
 * the trace GC decide for it. G00008 (controller restarts) and G00011/G00012 (concurrent scaling) are
 * about the controller and the allocator, not these rules.
 */
class GcUpstreamCasesTest {

    /** The controller's view for one scan: objects by {@code <namespace>/<name>}. */
    private static final class Snapshot {
        final Map<String, Pod> pods = new HashMap<>();
        final Map<String, SpiderEndpoint> endpoints = new HashMap<>();
        Function<String, Optional<Validity>> slotOf = key -> STATELESS;
        NodeReadiness node = NodeReadiness.READY;

        Snapshot pod(Pod pod) {
            pods.put(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(), pod);
            return this;
        }

        Snapshot endpoint(SpiderEndpoint e) {
            endpoints.put(e.getMetadata().getNamespace() + "/" + e.getMetadata().getName(), e);
            return this;
        }

        ScanVerdict scan(PoolRecord r, GcSettings settings, Instant now) {
            String key = r.podKey();
            ScanFacts facts = new ScanFacts(Optional.ofNullable(pods.get(key)), Optional.ofNullable(endpoints.get(key)),
                    slotOf.apply(key), node);
            return ScanAllRules.verdict(r, facts, settings, now);
        }

        List<GcPreviewRow> preview(List<PoolRecord> records, Instant now) {
            return records.stream().map(r -> GcPreviewRow.of(r, scan(r, DEFAULTS, now))).sorted(GcPreviewRow.ORDER).toList();
        }
    }

    private static List<String> verdicts(List<GcPreviewRow> rows) {
        return rows.stream().map(r -> r.ip() + " " + r.verdict() + (r.deleteEndpoint() ? "+endpoint" : "")).toList();
    }

    @Test
    @DisplayName("G00001 deleting a namespace frees the addresses of all its pods")
    void g00001NamespaceDeletedFreesItsPods() {
        Snapshot cluster = new Snapshot()
                // the namespace's endpoints may linger behind their finalizer, or be gone already
                .endpoint(endpoint("g1", "app-0", "uid-0", "v4=10.6.0.10/24"))
                .pod(pod("other", "keep", "uid-k", "Running", "10.6.0.12"));
        List<PoolRecord> records = List.of(record("v4", "10.6.0.10", "g1/app-0", "uid-0"),
                record("v4", "10.6.0.11", "g1/app-1", "uid-1"), record("v4", "10.6.0.12", "other/keep", "uid-k"));

        assertThat(verdicts(cluster.preview(records, at(0))))
                .containsExactly("10.6.0.10 Release+endpoint", "10.6.0.11 Release", "10.6.0.12 Keep");
        // and the pod informer saw them go: traced until now + delay
        Pod gone = pod("g1", "app-1", "uid-1", "Running", "10.6.0.11");
        assertThat(PodTracing.entryFor(new PodEvent.Deleted(gone), STATELESS, NodeReadiness.READY, DEFAULTS, at(0)))
                .hasValueSatisfying(e -> assertThat(e.stopAt()).isEqualTo(at(0)));
    }

    @Test
    @DisplayName("G00002 a pod of the same name in another namespace keeps its address")
    void g00002SameNameInAnotherNamespaceUnaffected() {
        Snapshot cluster = new Snapshot().pod(pod("ns-b", "app", "uid-b", "Running", "10.6.0.21"))
                .endpoint(endpoint("ns-b", "app", "uid-b", "v4=10.6.0.21/24"));
        List<PoolRecord> records = List.of(record("v4", "10.6.0.20", "ns-a/app", "uid-a"),
                record("v4", "10.6.0.21", "ns-b/app", "uid-b"));

        assertThat(verdicts(cluster.preview(records, at(0)))).containsExactly("10.6.0.20 Release", "10.6.0.21 Keep");
    }

    @Test
    @DisplayName("G00003 a deleted workload's addresses are freed although CNI DEL never ran")
    void g00003WorkloadDeletedWithoutCniDel() {
        // DEL never ran: records and endpoints (finalizer never removed) are both still there
        Snapshot cluster = new Snapshot().endpoint(endpoint("g3", "deploy-x-1", "uid-1", "v4=10.6.0.30/24",
                "v6=fd00::30/64"));
        assertThat(cluster.scan(record("v4", "10.6.0.30", "g3/deploy-x-1", "uid-1"), DEFAULTS, at(0)))
                .isInstanceOfSatisfying(ScanVerdict.Release.class, r -> assertThat(r.deleteEndpoint()).isTrue());

        // the trace path reaches the same end without waiting for the scan: all addresses of the endpoint go
        Pod deleted = pod("g3", "deploy-x-1", "uid-1", "Running", "10.6.0.30");
        TraceEntry entry = PodTracing.entryFor(new PodEvent.Deleted(deleted), STATELESS, NodeReadiness.READY,
                DEFAULTS, at(0)).orElseThrow();
        assertThat(ExpiredTrace.decide(entry, Optional.ofNullable(cluster.endpoints.get("g3/deploy-x-1")), STATELESS))
                .isInstanceOfSatisfying(ExpiredTrace.Release.class, r -> assertThat(r.addresses())
                        .containsExactly(new PoolIp("v4", "10.6.0.30"), new PoolIp("v6", "fd00::30")));
    }

    @Test
    @DisplayName("G00004 a pod deleted with grace period 0 frees its address at once")
    void g00004GracePeriodZero() {
        Pod forced = terminating(pod("g4", "app", "uid-4", "Running", "10.6.0.40"), at(0), 0);
        Snapshot cluster = new Snapshot().pod(forced).endpoint(endpoint("g4", "app", "uid-4", "v4=10.6.0.40/24"));

        assertThat(cluster.scan(record("v4", "10.6.0.40", "g4/app", "uid-4"), DEFAULTS, at(1)))
                .isInstanceOfSatisfying(ScanVerdict.Release.class, r ->
                        assertThat(r.reason()).contains("ended its grace period at 2026-03-01T12:00:00Z"));
        assertThat(PodTracing.entryFor(new PodEvent.Changed(forced), STATELESS, NodeReadiness.READY, DEFAULTS, at(0)))
                .hasValueSatisfying(e -> assertThat(e.expiredAt(at(1))).isTrue());
    }

    @Test
    @DisplayName("G00005 a dirty record naming a pod that does not exist is freed")
    void g00005DirtyRecordWithUnknownPodName() {
        Snapshot cluster = new Snapshot().pod(pod("g5", "real", "uid-5", "Running", "10.6.0.50"));
        assertThat(cluster.scan(record("v4", "10.6.0.51", "g5/no-such-pod", "dirty-uid"), DEFAULTS, at(0)))
                .isEqualTo(new ScanVerdict.Release("IP 10.6.0.51 of pool v4, pod g5/no-such-pod is gone and has no"
                        + " SpiderEndpoint", false));
    }

    @Test
    @DisplayName("G00006 the addresses of finished Job pods are freed after their grace period")
    void g00006FinishedJobPods() {
        Pod done = finishedAt(new PodBuilder(pod("g6", "job-abc", "uid-6", "Succeeded")).editSpec()
                .withRestartPolicy("Never").endSpec().build(), at(0), 30);
        SpiderEndpoint ep = endpoint("g6", "job-abc", "uid-6", "v4=10.6.0.60/24");
        Snapshot cluster = new Snapshot().pod(done).endpoint(ep);

        // the scan leaves it to the trace GC, which frees it 30 s after the container finished
        assertThat(cluster.scan(record("v4", "10.6.0.60", "g6/job-abc", "uid-6"), DEFAULTS, at(5)))
                .isInstanceOf(ScanVerdict.Keep.class);
        TraceEntry entry = PodTracing.entryFor(new PodEvent.Changed(done), STATELESS, NodeReadiness.READY, DEFAULTS,
                at(5)).orElseThrow();
        assertThat(entry.stopAt()).isEqualTo(at(30));
        assertThat(ExpiredTrace.decide(entry, Optional.of(ep), STATELESS)).isEqualTo(new ExpiredTrace.Release(
                List.of(new PoolIp("v4", "10.6.0.60")), "uid-6", false, "pod g6/job-abc (UID uid-6): finished and past"
                + " 2026-03-01T12:00:30Z; freeing [10.6.0.60 of pool v4]"));
    }

    @Test
    @DisplayName("G00007 a dirty record with the right pod name but another UID is freed")
    void g00007RightNameWrongUid() {
        Snapshot cluster = new Snapshot().pod(pod("g7", "app", "uid-live", "Running", "10.6.0.70"))
                .endpoint(endpoint("g7", "app", "uid-live", "v4=10.6.0.70/24"));
        List<PoolRecord> records = List.of(record("v4", "10.6.0.70", "g7/app", "uid-live"),
                record("v4", "10.6.0.71", "g7/app", "uid-dirty"));

        assertThat(verdicts(cluster.preview(records, at(0)))).containsExactly("10.6.0.70 Keep", "10.6.0.71 Release");
    }

    @Test
    @DisplayName("G00009 a stateless pod on a NotReady node is freed after its grace period only if the NotReady gate is on")
    void g00009StatelessPodOnNotReadyNode() {
        // the node powered off: the pod was evicted (terminating) but its kubelet never reported it stopped
        Pod stranded = terminating(pod("g9", "app", "uid-9", "Running", "10.6.0.90"), at(0), 30);
        Snapshot cluster = new Snapshot().pod(stranded).endpoint(endpoint("g9", "app", "uid-9", "v4=10.6.0.90/24"));
        cluster.node = NodeReadiness.NOT_READY;
        PoolRecord r = record("v4", "10.6.0.90", "g9/app", "uid-9");
        GcSettings gateOff = DEFAULTS.withNodeGates(true, false);

        assertThat(cluster.scan(r, DEFAULTS, at(10))).isInstanceOf(ScanVerdict.Trace.class);
        assertThat(cluster.scan(r, DEFAULTS, at(31))).isInstanceOf(ScanVerdict.Release.class);
        assertThat(cluster.scan(r, gateOff, at(31))).isInstanceOfSatisfying(ScanVerdict.Keep.class, k -> assertThat(
                k.reason()).contains("SPIDERPOOL_GC_STATELESS_TERMINATING_POD_ON_NOT_READY_NODE_ENABLED=false"));
        assertThat(PodTracing.entryFor(new PodEvent.Changed(stranded), STATELESS, NodeReadiness.NOT_READY, DEFAULTS,
                at(0))).isPresent();
        assertThat(PodTracing.entryFor(new PodEvent.Changed(stranded), STATELESS, NodeReadiness.NOT_READY, gateOff,
                at(0))).isEmpty();
    }

    @Test
    @DisplayName("G00010 scaling a StatefulSet down frees the addresses and endpoints of the removed replicas")
    void g00010StatefulSetScaledDown() {
        StatefulSet sts = new StatefulSetBuilder().withNewMetadata().withNamespace("g10").withName("db").endMetadata()
                .withNewSpec().withReplicas(2).endSpec().build();
        Snapshot cluster = new Snapshot().pod(pod("g10", "db-0", "uid-0", "Running", "10.6.1.0"))
                .pod(pod("g10", "db-1", "uid-1", "Running", "10.6.1.1"))
                .endpoint(endpoint("g10", "db-0", "uid-0", "v4=10.6.1.0/24"))
                .endpoint(endpoint("g10", "db-1", "uid-1", "v4=10.6.1.1/24"))
                .endpoint(endpoint("g10", "db-2", "uid-2", "v4=10.6.1.2/24"))
                .endpoint(endpoint("g10", "db-3", "uid-3", "v4=10.6.1.3/24"));
        cluster.slotOf = key -> Optional.of(StatefulSetValidity.of(key.substring(key.indexOf('/') + 1), Optional.of(sts)));
        List<PoolRecord> records = List.of(record("v4", "10.6.1.0", "g10/db-0", "uid-0"),
                record("v4", "10.6.1.1", "g10/db-1", "uid-1"), record("v4", "10.6.1.2", "g10/db-2", "uid-2"),
                record("v4", "10.6.1.3", "g10/db-3", "uid-3"));

        List<GcPreviewRow> rows = cluster.preview(records, at(0));
        assertThat(verdicts(rows)).containsExactly("10.6.1.0 Keep", "10.6.1.1 Keep", "10.6.1.2 Release+endpoint",
                "10.6.1.3 Release+endpoint");
        assertThat(rows.get(3).reason()).contains("ordinal 3 outside [0, 1]");
        // a replica between its pods (restart) keeps its slot: the endpoint holds the address for the next pod
        cluster.pods.remove("g10/db-1");
        assertThat(cluster.scan(records.get(1), DEFAULTS, at(0))).isInstanceOf(ScanVerdict.Keep.class);
    }
}
