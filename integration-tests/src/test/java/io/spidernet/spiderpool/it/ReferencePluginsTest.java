package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.cni.JsonReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The harness itself against the reference plugins: Debian's macvlan with host-local IPAM attaches
 * a namespace through a veth master in a "node" namespace, the way the spiderpool tests and the
 * benchmark do it. If this fails, the failure is in the machine or the kit, not in Spiderpool.
 */
class ReferencePluginsTest {
    static final Path CNI_DIR = Path.of("/usr/lib/cni");

    @BeforeAll
    static void needsRootAndPlugins() {
        NetnsKit.unavailableReason().ifPresent(reason -> {
            System.out.println("SKIP " + ReferencePluginsTest.class.getSimpleName() + ": " + reason);
            Assumptions.abort(reason);
        });
        if (!Files.isExecutable(CNI_DIR.resolve("macvlan"))) {
            String reason = "containernetworking-plugins is not installed (.ci/run installs it with apt)";
            System.out.println("SKIP " + ReferencePluginsTest.class.getSimpleName() + ": " + reason);
            Assumptions.abort(reason);
        }
    }

    @Test
    void macvlanWithHostLocalAttachesAndDetachesANamespace() throws Exception {
        try (NetnsKit kit = new NetnsKit("rpt")) {
            kit.netns("node");
            Path pod = kit.netns("pod");
            kit.veth("node", "rptm0", "rptm0p");
            Path data = Files.createTempDirectory("host-local");
            String conf = "{\"cniVersion\":\"1.0.0\",\"name\":\"rpt\",\"type\":\"macvlan\",\"master\":\"rptm0\",\"mode\":\"bridge\","
                    + "\"ipam\":{\"type\":\"host-local\",\"dataDir\":\"" + data + "\",\"ranges\":[[{\"subnet\":\"192.0.2.0/24\","
                    + "\"rangeStart\":\"192.0.2.10\",\"rangeEnd\":\"192.0.2.20\",\"gateway\":\"192.0.2.1\"}]],"
                    + "\"routes\":[{\"dst\":\"0.0.0.0/0\"}]}}";
            Map<String, String> env = Map.of("CNI_PATH", CNI_DIR.toString(), "CNI_CONTAINERID", "rpt-1",
                    "CNI_NETNS", pod.toString(), "CNI_IFNAME", "net1");
            List<String> inNode = List.of("ip", "netns", "exec", kit.name("node"), CNI_DIR.resolve("macvlan").toString());

            CniExec.Result add = CniExec.run(inNode, with(env, "ADD"), conf);
            assertThat(add.exit()).as(add.stdout() + add.stderr()).isZero();
            assertThat(JsonReader.parseObject(add.stdout())).containsKey("ips");
            assertThat(kit.addresses("pod", "net1")).contains("192.0.2.10/24");
            assertThat(kit.routes("pod", "-4")).contains("default via 192.0.2.1 dev net1");

            CniExec.Result del = CniExec.run(inNode, with(env, "DEL"), conf);
            assertThat(del.exit()).as(del.stdout() + del.stderr()).isZero();
            assertThat(CniExec.run(inNode, with(env, "DEL"), conf).exit()).isZero();
        }
    }

    private static Map<String, String> with(Map<String, String> env, String command) {
        Map<String, String> m = new java.util.HashMap<>(env);
        m.put("CNI_COMMAND", command);
        return m;
    }
}
