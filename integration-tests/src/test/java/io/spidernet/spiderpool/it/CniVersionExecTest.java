package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.cni.JsonReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The spiderpool binary exec'd as a process answers VERSION the way the reference plugins of the
 * same machine do, and tells the runtime to try again later when no agent listens.
 */
class CniVersionExecTest {
    private static final Path REFERENCE_PLUGIN = Path.of("/usr/lib/cni/host-local");
    private static final String CONF = "{\"cniVersion\":\"0.4.0\",\"name\":\"net\",\"type\":\"macvlan\","
            + "\"ipam\":{\"type\":\"spiderpool\"}}";

    @Test
    void versionReplyHasTheShapeOfTheReferencePlugins() throws Exception {
        CniExec.Result ours = CniExec.run(CniExec.spiderpoolCommand(), Map.of("CNI_COMMAND", "VERSION"), CONF);

        assertThat(ours.exit()).as(ours.stderr()).isZero();
        Map<String, Object> reply = JsonReader.parseObject(ours.stdout());
        assertThat(reply).containsEntry("cniVersion", "0.4.0");
        assertThat(reply.get("supportedVersions")).isEqualTo(List.of("0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"));

        if (!Files.isExecutable(REFERENCE_PLUGIN)) {
            System.out.println("SKIP reference comparison: " + REFERENCE_PLUGIN
                    + " is missing (apt-get install containernetworking-plugins; .ci/run does)");
            Assumptions.abort(REFERENCE_PLUGIN + " is not installed");
        }
        CniExec.Result reference = CniExec.run(List.of(REFERENCE_PLUGIN.toString()), Map.of("CNI_COMMAND", "VERSION"), CONF);
        assertThat(JsonReader.parseObject(reference.stdout()).keySet()).isEqualTo(reply.keySet());
    }

    @Test
    void withoutAnAgentAddIsTryAgainLaterNamingTheSocket() throws Exception {
        String conf = CONF.replace("\"spiderpool\"", "\"spiderpool\",\"ipam_unix_socket_path\":\"/nonexistent/agent.sock\"");
        CniExec.Result r = CniExec.run(CniExec.spiderpoolCommand(), Map.of("CNI_COMMAND", "ADD",
                "CNI_CONTAINERID", "c1", "CNI_NETNS", "/var/run/netns/x", "CNI_IFNAME", "eth0"), conf);

        assertThat(r.exit()).isEqualTo(1);
        Map<String, Object> err = JsonReader.parseObject(r.stdout());
        assertThat(err).containsKeys("cniVersion", "code", "msg");
        assertThat(((Number) err.get("code")).intValue()).isEqualTo(11);
        assertThat(r.stdout()).contains("/nonexistent/agent.sock");
    }
}
