package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.it.ClusterStorm.Call;
import io.spidernet.spiderpool.it.StormCluster.StormPod;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CI-sized storm: five agents in cluster mode, each its own process with its own caches, one API
 * server, one pool with exactly as many addresses as pods. Twenty rounds of 200 fresh pods (new
 * names, new UIDs, the pool reused): in every round every ADD succeeds, no address is given twice,
 * the pool and the SpiderEndpoints say what the agents answered, and after the pods are deleted every
 * DEL frees its address. A call that fails is repeated as kubelet would (the safety checks hold for
 * what the agents finally answered); how many failed at first is printed per round, and is for the
 * benchmark's goals, not this test's.
 */
class ClusterStormE2ETest {
    private static final int AGENTS = 5;
    private static final int DEPLOYMENTS = 20;
    private static final int PODS_PER_DEPLOYMENT = 10;
    private static final int PODS = DEPLOYMENTS * PODS_PER_DEPLOYMENT;
    private static final int ROUNDS = 20;
    /** As kubelet repeats a failed sandbox set-up or tear-down; first-attempt failures are printed. */
    private static final ClusterStorm.Retries RUNTIME_RETRIES = new ClusterStorm.Retries(3, Duration.ofMillis(500));

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES) // a stuck agent fails the build instead of hanging it
    void twentyStormsOnFiveAgentsNeverGiveAnAddressTwiceAndReleaseEverything() throws Exception {
        if (!Files.isRegularFile(AgentProcess.agentJar())) {
            String reason = "agent not built (" + AgentProcess.agentJar() + "): mvn package -pl spiderpool-agent -am";
            System.out.println("ClusterStormE2ETest skipped: " + reason);
            Assumptions.abort(reason);
        }
        try (CountingApiServer api = new CountingApiServer()) {
            StormCluster cluster = StormCluster.create(api.client(), AGENTS, PODS, DEPLOYMENTS);
            try (AgentFleet fleet = AgentFleet.start(api.url(), cluster.nodes())) {
                System.out.printf(Locale.ROOT, "%d agents ready in %.1f s, booting %d at a time (logs: %s)%n", AGENTS,
                        StormResult.seconds(fleet.startup()), fleet.bootParallelism(), fleet.dir());
                ClusterStorm storm = new ClusterStorm(api, cluster, fleet, 64, RUNTIME_RETRIES);
                for (int round = 1; round <= ROUNDS; round++) {
                    long t0 = System.nanoTime();
                    List<StormPod> pods = cluster.createPods("r" + round, PODS_PER_DEPLOYMENT);
                    long created = System.nanoTime();
                    StormResult r = storm.run(pods);
                    System.out.printf(Locale.ROOT, "%s; pods created in %.2f s, whole round %.2f s%n", summary(round, r),
                            (created - t0) / 1e9, (System.nanoTime() - t0) / 1e9);
                    if (!r.passed()) {
                        fleet.keepLogs();
                        System.out.println(r.figures());
                        System.out.println(fleet.logExcerpts("ERROR", 20));
                    }
                    assertThat(r.problems()).as("round %d", round).isEmpty();
                    assertThat(distinct(r)).as("distinct addresses in round %d", round).isEqualTo(PODS);
                }
            }
        }
    }

    private static long distinct(StormResult r) {
        return r.allocate().calls().stream().filter(Call::ok).map(Call::address).distinct().count();
    }

    private static String summary(int round, StormResult r) {
        return String.format(Locale.ROOT, "round %2d: %d pods, %d distinct addresses; allocate %.2f s (p50 %s, p99 %s),"
                        + " %.2f writes/alloc (pool PATCH %.2f), %.2f 409s/alloc, first-time failures %s;"
                        + " release %.2f s, %.2f 409s/release, first-time failures %s",
                round, r.pods(), distinct(r), StormResult.seconds(r.allocate().wall()), StormResult.ms(r.allocateLatency(0.5)),
                StormResult.ms(r.allocateLatency(0.99)), r.writesPerAllocation(), r.poolPatchesPerAllocation(),
                r.conflictsPerAllocation(), StormResult.firstFailures(r.allocate()), StormResult.seconds(r.release().wall()),
                (double) r.release().api().conflicts() / r.pods(), StormResult.firstFailures(r.release()));
    }
}
