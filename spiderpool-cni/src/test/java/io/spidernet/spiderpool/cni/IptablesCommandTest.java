package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.netlink.Netns;
import io.spidernet.spiderpool.netlink.testkit.NetnsFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    private static final List<List<String>> REPLY_RULES = List.of(
            List.of("-t", "mangle", "-A", "PREROUTING", "-i", "veth0", "-m", "conntrack", "--ctstate", "NEW", "-j", "MARK",
                    "--set-xmark", "0x1/0xffffffff"),
            List.of("-t", "mangle", "-A", "PREROUTING", "-m", "mark", "--mark", "0x1", "-j", "CONNMARK", "--save-mark",
                    "--nfmask", "0xffffffff", "--ctmask", "0xffffffff"),
            List.of("-t", "mangle", "-A", "OUTPUT", "-j", "CONNMARK", "--restore-mark", "--nfmask", "0xffffffff",
                    "--ctmask", "0xffffffff"));

    /** A batch costs one save and one restore in a fresh namespace, one save on a retry, and adds each rule once. */
    @Test
    void aBatchIsCheckedBySaveAndAddedByOneRestore(@TempDir Path dir) throws Exception {
        NetnsFixture.requireUsable();
        try (NetnsFixture pod = NetnsFixture.create("iptb")) {
            IptablesCommand logged = loggingIptables(dir);
            for (IpFamily family : IpFamily.values()) {
                String binary = family == IpFamily.V4 ? "iptables" : "ip6tables";
                Netns.run(pod.path(), () -> {
                    logged.ensureAll(family, REPLY_RULES);
                    return null;
                });
                assertThat(calls(dir)).as("fresh namespace").containsExactly(binary + "-save -t mangle",
                        binary + "-restore -w --noflush");
                Netns.run(pod.path(), () -> {
                    logged.ensureAll(family, REPLY_RULES); // a retried ADD
                    return null;
                });
                assertThat(calls(dir)).as("retry").containsExactly(binary + "-save -t mangle");

                String rules = run("ip", "netns", "exec", pod.name(), binary + "-save", "-t", "mangle");
                assertThat(rules.lines().filter(l -> l.startsWith("-A "))).as(rules).containsExactly(
                        REPLY_RULES.stream().map(r -> String.join(" ", r.subList(2, r.size()))).toArray(String[]::new));
            }
        }
    }

    /** A rule spelled otherwise than save prints it is found by -C, not added a second time. */
    @Test
    void aRuleSpelledDifferentlyIsCheckedWithDashC(@TempDir Path dir) throws Exception {
        NetnsFixture.requireUsable();
        List<String> shortMark = List.of("-t", "mangle", "-A", "PREROUTING", "-i", "veth0", "-m", "conntrack",
                "--ctstate", "NEW", "-j", "MARK", "--set-xmark", "0x1");
        try (NetnsFixture pod = NetnsFixture.create("iptc")) {
            IptablesCommand logged = loggingIptables(dir);
            Netns.run(pod.path(), () -> {
                logged.ensureAll(IpFamily.V4, List.of(shortMark));
                logged.ensureAll(IpFamily.V4, List.of(shortMark));
                return null;
            });
            assertThat(calls(dir)).containsExactly("iptables-save -t mangle", "iptables-restore -w --noflush",
                    "iptables-save -t mangle", "iptables -w -t mangle -C PREROUTING -i veth0 -m conntrack --ctstate NEW"
                            + " -j MARK --set-xmark 0x1");
            String rules = run("ip", "netns", "exec", pod.name(), "iptables-save", "-t", "mangle");
            assertThat(rules.lines().filter(l -> l.startsWith("-A "))).as(rules).hasSize(1);
        }
    }

    /** Words iptables-restore would split or unquote take the one-by-one path, unchanged. */
    @Test
    void aRuleWithBlanksInAWordIsAddedOneByOne(@TempDir Path dir) throws Exception {
        NetnsFixture.requireUsable();
        List<String> commented = List.of("-t", "mangle", "-A", "OUTPUT", "-m", "comment", "--comment", "two words",
                "-j", "ACCEPT");
        try (NetnsFixture pod = NetnsFixture.create("iptd")) {
            IptablesCommand logged = loggingIptables(dir);
            Netns.run(pod.path(), () -> {
                logged.ensureAll(IpFamily.V4, List.of(commented));
                return null;
            });
            assertThat(calls(dir)).containsExactly("iptables -w -t mangle -C OUTPUT -m comment --comment two words -j ACCEPT",
                    "iptables -w -t mangle -A OUTPUT -m comment --comment two words -j ACCEPT");
            assertThat(run("ip", "netns", "exec", pod.name(), "iptables-save", "-t", "mangle")).contains("\"two words\"");
        }
    }

    /**
     * An IptablesCommand whose PATH starts with wrappers that log each call (name and arguments,
     * one line) to {@code dir}/calls and run the real binary.
     */
    private static IptablesCommand loggingIptables(Path dir) throws IOException {
        for (String tool : List.of("iptables", "iptables-save", "iptables-restore", "ip6tables", "ip6tables-save",
                "ip6tables-restore")) {
            Path real = IPTABLES_DIRS.stream().map(d -> Path.of(d, tool)).filter(Files::isExecutable).findFirst()
                    .orElseThrow(() -> new IllegalStateException(tool + " is not installed: apt-get install iptables"));
            Path wrapper = dir.resolve(tool);
            Files.writeString(wrapper, "#!/bin/sh\necho \"" + tool + " $*\" >> " + dir.resolve("calls") + "\nexec " + real
                    + " \"$@\"\n");
            wrapper.toFile().setExecutable(true);
        }
        return new IptablesCommand(dir.toString());
    }

    private static final List<String> IPTABLES_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    /** The calls logged since the last look, which clears them. */
    private static List<String> calls(Path dir) throws IOException {
        Path log = dir.resolve("calls");
        if (!Files.exists(log)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(log);
        Files.delete(log);
        return lines;
    }

    @Test
    void aRuleTheKernelRefusesFailsWithIptablesOwnWords() throws Exception {
        NetnsFixture.requireUsable();
        try (NetnsFixture pod = NetnsFixture.create("iptbad")) {
            assertThatThrownBy(() -> Netns.run(pod.path(), () -> {
                iptables.ensure(IpFamily.V4, List.of("-t", "mangle", "-A", "NO-SUCH-CHAIN", "-j", "ACCEPT"));
                return null;
            })).isInstanceOf(IOException.class).hasMessageContaining("-A NO-SUCH-CHAIN -j ACCEPT").hasMessageContaining("exited");
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
