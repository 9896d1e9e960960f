package io.spidernet.spiderpool.controller.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** The key manager behind the webhook port: the key of the certificate current at each handshake, in the PEM forms keys come in. */
class ServingKeyManagerTest {

    @Test
    void aHandshakeThatChoseItsAliasBeforeASwapGetsTheKeyAndChainOfThatAlias() {
        TlsMaterial first = CertificateAuthority.issue(List.of("a.svc"), Instant.now(), Duration.ofDays(1));
        TlsMaterial second = CertificateAuthority.issue(List.of("a.svc"), Instant.now(), Duration.ofDays(2));
        ServingCertificate serving = new ServingCertificate(first);
        ServingKeyManager keys = ServingKeyManager.following(serving);
        String before = keys.chooseEngineServerAlias("EC", null, null);

        serving.replace(second);
        String after = keys.chooseEngineServerAlias("EC", null, null);

        assertThat(keys.getCertificateChain(before)[0]).isEqualTo(first.certificate());
        assertThat(keys.getCertificateChain(after)[0]).isEqualTo(second.certificate());
        assertThat(keys.chooseEngineServerAlias("RSA", null, null)).as("an EC key serves no RSA suite").isNull();
    }

    @Test
    void aProvidedRsaKeyInPkcs1PemIsServed() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        X500Name name = new X500Name("CN=provided");
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                new Date(), Date.from(Instant.now().plus(Duration.ofDays(1))), name, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        StringWriter key = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(key)) {
            w.writeObject(pair);  // "RSA PRIVATE KEY": PKCS#1, as openssl and older tools write it
        }
        String certPem = TlsMaterial.pem("CERTIFICATE", cert.getEncoded());
        assertThat(key.toString()).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        ServingKeyManager keys = ServingKeyManager.following(new ServingCertificate(new TlsMaterial(certPem, certPem, key.toString())));
        String alias = keys.chooseEngineServerAlias("RSA", null, null);

        assertThat(keys.getPrivateKey(alias)).isEqualTo(pair.getPrivate());
        assertThat(keys.getCertificateChain(alias)).containsExactly(cert);
    }
}
