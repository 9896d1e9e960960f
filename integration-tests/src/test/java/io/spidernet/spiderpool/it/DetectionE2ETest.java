package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.cni.JsonReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * IP-conflict and gateway detection as a runtime meets it: the agent runs with both switches on in
 * its spiderpool-conf, Debian's macvlan execs our binary, and the macvlan master's veth peer in
 * the node namespace plays the underlay: it may hold the pod's address (a duplicate) and the
 * pool's gateway 10.20.0.1.
 */
class DetectionE2ETest {
    private static NodeFixture node;
    private static NetnsKit kit;
    private static String nodeNs;

    @BeforeAll
    static void startNode() throws Exception {
        NetnsKit.unavailableReason().ifPresent(DetectionE2ETest::skip);
        if (!Files.isExecutable(ReferencePluginsTest.CNI_DIR.resolve("macvlan"))) {
            skip("containernetworking-plugins is not installed (.ci/run installs it with apt)");
        }
        node = new NodeFixture();
        Path conf = Files.writeString(node.dir.resolve("conf.yml"),
                "enableIPConflictDetection: true\nenableGatewayDetection: true\n");
        node.startAgent(Map.of("spiderpool.agent.conf-file", conf.toString()));
        kit = new NetnsKit("det");
        kit.netns("node");
        nodeNs = kit.name("node");
        kit.veth("node", "e2em0", "e2em0p");
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (kit != null) {
            kit.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private static void skip(String reason) {
        System.out.println("SKIP " + DetectionE2ETest.class.getSimpleName() + ": " + reason);
        Assumptions.abort(reason);
    }

    private static CniExec.Result macvlan(String command, String container, Path pod) throws Exception {
        return CniExec.run(List.of("ip", "netns", "exec", nodeNs, ReferencePluginsTest.CNI_DIR.resolve("macvlan").toString()),
                node.env(command, container, pod, "net1"),
                node.netconf("1.0.0", "macvlan", "\"default_ipv4_ippool\":[\"e2e-v4\"]"));
    }

    /** The CNI error object macvlan passed on: its code, then msg and details for the text checks. */
    private static String error(CniExec.Result result, int code) {
        assertThat(result.exit()).as(result.stdout() + result.stderr()).isNotZero();
        Map<String, Object> error = JsonReader.parseObject(result.stdout());
        assertThat(((Number) error.get("code")).intValue()).as(result.stdout()).isEqualTo(code);
        return error.get("msg") + " / " + error.get("details");
    }

    @Test
    void C00007_C00009_aHeldAddressFailsAddAndIsFreeAgainThenASilentGatewayDoesTheSame() throws Exception {
        String underlayMac = kit.ns("node").mac("e2em0p");
        kit.ns("node").addAddress("e2em0p", "10.20.0.1/24");
        kit.ns("node").addAddress("e2em0p", "10.20.0.10/24"); // the lowest address of e2e-v4, held already

        Path pod1 = kit.netns("pod1");
        CniExec.Result conflict = macvlan("ADD", "ctr-dup", pod1);
        assertThat(error(conflict, 102)).contains("IP 10.20.0.10 is already in use on the network of"
                + " net1: " + underlayMac + " answered an ARP probe for it; the address was released");
        assertThat(node.allocated("e2e-v4")).as("released again").isEmpty();
        // the runtime tears the failed sandbox down before it retries (macvlan leaves net1 behind)
        assertThat(macvlan("DEL", "ctr-dup", pod1).exit()).isZero();

        kit.ns("node").deleteAddress("e2em0p", "10.20.0.10/24"); // the duplicate goes away
        long start = System.nanoTime();
        CniExec.Result clean = macvlan("ADD", "ctr-dup", pod1);
        System.out.println("macvlan + spiderpool ADD with both detections (JVM wrapper, not the packaged binary): "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertThat(clean.exit()).as(clean.stdout() + clean.stderr()).isZero();
        assertThat(kit.addresses("pod1", "net1")).contains("10.20.0.10/24");
        assertThat(node.allocated("e2e-v4")).containsExactly("10.20.0.10");

        kit.ns("node").deleteAddress("e2em0p", "10.20.0.1/24"); // the gateway goes silent
        Path pod2 = kit.netns("pod2");
        CniExec.Result silent = macvlan("ADD", "ctr-gw", pod2);
        assertThat(error(silent, 103)).contains("gateway 10.20.0.1 of IP 10.20.0.11 did not answer"
                + " 3 ARP requests on net1 within");
        assertThat(node.allocated("e2e-v4")).as("only the first pod's address").containsExactly("10.20.0.10");
    }
}
