package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.IpConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ADD whose addresses have no detection switched on must not load the netlink module: binding
 * native calls and loading those classes costs start-up time on every pod (see CniMain). Runs
 * the plugin's main in a fresh JVM with class loading logged, against the fake agent.
 */
class DetectionClassLoadingTest {
    @TempDir
    Path dir;

    String loadedClassesOfAnAdd(boolean detection) throws Exception {
        IpConfig ip = IpConfig.newBuilder().setVersion(4).setAddress("192.0.2.10/24").setNic("net1")
                .setGateway("192.0.2.1").setEnableIpConflictDetection(detection).build();
        try (FakeAgent agent = new FakeAgent(dir.resolve("agent.sock"))) {
            agent.answer(AgentClient.ALLOCATE, new FakeAgent.Respond(AllocateResponse.newBuilder().addIps(ip).build()));
            Path log = dir.resolve("classes-" + detection + ".log");
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-Xlog:class+load=info:file=" + log, "-cp",
                    System.getProperty("java.class.path"), CniMain.class.getName());
            Map<String, String> env = pb.environment();
            env.clear();
            env.putAll(Invocations.env("ADD", "net1"));
            env.put("CNI_NETNS", dir.resolve("no-such-netns").toString());
            Process p = pb.redirectErrorStream(true).start();
            p.getOutputStream().write(Invocations.netconf("1.0.0", agent.socket(), "").getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isEqualTo(detection ? 1 : 0);
            return Files.readString(log);
        }
    }

    @Test
    void anAddWithoutDetectionLoadsNoNetlinkClass() throws Exception {
        assertThat(loadedClassesOfAnAdd(false)).doesNotContain("io.spidernet.spiderpool.netlink.")
                .doesNotContain("io.spidernet.spiderpool.cni.PodLink").doesNotContain("ProbeLoop");
    }

    /** The counter-check: the same run with detection on does reach the netlink module. */
    @Test
    void anAddWithDetectionDoesLoadIt() throws Exception {
        assertThat(loadedClassesOfAnAdd(true)).contains("io.spidernet.spiderpool.netlink.Netns");
    }
}
