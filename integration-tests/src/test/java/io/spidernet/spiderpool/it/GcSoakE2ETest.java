package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The GC soak of issue 5: 1 000 pods through randomised lifecycles on two real agents, one real
 * controller collecting, one pool with exactly as many addresses as pods may hold at once. The
 * controller runs upstream's defaults except two timers, shortened so the soak fits CI:
 * SPIDERPOOL_GC_TRACE_POD_GAP_DURATION=1s (upstream 5 s) and SPIDERPOOL_GC_DEFAULT_INTERVAL_DURATION=10s
 * (upstream 600 s; a StatefulSet replica deleted while its slot was still valid is only found by that scan).
 */
class GcSoakE2ETest {
    private static final int PODS = Integer.getInteger("spiderpool.soak.pods", 1000);
    private static final int CONCURRENCY = Integer.getInteger("spiderpool.soak.concurrency", 40);

    @Test
    void G00011_G00012_everyRunningPodKeepsItsAddressAndEveryGonePodsAddressIsFreed() throws Exception {
        Assumptions.assumeTrue(Files.exists(AgentProcess.agentJar()) && Files.exists(ControllerProcess.controllerJar()),
                "agent or controller app not built; run mvn install from the root");
        try (CountingApiServer api = new CountingApiServer()) {
            GcSoak.createNodes(api.client());
            try (AgentFleet fleet = AgentFleet.start(api.url(), GcSoak.NODES);
                 ControllerProcess controller = ControllerProcess.launch("soak-controller", api.url(),
                         Map.of("spiderpool.controller.leader-election.mode", "always"),
                         Map.of("SPIDERPOOL_GC_TRACE_POD_GAP_DURATION", "1s", "SPIDERPOOL_GC_DEFAULT_INTERVAL_DURATION", "10s"))) {
                GcSoak soak = new GcSoak(api.client(), fleet, CONCURRENCY, PODS, 20261128L);
                soak.createCluster();
                GcSoak.Result r = soak.run();

                System.out.printf("GC soak: %d pods, pool of %d, %.1f s; ends %s; %d ADD retries on a full pool;"
                                + " pool clean %s after the last pod ended; %d violations%n",
                        r.pods(), soak.poolSize(), r.wall().toMillis() / 1000.0, r.ends(), r.addRetries(),
                        r.cleanAfterLastDeletion() == null ? "never (90 s)" : "%.1f s".formatted(r.cleanAfterLastDeletion().toMillis() / 1000.0),
                        r.violations().size());
                assertThat(r.violations()).as("running pods that lost their address").isEmpty();
                assertThat(r.leftovers()).as("pool not clean 90 s after the last pod ended\n" + controller.log()).isEmpty();
                assertThat(r.cleanAfterLastDeletion()).isNotNull();
                assertThat(r.pods()).isEqualTo(PODS);
            }
        }
    }
}
