package io.spidernet.spiderpool.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Client keys ({@link PrivateKeyPem}) in the formats openssl and kubeadm write (fixtures made by
 * src/test/resources/client-cert/make.sh): each read, and shown to be the certificate's key; keys
 * that cannot serve are refused saying why.
 */
class PemTest {
    private static final Path FIXTURES = Path.of("src/test/resources/client-cert");

    @ParameterizedTest
    @CsvSource({"carol.key, carol.crt, RSA", "carol.pkcs8.key, carol.crt, RSA", "dave.key, dave.crt, EC", "dave.pkcs8.key, dave.crt, EC"})
    void eachKeyFormatIsReadAndMatchesItsCertificate(String keyFile, String certFile, String algorithm) throws IOException {
        PrivateKey key = PrivateKeyPem.read(Files.readAllBytes(FIXTURES.resolve(keyFile)), keyFile);
        X509Certificate[] chain = Pem.certificates(Files.readAllBytes(FIXTURES.resolve(certFile)), certFile);

        assertThat(key.getAlgorithm()).isEqualTo(algorithm);
        assertThat(key).isInstanceOf(algorithm.equals("RSA") ? RSAPrivateKey.class : ECPrivateKey.class);
        assertThat(Pem.presenting(chain, key, keyFile).getCertificateChain("user")).containsExactly(chain);
    }

    @Test
    void theSameKeyInPkcs1AndPkcs8IsTheSameKey() throws IOException {
        assertThat(PrivateKeyPem.read(Files.readAllBytes(FIXTURES.resolve("carol.key")), "a").getEncoded())
                .isEqualTo(PrivateKeyPem.read(Files.readAllBytes(FIXTURES.resolve("carol.pkcs8.key")), "b").getEncoded());
        assertThat(((ECPrivateKey) PrivateKeyPem.read(Files.readAllBytes(FIXTURES.resolve("dave.key")), "a")).getS())
                .isEqualTo(((ECPrivateKey) PrivateKeyPem.read(Files.readAllBytes(FIXTURES.resolve("dave.pkcs8.key")), "b")).getS());
    }

    @Test
    void aKeyOfAnotherCertificateIsNamedAsSuch() throws IOException {
        PrivateKey dave = PrivateKeyPem.read(Files.readAllBytes(FIXTURES.resolve("dave.key")), "dave.key");
        X509Certificate[] mallory = Pem.certificates(Files.readAllBytes(FIXTURES.resolve("mallory.crt")), "mallory.crt");

        assertThatThrownBy(() -> Pem.presenting(mallory, dave, "user m"))
                .hasMessageContaining("user m: the client-key is not the key of the client-certificate");
    }

    @Test
    void encryptedMissingAndGarbledKeysAreUsageErrorsSayingWhy() throws IOException {
        assertThatThrownBy(() -> PrivateKeyPem.read("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"
                .getBytes(), "k")).isInstanceOfSatisfying(CtlException.class, e -> {
                    assertThat(e.exit()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.getMessage()).contains("k is encrypted", "openssl pkey");
                });
        assertThatThrownBy(() -> PrivateKeyPem.read(Files.readAllBytes(FIXTURES.resolve("carol.crt")), "k"))
                .hasMessageContaining("k holds no PEM private key");
        String garbled = "-----BEGIN EC PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(new byte[] {0x30, 0x7f, 0x02})
                + "\n-----END EC PRIVATE KEY-----\n";
        assertThatThrownBy(() -> PrivateKeyPem.read(garbled.getBytes(), "k")).hasMessageContaining("k: truncated key");
    }
}
