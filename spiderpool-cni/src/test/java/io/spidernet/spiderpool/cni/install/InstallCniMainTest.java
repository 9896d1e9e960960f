package io.spidernet.spiderpool.cni.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The command line: what is refused with exit 2 and a message naming the fix, and what it means when accepted. */
class InstallCniMainTest {
    static List<Arguments> badCommandLines() {
        return List.of(
                Arguments.of(List.of(), "--source DIR is required"),
                Arguments.of(List.of("--source", "/opt/spiderpool/cni"), "--target DIR is required"),
                Arguments.of(List.of("--source", "/s", "--target", "/t", "--force"), "unknown argument '--force'"),
                Arguments.of(List.of("--source", "/s", "--target"), "--target needs a value"),
                Arguments.of(List.of("--source", "/s", "--source=/x", "--target", "/t"), "--source is given twice"),
                Arguments.of(List.of("--source", "relative/dir", "--target", "/t"), "must be an absolute path"),
                Arguments.of(List.of("--source", "/", "--target", "/t"), "must not be the root directory"),
                Arguments.of(List.of("--source", "/s", "--target", "/" + "x".repeat(5000)), "1 to 4096 characters"),
                Arguments.of(List.of("--source", "/opt/x", "--target", "/opt/x/bin"), "overlap"),
                Arguments.of(List.of("--source", "/s", "--target", "/t", "--cleanup-after=ten"), "whole number of seconds"),
                Arguments.of(List.of("--source", "/s", "--target", "/t", "--cleanup-after=-1"), "whole number of seconds"),
                Arguments.of(List.of("--source", "/s", "--target", "/t", "--cleanup-after=604801"), "from 0 to 604800"),
                Arguments.of(List.of("--source", "/s", "--target", "/t", "--conf-dir", "/c"), "--conf-dir is given without --conf-source"),
                Arguments.of(List.of("--source", "/s", "--target", "/t", "--conf-source", "/a.conflist"), "needs --conf-dir"),
                Arguments.of(List.of("--source", "/s", "--target", "/t", "--conf-source", "/a.conf", "--conf-dir", "/c",
                        "--conf-name", "../10-x.conf"), "not a plain file name"),
                Arguments.of(List.of("--source", "/s", "--target", "/t", "--conf-source", "/a.yaml", "--conf-dir", "/c"),
                        "ending in .conf, .conflist or .json"),
                Arguments.of(java.util.Collections.nCopies(40, "--source"), "at most 32"));
    }

    @ParameterizedTest
    @MethodSource("badCommandLines")
    void aBadCommandLineExitsWith2AndSaysWhatToChange(List<String> args, String message) {
        Run r = run(args);

        assertThat(r.status).isEqualTo(InstallCniMain.BAD_COMMAND_LINE);
        assertThat(r.err).contains(message).contains("usage: install-cni");
        assertThat(r.out).isEmpty();
    }

    @Test
    void helpPrintsTheUsageAndExits0() {
        Run r = run(List.of("--help"));

        assertThat(r.status).isZero();
        assertThat(r.out).startsWith("usage: install-cni --source DIR --target DIR").contains("exit status: 0");
    }

    @Test
    void theAgentImagesCommandLineParsesWithItsDefaults() throws BadCommandLine {
        InstallOptions o = InstallOptions.parse(List.of("--source", "/opt/spiderpool/cni", "--target", "/host/opt/cni/bin/"));

        assertThat(o.source()).isEqualTo(Path.of("/opt/spiderpool/cni"));
        assertThat(o.target()).isEqualTo(Path.of("/host/opt/cni/bin"));
        assertThat(o.cleanupAfter()).hasSeconds(600);
        assertThat(o.conf()).isEmpty();

        InstallOptions withConf = InstallOptions.parse(List.of("--source=/opt/spiderpool/cni", "--target=/host/opt/cni/bin",
                "--cleanup-after=0", "--conf-source", "/etc/spiderpool/10-macvlan.conflist", "--conf-dir", "/host/etc/cni/net.d"));
        assertThat(withConf.cleanupAfter()).isZero();
        assertThat(withConf.conf()).contains(new InstallOptions.ConfFile(Path.of("/etc/spiderpool/10-macvlan.conflist"),
                Path.of("/host/etc/cni/net.d"), "10-macvlan.conflist"));
    }

    @Test
    void aMissingSourceExitsWith1NamingIt() {
        Run r = run(List.of("--source", "/nonexistent/spiderpool/cni", "--target", "/tmp"));

        assertThat(r.status).isEqualTo(InstallCniMain.FAILED);
        assertThat(r.err).contains("--source /nonexistent/spiderpool/cni does not exist");
    }

    private record Run(int status, String out, String err) {}

    private static Run run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = InstallCniMain.run(args, new CniInstaller(InstallLimits.DEFAULT, Clock.systemUTC(), TreeRules.PLUGINS),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
