package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.spidernet.spiderpool.core.cni.JsonReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the agent at random moments while allocations run, until 100 are acknowledged: after
 * every kill the state file parses and holds every acknowledged allocation; retried ADDs keep
 * their address, and no address is ever given to two containers.
 */
class CrashSafetyE2ETest {
    private static final int ACKNOWLEDGED = 100;
    private static final Path NETNS = Path.of("/var/run/netns/none");

    @Test
    void noAcknowledgedAllocationIsLostAcrossKills() throws Exception {
        Random rnd = new Random(20261127);
        Map<String, String> acked = new LinkedHashMap<>(); // container -> address
        int kills = 0;
        try (NodeFixture node = new NodeFixture()) {
            String conf = node.netconf("1.0.0", "macvlan", "\"default_ipv4_ippool\":[\"e2e-big\"]");
            AgentProcess agent = node.startAgent();
            while (acked.size() < ACKNOWLEDGED) {
                AtomicBoolean stop = new AtomicBoolean();
                Thread client = Thread.ofPlatform().start(() -> allocate(node, conf, acked, stop));
                Thread.sleep(500 + rnd.nextInt(2500)); // a few ADDs per life, the kill landing anywhere in one
                agent.kill();
                kills++;
                stop.set(true);
                client.join();
                verify(node, acked);
                agent = node.startAgent();
            }
            verify(node, acked);
        }
        assertThat(new HashSet<>(acked.values())).hasSize(acked.size());
        System.out.println(acked.size() + " acknowledged allocations across " + kills + " kill -9 of the agent; none lost");
    }

    /** ADDs in order; an unacknowledged one is retried with the same container ID, as a runtime does. */
    private static void allocate(NodeFixture node, String conf, Map<String, String> acked, AtomicBoolean stop) {
        while (!stop.get() && acked.size() < ACKNOWLEDGED) {
            String id = "crash-" + acked.size();
            try {
                CniExec.Result r = node.ipam(node.env("ADD", id, NETNS, "eth0"), conf);
                if (r.exit() == 0) {
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> ips = (List<Map<String, Object>>) JsonReader.parseObject(r.stdout()).get("ips");
                    String address = String.valueOf(ips.getFirst().get("address")).split("/")[0];
                    synchronized (acked) {
                        acked.put(id, address);
                    }
                }
            } catch (Exception e) {
                // the agent died under the call: retry the same container after the restart
            }
        }
    }

    private static void verify(NodeFixture node, Map<String, String> acked) throws Exception {
        if (!Files.exists(node.stateFile)) {
            // the agent writes the file with its first allocation; a kill before that (a slow machine) leaves none
            synchronized (acked) {
                assertThat(acked).as("acknowledged allocations without a state file").isEmpty();
            }
            return;
        }
        new ObjectMapper().readTree(Files.readString(node.stateFile)); // always parses
        Set<String> recorded = new HashSet<>(node.allocated("e2e-big"));
        synchronized (acked) {
            assertThat(recorded).as("acknowledged allocations in the state file").containsAll(acked.values());
        }
    }
}
