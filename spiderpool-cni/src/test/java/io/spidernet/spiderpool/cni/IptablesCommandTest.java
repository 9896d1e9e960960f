package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.netlink.Netns;
import io.spidernet.spiderpool.netlink.testkit.NetnsFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The CONNMARK rules are written by running iptables as a child of the thread that entered the
 * pod's namespace: these tests prove the child really acts there (and not in the test's own
 * namespace), and that a second ensure does not append the rule twice.
 */
class IptablesCommandTest {
    private final IptablesCommand iptables = new IptablesCommand(System.getenv().getOrDefault("PATH", ""));

    @Test
    void aChildStartedFromTheNetnsThreadChangesThatNamespaceOnly() throws Exception {
        NetnsFixture.requireUsable();
        String tag = "spcni-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> rule = List.of("-t", "mangle", "-A", "OUTPUT", "-m", "comment", "--comment", tag,
                "-j", "CONNMARK", "--restore-mark");
        try (NetnsFixture pod = NetnsFixture.create("ipt")) {
            for (IpFamily family : IpFamily.values()) {
                Netns.run(pod.path(), () -> {
                    iptables.ensure(family, rule);
                    iptables.ensure(family, rule); // a retried ADD
                    return null;
                });
                String binary = family == IpFamily.V4 ? "iptables" : "ip6tables";
                String inPod = run("ip", "netns", "exec", pod.name(), binary, "-w", "-t", "mangle", "-S", "OUTPUT");
                String here = run(binary, "-w", "-t", "mangle", "-S", "OUTPUT");

                assertThat(inPod.lines().filter(l -> l.contains(tag))).as(inPod).singleElement().asString()
                        .contains("CONNMARK --restore-mark");
                assertThat(here).doesNotContain(tag);
            }
        }
    }

    @Test
    void aRuleTheKernelRefusesFailsWithIptablesOwnWords() throws Exception {
        NetnsFixture.requireUsable();
        try (NetnsFixture pod = NetnsFixture.create("iptbad")) {
            assertThatThrownBy(() -> Netns.run(pod.path(), () -> {
                iptables.ensure(IpFamily.V4, List.of("-t", "mangle", "-A", "NO-SUCH-CHAIN", "-j", "ACCEPT"));
                return null;
            })).isInstanceOf(IOException.class).hasMessageContaining("iptables -t mangle -A NO-SUCH-CHAIN -j ACCEPT exited");
        }
    }

    @Test
    void refusesAnOpThatDoesNotAppend() {
        assertThatThrownBy(() -> iptables.ensure(IpFamily.V4, List.of("-t", "mangle", "-D", "OUTPUT", "-j", "ACCEPT")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must append with -A");
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
