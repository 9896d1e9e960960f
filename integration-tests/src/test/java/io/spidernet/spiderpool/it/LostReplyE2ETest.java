package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import io.spidernet.spiderpool.it.ClusterStorm.Call;
import io.spidernet.spiderpool.it.StormCluster.StormPod;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Writes that land while their replies are lost: a stream of pods on two agents whose API traffic
 * goes through a {@link LostReplyProxy}, which for a while loses the reply of every fifth write of a
 * pool's status or of a SpiderEndpoint. The agent sees a timeout, gives back what it took, and its
 * ADD fails; the test repeats every failed ADD a second later, as the runtime repeats a failed
 * sandbox. What the server applied must not be undone by what the agent believes: at the end no
 * address is held by two live pods, every live pod's address is in its pool's ledger under its UID
 * and in its SpiderEndpoint ({@link ReliabilityFigures}), and the DELs of all pods leave the pools
 * empty. Prints {@code RELIABILITY LOST-REPLY ...} with the writes broken and the ADDs repeated.
 *
 * <p>This is the duplicate the 5 000-pod storm found (an endpoint write timed out, landed after all,
 * and the repeated ADD answered the address the agent had given back); the agent's repeated ADD
 * checks its pools still hold the address for the pod ({@code NodeFlow}), and this test fails without
 * that check.
 */
class LostReplyE2ETest {
    private static final int AGENTS = 2;
    private static final int DEPLOYMENTS = 5;
    private static final int PER_REPLICA_SET = 2;
    private static final Duration GAP = Duration.ofMillis(200);
    private static final int MAX_WAVES = 40;
    private static final int POOL = MAX_WAVES * DEPLOYMENTS * PER_REPLICA_SET;
    /** Pool status writes (the ledger) and SpiderEndpoint writes (the pod's record): what an ADD writes. */
    private static final Pattern ADD_WRITES = Pattern.compile("/apis/" + Pattern.quote(SpiderpoolGroup.GROUP) + "/"
            + SpiderpoolGroup.VERSION + "/(spiderippools/[^/]+/status|namespaces/[^/]+/spiderendpoints(/[^/]+)?(/status)?)");
    private static final int EVERY = 5;
    private static final int BUDGET = 10;
    /** Longer than the agent's API request timeout (the client's default, 10 s, which the agent keeps). */
    private static final Duration HOLD = Duration.ofSeconds(12);
    /** How long the storm may take to make {@link #BUDGET} broken writes before the test gives up. */
    private static final Duration ARMED_AT_MOST = Duration.ofSeconds(120);
    /** As kubelet repeats a failed sandbox: a second apart, for longer than any broken write holds an ADD. */
    private static final ClusterStorm.Retries AS_KUBELET = new ClusterStorm.Retries(60, Duration.ofSeconds(1));

    @BeforeEach
    void agentBuilt() {
        Assumptions.assumeTrue(Files.isRegularFile(AgentProcess.agentJar()),
                "agent app not built: mvn -o package -DskipTests -pl spiderpool-agent -am");
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void writesThatLandWithTheirRepliesLostLeaveNoDuplicateAndNoLostRecord() throws Exception {
        try (CountingApiServer api = new CountingApiServer();
             LostReplyProxy proxy = LostReplyProxy.inFrontOf(api.url(), ADD_WRITES, EVERY, BUDGET, HOLD)) {
            StormCluster cluster = StormCluster.create(api.client(), AGENTS, POOL, DEPLOYMENTS);
            try (AgentFleet fleet = AgentFleet.start(proxy.url(), cluster.nodes())) {
                ClusterStorm storm = new ClusterStorm(api, cluster, fleet, 64, AS_KUBELET);
                long t0 = System.nanoTime();
                FaultStorm.Result r = new FaultStorm(cluster, storm, PER_REPLICA_SET, GAP, 1, 2, MAX_WAVES).run(() -> {
                    proxy.arm();
                    long end = System.nanoTime() + ARMED_AT_MOST.toNanos();
                    while (proxy.broken() < BUDGET && System.nanoTime() < end) {
                        Thread.sleep(50);
                    }
                    proxy.disarm();
                    Thread.sleep(HOLD); // the last held replies end within the fault
                });
                Duration wall = Duration.ofNanos(System.nanoTime() - t0);
                assertThat(proxy.broken()).as("writes whose reply was lost (of %d matching)", proxy.matched()).isEqualTo(BUDGET);

                List<Call> live = r.calls();
                ReliabilityFigures figures = ReliabilityFigures.of(api.client(), live);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("pods", live.size());
                m.put("writes_matched", proxy.matched());
                m.put("writes_broken", proxy.broken());
                m.put("broken_answered_by_server", proxy.answeredUnseen());
                m.put("adds_failed_first", live.stream().filter(Call::firstAttemptFailed).count());
                m.put("add_retries", live.stream().mapToInt(c -> c.attempts() - 1).sum());
                m.put("waves", r.waves());
                m.put("fault_ms", r.fault());
                m.put("wall_ms", wall);
                System.out.println(figures.line("LOST-REPLY", m) + " (" + AGENTS + " agents)");
                if (!figures.clean()) {
                    fleet.keepLogs();
                }
                assertThat(figures.clean()).as("%s: %s; agent logs in %s", figures,
                        StormChecks.allocated(api.client(), cluster.range(), live), fleet.dir()).isTrue();
                assertThat(proxy.answeredUnseen()).as("broken writes the server applied and answered").isPositive();

                List<StormPod> pods = live.stream().map(Call::pod).toList();
                cluster.deletePods(pods);
                List<Call> released = storm.phase(pods, storm::release).calls();
                assertThat(StormChecks.released(api.client(), released, Set.copyOf(pods))).as("after every pod's DEL").isEmpty();
            }
        }
    }
}
