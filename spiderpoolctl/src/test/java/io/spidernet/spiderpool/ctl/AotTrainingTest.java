package io.spidernet.spiderpool.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's AOT training workloads still run every command to the status it must end with (a
 * command that started failing early would leave its classes out of the cache), with a key made as
 * src/package/build-ctl-tree.sh makes it.
 */
class AotTrainingTest {
    @TempDir
    Path dir;

    @Test
    void localWorkloadRunsWithoutAServer() throws Exception {
        AotTraining.run(dir, "local");
    }

    @Test
    void remoteWorkloadGetsPoolsOverTlsFromItsThrowawayServer() throws Exception {
        keytool("-genkeypair", "-alias", "training", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=spiderpool-controller.kube-system.svc", "-ext", "san=dns:spiderpool-controller.kube-system.svc",
                "-keystore", dir.resolve("server.p12").toString(), "-storetype", "PKCS12", "-storepass", "training");
        keytool("-exportcert", "-rfc", "-alias", "training", "-keystore", dir.resolve("server.p12").toString(), "-storepass", "training",
                "-file", dir.resolve("ca.crt").toString());
        AotTraining.run(dir, "remote");
        assertThat(dir.resolve("kubeconfig")).content().contains("token: training-token");
    }

    @Test
    void remoteWorkloadFailsWithoutItsKey() {
        assertThatThrownBy(() -> AotTraining.run(dir, "remote")).hasMessageContaining("server.p12");
    }

    private static void keytool(String... args) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        assertThat(Files.isExecutable(keytool)).as("keytool in %s (tests run on a full JDK)", keytool).isTrue();
        Process p = new ProcessBuilder(concat(keytool.toString(), args)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("keytool: %s", out).isZero();
    }

    private static List<String> concat(String first, String... rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), java.util.stream.Stream.of(rest)).toList();
    }
}
