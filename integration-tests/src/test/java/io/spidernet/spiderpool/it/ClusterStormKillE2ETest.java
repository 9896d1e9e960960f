package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.allocation.AllocationRecord;
import io.spidernet.spiderpool.it.ClusterStorm.Call;
import io.spidernet.spiderpool.it.ClusterStorm.Phase;
import io.spidernet.spiderpool.it.StormCluster.StormPod;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * kill -9 of one agent in the middle of a storm, ten times at seeded random points (after a random
 * number of its ADDs were answered): the agent is started again on the same node and socket, and
 * every call that failed is repeated until answered, as kubelet would. After each storm every
 * acknowledged allocation is in the pool's ledger and in its SpiderEndpoint and no address was
 * answered twice. Printed: the records the dead agent had written for ADDs it never answered, how many
 * of those the repeated ADDs got back, and the records left without an acknowledged ADD (garbage
 * collection's to free). After the pods are deleted every DEL must leave the pool empty.
 */
class ClusterStormKillE2ETest {
    private static final int AGENTS = 3;
    private static final int DEPLOYMENTS = 15;
    private static final int PODS_PER_DEPLOYMENT = 4;
    private static final int PODS = DEPLOYMENTS * PODS_PER_DEPLOYMENT;
    /** A tenth more than the pods: a record orphaned by a crash must not starve the round's last pod. */
    private static final int POOL = PODS + PODS / 10;
    private static final int KILLS = 10;
    private static final String VICTIM = "node-1";
    /** Long enough to wait out the victim's restart. */
    private static final ClusterStorm.Retries UNTIL_ANSWERED = new ClusterStorm.Retries(1200, Duration.ofMillis(100));

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void everyAcknowledgedAllocationSurvivesKillsOfItsAgent() throws Exception {
        if (!Files.isRegularFile(AgentProcess.agentJar())) {
            String reason = "agent not built (" + AgentProcess.agentJar() + "): mvn package -pl spiderpool-agent -am";
            System.out.println("ClusterStormKillE2ETest skipped: " + reason);
            Assumptions.abort(reason);
        }
        int orphans;
        try (CountingApiServer api = new CountingApiServer()) {
            StormCluster cluster = StormCluster.create(api.client(), AGENTS, POOL, DEPLOYMENTS);
            try (AgentFleet fleet = AgentFleet.start(api.url(), cluster.nodes())) {
                System.out.println(AGENTS + " agents ready (logs: " + fleet.dir() + ")");
                ClusterStorm storm = new ClusterStorm(api, cluster, fleet, 64, UNTIL_ANSWERED);
                try {
                    orphans = killTenTimes(api, cluster, fleet, storm);
                } catch (AssertionError | Exception e) {
                    fleet.keepLogs();
                    throw e;
                }
            }
        }
        System.out.println(KILLS + " kill -9 of " + VICTIM + "'s agent during storms of " + PODS + " pods: every acknowledged"
                + " allocation recorded, no address answered twice; " + orphans + " records were left without an acknowledged"
                + " ADD (garbage collection's to free; the pods' DEL freed them here)");
    }

    /** The ten storms, each with its kill; returns the records left without an acknowledged ADD. */
    private static int killTenTimes(CountingApiServer api, StormCluster cluster, AgentFleet fleet, ClusterStorm storm)
            throws Exception {
        Random random = new Random(20261128);
        int orphans = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            List<StormPod> pods = cluster.createPods("k" + kill, PODS_PER_DEPLOYMENT);
            int victimPods = (int) pods.stream().filter(p -> p.node().equals(VICTIM)).count();
            int killAfter = random.nextInt(victimPods);
            AtomicInteger answered = new AtomicInteger();
            FutureTask<Kill> killer = new FutureTask<>(() -> killAndRestart(api, fleet, answered, killAfter));
            Thread.ofPlatform().name("killer").start(killer);
            Phase add = storm.phase(pods, p -> counted(storm.allocate(p), answered));
            Kill k = killer.get();

            List<String> problems = StormChecks.acknowledged(api.client(), cluster.range(), add.calls());
            Map<String, AllocationRecord> left = StormChecks.orphans(api.client(), add.calls());
            orphans += left.size();
            System.out.printf(Locale.ROOT, "kill %2d after %2d of %d answers: %d ADDs cut off (%s), agent back in %.1f s;"
                            + " %s; %d records without an acknowledged ADD %s%n", kill, killAfter, victimPods,
                    victimFailures(add), StormResult.firstFailures(add), StormResult.seconds(k.restart()),
                    k.unanswered(add), left.size(), left.values());
            assertThat(problems).as("after kill %d", kill).isEmpty();

            cluster.deletePods(pods);
            Phase del = storm.phase(pods, storm::release);
            Set<StormPod> held = add.calls().stream().map(Call::pod).collect(Collectors.toSet());
            assertThat(StormChecks.released(api.client(), del.calls(), held)).as("release after kill %d", kill).isEmpty();
        }
        return orphans;
    }

    private static long victimFailures(Phase phase) {
        return phase.calls().stream().filter(c -> c.pod().node().equals(VICTIM) && c.firstAttemptFailed()).count();
    }

    /** Counts the victim's answered ADDs, so the kill can land after a chosen number of them. */
    private static Call counted(Call call, AtomicInteger answered) {
        if (call.ok() && call.pod().node().equals(VICTIM)) {
            answered.incrementAndGet();
        }
        return call;
    }

    /** The ledger right after the kill, and how long the agent took to serve again. */
    record Kill(Map<String, AllocationRecord> ledgerAtKill, Duration restart) {
        /**
         * Records the dead agent wrote for ADDs it never answered (those whose first attempt failed),
         * and how many of them the repeated ADD got back rather than a second address.
         */
        String unanswered(Phase add) {
            Map<String, Call> cutOff = add.calls().stream().filter(Call::firstAttemptFailed)
                    .collect(Collectors.toMap(c -> c.pod().uid(), c -> c));
            long written = 0;
            long reused = 0;
            for (Map.Entry<String, AllocationRecord> e : ledgerAtKill.entrySet()) {
                Call call = cutOff.get(e.getValue().podUid());
                if (call != null) {
                    written++;
                    reused += e.getKey().equals(call.address()) ? 1 : 0;
                }
            }
            return written + " of them were already in the pool at the kill, " + reused + " answered with that address later";
        }
    }

    /** Waits until {@code killAfter} of the victim's ADDs were answered, kills it with -9 and starts it again. */
    private static Kill killAndRestart(CountingApiServer api, AgentFleet fleet, AtomicInteger answered, int killAfter)
            throws Exception {
        while (answered.get() < killAfter) {
            Thread.sleep(1); // not a spin: on a small machine it would take a core from the agents
        }
        fleet.kill(VICTIM);
        Map<String, AllocationRecord> ledger = StormChecks.ledger(api.client());
        return new Kill(ledger, fleet.restart(VICTIM));
    }
}
