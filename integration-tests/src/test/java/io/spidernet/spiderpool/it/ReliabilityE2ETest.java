package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.spidernet.spiderpool.core.allocation.AllocationRecord;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.it.ClusterStorm.Call;
import io.spidernet.spiderpool.it.StormCluster.StormPod;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Upstream's reliability cases (test/doc/reliability.md) on real agent and controller processes
 * against the test API server: pods keep getting addresses while the controller restarts (R00001),
 * while the API server is down for 10 s (R00003), while an agent restarts (R00004), and after a node
 * is lost its StatefulSet pod comes up on another node with its address (R00006). Each ends with 0
 * duplicate addresses, 0 lost and 0 stray records ({@link ReliabilityFigures}), then deletes the pods
 * and their DELs must leave the pool empty; each prints a {@code RELIABILITY} line with its recovery
 * times. The storms are a steady stream of pods ({@link FaultStorm}) on two agents; kill -9 at random
 * points, ten times, is ClusterStormKillE2ETest's.
 */
class ReliabilityE2ETest {
    private static final int AGENTS = 2;
    private static final int DEPLOYMENTS = 5;
    /** Ten pods a wave, a wave every ~0.2 s after the last was answered. */
    private static final int PER_REPLICA_SET = 2;
    private static final Duration GAP = Duration.ofMillis(200);
    private static final int MAX_WAVES = 150;
    private static final int POOL = MAX_WAVES * DEPLOYMENTS * PER_REPLICA_SET;
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    /** As kubelet repeats a failed sandbox: long enough to wait out any of the faults here. */
    private static final ClusterStorm.Retries UNTIL_ANSWERED = new ClusterStorm.Retries(1200, Duration.ofMillis(100));
    private static final Duration READY = Duration.ofSeconds(120);
    private static final String SCAN = "garbage collection scan:";
    /** Upstream's GC with its timers shortened, as in GcSoakE2ETest, so that a scan runs within the case. */
    private static final Map<String, String> FAST_GC = Map.of("SPIDERPOOL_GC_TRACE_POD_GAP_DURATION", "1s",
            "SPIDERPOOL_GC_DEFAULT_INTERVAL_DURATION", "2s");

    @BeforeEach
    void appsBuilt() {
        Assumptions.assumeTrue(Files.isRegularFile(AgentProcess.agentJar()) && Files.isRegularFile(ControllerProcess.controllerJar()),
                "agent or controller app not built: mvn package -pl spiderpool-agent,spiderpool-controller -am");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void R00001_podsKeepGettingAddressesWhileTheControllerRestarts() throws Exception {
        try (CountingApiServer api = new CountingApiServer()) {
            StormCluster cluster = StormCluster.create(api.client(), AGENTS, POOL, DEPLOYMENTS);
            ControllerProcess[] controller = {controller(api.url())};
            try (AgentFleet fleet = AgentFleet.start(api.url(), cluster.nodes())) {
                awaitScans(controller[0], 1);
                ClusterStorm storm = new ClusterStorm(api, cluster, fleet, 64, UNTIL_ANSWERED);
                FaultStorm.Result r = stream(cluster, storm).run(() -> {
                    controller[0].kill();
                    controller[0].close();
                    controller[0] = controller(api.url());
                    awaitScans(controller[0], 1); // leads again, its informers synced, and collected once
                });
                awaitScans(controller[0], scans(controller[0]) + 1); // one whole scan with every pod of the storm live
                finish("R00001", api, cluster, storm, r.calls(), recovery(r), true);
            } finally {
                controller[0].close();
            }
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void R00003_podsKeepGettingAddressesWhileTheApiServerIsDownForTenSeconds() throws Exception {
        try (CountingApiServer api = new CountingApiServer(); ApiServerOutage proxy = ApiServerOutage.inFrontOf(api.url())) {
            StormCluster cluster = StormCluster.create(api.client(), AGENTS, POOL, DEPLOYMENTS);
            try (AgentFleet fleet = AgentFleet.start(proxy.url(), cluster.nodes());
                 ControllerProcess controller = controller(proxy.url())) {
                awaitScans(controller, 1);
                ClusterStorm storm = new ClusterStorm(api, cluster, fleet, 64, UNTIL_ANSWERED);
                int[] scansAtUp = new int[1];
                FaultStorm.Result r = stream(cluster, storm).run(() -> {
                    proxy.down();
                    Thread.sleep(OUTAGE);
                    scansAtUp[0] = scans(controller);
                    proxy.up();
                });
                // the controller's informers are back: a pool made now is counted, and GC scans again
                api.client().resource(pool("after-outage")).create();
                await("the controller counting a pool created after the outage", () -> counted(api.client(), "after-outage"));
                awaitScans(controller, scansAtUp[0] + 2);
                finish("R00003", api, cluster, storm, r.calls(), recovery(r), true);
            }
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void R00004_podsKeepGettingAddressesWhileAnAgentRestarts() throws Exception {
        String victim = "node-1";
        try (CountingApiServer api = new CountingApiServer()) {
            StormCluster cluster = StormCluster.create(api.client(), AGENTS, POOL, DEPLOYMENTS);
            try (AgentFleet fleet = AgentFleet.start(api.url(), cluster.nodes())) {
                ClusterStorm storm = new ClusterStorm(api, cluster, fleet, 64, UNTIL_ANSWERED);
                List<Map<String, AllocationRecord>> atKill = new ArrayList<>();
                FaultStorm stream = stream(cluster, storm);
                FaultStorm.Result r = stream.run(() -> {
                    // in the middle of a wave: a few of its addresses answered, the victim's others in flight
                    int before = stream.answered();
                    while (stream.answered() < before + 3) {
                        Thread.sleep(1);
                    }
                    fleet.kill(victim);
                    atKill.add(StormChecks.ledger(api.client()));
                    fleet.restart(victim);
                });
                // an ADD cut off by the kill whose record was already written must get that address back
                Map<String, String> written = atKill.getFirst().entrySet().stream()
                        .collect(Collectors.toMap(e -> e.getValue().podUid(), Map.Entry::getKey));
                List<Call> cutOff = r.calls().stream().filter(c -> c.firstAttemptFailed() && written.containsKey(c.pod().uid())).toList();
                long same = cutOff.stream().filter(c -> written.get(c.pod().uid()).equals(c.address())).count();
                Map<String, Object> figures = recovery(r);
                figures.put("cut_off", r.calls().stream().filter(Call::firstAttemptFailed).count());
                figures.put("retried_same_address", same + "/" + cutOff.size());
                finish("R00004", api, cluster, storm, r.calls(), figures, false);
                assertThat(same).as("retried ADDs answered with the address recorded before the kill").isEqualTo(cutOff.size());
            }
        }
    }

    /**
     * The node powers off: its agent is gone and the Node NotReady; its pods are force-deleted (as an
     * operator, or the non-graceful node shutdown taint, does). A garbage collection scan runs before
     * the StatefulSet controller recreates its pod on the other node: the address of the StatefulSet's
     * slot must stay, the Deployment pods' addresses must be freed, and the recreated replica must get
     * its address back. The pool has no spare address, so the Deployment pods recreated on the other node
     * only start if GC freed their predecessors', and none of them may take the StatefulSet's.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void R00006_statefulSetPodOfALostNodeComesUpElsewhereWithItsAddress() throws Exception {
        String lost = "node-2";
        String survivor = "node-1";
        int deploymentPods = DEPLOYMENTS * PER_REPLICA_SET;
        try (CountingApiServer api = new CountingApiServer()) {
            KubernetesClient client = api.client();
            StormCluster cluster = StormCluster.create(client, AGENTS, deploymentPods + 1, DEPLOYMENTS);
            try (AgentFleet fleet = AgentFleet.start(api.url(), cluster.nodes());
                 ControllerProcess controller = controller(api.url())) {
                awaitScans(controller, 1);
                ClusterStorm storm = new ClusterStorm(api, cluster, fleet, 64, UNTIL_ANSWERED);
                StormPod db = cluster.createStatefulSetPod("db", 0, lost);
                List<StormPod> before = new ArrayList<>(cluster.createPods("before", PER_REPLICA_SET));
                before.add(db);
                List<Call> first = storm.phase(before, storm::allocate).calls();
                assertThat(StormChecks.allocated(client, cluster.range(), first)).as("before the node is lost").isEmpty();
                String fixed = first.getLast().address();

                long lostAt = System.nanoTime();
                fleet.kill(lost);
                setReady(client, lost, false);
                List<StormPod> gone = before.stream().filter(p -> p.node().equals(lost)).toList();
                cluster.deletePods(gone);
                int scans = scans(controller);
                awaitScans(controller, scans + 2); // a whole scan after the pods were gone
                assertThat(StormChecks.ledger(client).get(fixed)).as("GC keeps the address of the StatefulSet's valid slot")
                        .isEqualTo(new AllocationRecord(db.ref(), db.uid()));
                long recreatedAt = System.nanoTime();

                StormPod dbAgain = cluster.createStatefulSetPod("db", 0, survivor);
                List<StormPod> replacements = new ArrayList<>(cluster.createPodsOn("after", PER_REPLICA_SET / 2, List.of(survivor)));
                replacements.addFirst(dbAgain);
                long phaseStart = System.nanoTime();
                List<Call> second = storm.phase(replacements, storm::allocate).calls();
                // each call's time runs from the phase's start, which followed the recreation by the pods' creation
                Duration sinceRecreation = Duration.ofNanos(phaseStart - recreatedAt);

                List<Call> live = new ArrayList<>(first.stream().filter(c -> c.pod().node().equals(survivor)).toList());
                live.addAll(second);
                awaitScans(controller, scans(controller) + 1);
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("fault_ms", Duration.ofNanos(recreatedAt - lostAt));
                figures.put("recovery_ms", sinceRecreation.plusNanos(second.getFirst().nanos()));
                figures.put("completion_ms", sinceRecreation.plusNanos(second.stream().mapToLong(Call::nanos).max().orElseThrow()));
                figures.put("same_address", fixed.equals(second.getFirst().address()));
                // the StatefulSet goes too: a replica whose slot is still valid keeps its address after a DEL
                client.apps().statefulSets().inNamespace(StormCluster.NAMESPACE).withName("db").edit(sts -> {
                    sts.getSpec().setReplicas(0);
                    return sts;
                });
                finish("R00006", api, cluster, storm, live, figures, true);
                assertThat(second.getFirst().address()).as("the StatefulSet pod's address on its new node").isEqualTo(fixed);
                assertThat(gone.size()).isEqualTo(replacements.size());
            }
        }
    }

    /** The stream of pods the faults happen in: two waves before, three after. */
    private static FaultStorm stream(StormCluster cluster, ClusterStorm storm) {
        return new FaultStorm(cluster, storm, PER_REPLICA_SET, GAP, 2, 3, MAX_WAVES);
    }

    private static Map<String, Object> recovery(FaultStorm.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fault_ms", r.fault());
        m.put("answered_during_fault", r.answeredDuringFault());
        m.put("recovery_ms", r.firstAllocation());
        m.put("completion_ms", r.completion());
        m.put("waves", r.waves());
        return m;
    }

    /**
     * Checks the live pods, prints the figures, then deletes every pod: their DELs must leave the pool
     * empty. With a controller collecting ({@code collected}), a deleted pod's record may be freed by
     * garbage collection before its DEL arrives, so a DEL that freed nothing is then no failure.
     */
    private static void finish(String id, CountingApiServer api, StormCluster cluster, ClusterStorm storm, List<Call> live,
                               Map<String, Object> recovery, boolean collected) {
        ReliabilityFigures figures = ReliabilityFigures.of(api.client(), live);
        System.out.println(figures.line(id, recovery) + " (" + AGENTS + " agents, " + live.size() + " pods)");
        assertThat(figures.clean()).as("%s: %s", figures, StormChecks.allocated(api.client(), cluster.range(), live)).isTrue();
        List<StormPod> pods = live.stream().map(Call::pod).toList();
        cluster.deletePods(pods);
        long t0 = System.nanoTime();
        List<Call> released = storm.phase(pods, storm::release).calls();
        Set<StormPod> mustFree = collected ? Set.of() : Set.copyOf(pods);
        List<String> problems = StormChecks.released(api.client(), released, mustFree);
        // a record the DEL kept (a StatefulSet slot that had just become invalid) is the next scan's to free
        for (Instant end = Instant.now().plus(Duration.ofSeconds(30)); collected && !problems.isEmpty() && Instant.now().isBefore(end); ) {
            sleep(Duration.ofMillis(500));
            problems = StormChecks.released(api.client(), released, mustFree);
        }
        System.out.printf(Locale.ROOT, "%s release: %d DELs, pool %s %d ms after they began%n", id, pods.size(),
                problems.isEmpty() ? "empty" : "not empty", Duration.ofNanos(System.nanoTime() - t0).toMillis());
        assertThat(problems).as("%s: release", id).isEmpty();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static ControllerProcess controller(String apiUrl) throws IOException {
        return ControllerProcess.launch("reliability-controller", apiUrl,
                Map.of("spiderpool.controller.leader-election.mode", "always"), FAST_GC);
    }

    private static int scans(ControllerProcess controller) {
        try {
            return (int) controller.log().lines().filter(l -> l.contains(SCAN)).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void awaitScans(ControllerProcess controller, int count) throws Exception {
        await(count + " garbage collection scans", () -> {
            if (!controller.isAlive()) {
                throw new AssertionError("the controller exited:\n" + log(controller));
            }
            return scans(controller) >= count;
        });
    }

    private static String log(ControllerProcess controller) {
        try {
            return controller.log();
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        Instant end = Instant.now().plus(READY);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("timed out after " + READY + " waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static SpiderIPPool pool(String name) {
        IPPoolSpec spec = new IPPoolSpec();
        spec.setIpVersion(IpVersion.IPV4);
        spec.setSubnet("10.101.0.0/24");
        spec.setIps(List.of("10.101.0.10-10.101.0.19"));
        SpiderIPPool pool = new SpiderIPPool();
        pool.setMetadata(new ObjectMetaBuilder().withName(name).build());
        pool.setSpec(spec);
        return pool;
    }

    private static boolean counted(KubernetesClient client, String pool) {
        SpiderIPPool p = client.resources(SpiderIPPool.class).withName(pool).get();
        return p != null && p.getStatus() != null && Long.valueOf(10).equals(p.getStatus().getTotalIPCount());
    }

    /** What the node controller writes when the kubelet stops posting status. */
    private static void setReady(KubernetesClient client, String node, boolean ready) {
        client.nodes().withName(node).edit(n -> {
            n.setStatus(new NodeStatusBuilder().withConditions(new NodeConditionBuilder()
                    .withType("Ready").withStatus(ready ? "True" : "False").build()).build());
            return n;
        });
    }
}
