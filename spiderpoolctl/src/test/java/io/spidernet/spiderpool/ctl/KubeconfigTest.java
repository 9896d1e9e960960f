package io.spidernet.spiderpool.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A kubeconfig user's credentials as kubectl reads them: token, client certificate inline or beside the file, or both. */
class KubeconfigTest {
    private static final Path FIXTURES = Path.of("src/test/resources/client-cert").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void inlineCertificateAndKeyDataAreTheUsersCertificate() throws IOException {
        Kubeconfig k = load("{client-certificate-data: %s, client-key-data: %s}".formatted(base64("carol.crt"), base64("carol.key")), null);

        assertThat(k.token()).isNull();
        assertThat(k.clientCertificate().chain()[0].getSubjectX500Principal().getName()).isEqualTo("CN=carol,O=ops,O=spiderpool-admins");
        assertThat(k.keyManager().getPrivateKey("user").getAlgorithm()).isEqualTo("RSA");
        assertThat(k.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void filesAreReadRelativeToTheKubeconfigAndATokenBesideThemIsKept() throws IOException {
        Files.copy(FIXTURES.resolve("dave.crt"), dir.resolve("dave.crt"));
        Files.copy(FIXTURES.resolve("dave.key"), dir.resolve("dave.key"));

        Kubeconfig k = load("{client-certificate: dave.crt, client-key: dave.key, token: t0k}", null);

        assertThat(k.token()).isEqualTo("t0k");
        assertThat(k.keyManager().getCertificateChain("user")[0].getSubjectX500Principal().getName()).isEqualTo("CN=dave");
    }

    @Test
    void spiderpoolctlTokenReplacesTheCertificateToo() throws IOException {
        Kubeconfig k = load("{client-certificate-data: %s, client-key-data: %s}".formatted(base64("dave.crt"), base64("dave.key")),
                "override");

        assertThat(k.token()).isEqualTo("override");
        assertThat(k.clientCertificate()).isNull();
    }

    @Test
    void aCertificateWithoutItsKeyIsAUsageError() throws IOException {
        assertThatThrownBy(() -> load("{client-certificate-data: %s}".formatted(base64("dave.crt")), null))
                .isInstanceOfSatisfying(CtlException.class, e -> {
                    assertThat(e.exit()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.getMessage()).contains("kubeconfig user u", "has a client-certificate but no client-key");
                });
        assertThatThrownBy(() -> load("{client-certificate-data: %s, client-key-data: %s}".formatted(base64("mallory.crt"),
                base64("dave.key")), null)).hasMessageContaining("the client-key is not the key of the client-certificate");
    }

    private Kubeconfig load(String user, String tokenOverride) throws IOException {
        Path file = dir.resolve("config");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                current-context: test
                clusters:
                - name: c
                  cluster: {server: "https://127.0.0.1:6443"}
                contexts:
                - name: test
                  context: {cluster: c, user: u}
                users:
                - name: u
                  user: %s
                """.formatted(user));
        return Kubeconfig.load(file, null, tokenOverride);
    }

    private static String base64(String fixture) throws IOException {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(FIXTURES.resolve(fixture)));
    }
}
