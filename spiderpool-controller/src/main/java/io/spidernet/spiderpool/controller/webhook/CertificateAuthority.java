package io.spidernet.spiderpool.controller.webhook;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues a fresh self-signed CA and a serving certificate it signs, as Helm's {@code tls.method:
 * auto} does. The CA key is discarded: a renewal issues a new pair, so nothing needs to keep it.
 * P-256 keys, because the API server accepts them and they are generated in milliseconds.
 */
final class CertificateAuthority {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The subject of every automatic CA, as {@code X500Principal#getName()} prints it. */
    static final String CA_NAME = "CN=spiderpool-controller-webhook-ca";

    private CertificateAuthority() {}

    /** @param dnsNames the serving certificate's names; the first is also its common name */
    static TlsMaterial issue(List<String> dnsNames, Instant now, Duration validity) {
        try {
            KeyPair caKeys = keyPair();
            KeyPair serverKeys = keyPair();
            Date from = Date.from(now.minus(Duration.ofHours(1)));  // tolerate clocks a little behind ours
            Date until = Date.from(now.plus(validity));
            X500Name caName = new X500Name(CA_NAME);
            X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, serial(), from, until, caName, caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            GeneralNames sans = new GeneralNames(dnsNames.stream().map(n -> new GeneralName(GeneralName.dNSName, n))
                    .toArray(GeneralName[]::new));
            X509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(caName, serial(), from, until,
                    new X500Name("CN=" + dnsNames.getFirst()), serverKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, sans);
            return new TlsMaterial(
                    TlsMaterial.pem("CERTIFICATE", sign(ca, caKeys.getPrivate()).getEncoded()),
                    TlsMaterial.pem("CERTIFICATE", sign(server, caKeys.getPrivate()).getEncoded()),
                    TlsMaterial.pem("PRIVATE KEY", serverKeys.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot issue the webhook certificate: " + e.getMessage(), e);
        }
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey caKey)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey)));
    }
}
