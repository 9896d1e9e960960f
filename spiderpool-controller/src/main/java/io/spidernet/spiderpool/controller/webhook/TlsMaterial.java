package io.spidernet.spiderpool.controller.webhook;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What the webhook server needs, as PEM text: its certificate and key, and the CA the API server
 * must trust ({@code caBundle}). Checks read the first certificate of {@link #certPem()}.
 */
public record TlsMaterial(String caPem, String certPem, String keyPem) {

    public TlsMaterial {
        Objects.requireNonNull(caPem, "caPem");
        Objects.requireNonNull(certPem, "certPem");
        Objects.requireNonNull(keyPem, "keyPem");
    }

    /** PEM armour around DER bytes. */
    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    public X509Certificate certificate() {
        return parse(certPem);
    }

    public X509Certificate caCertificate() {
        return parse(caPem);
    }

    /**
     * Whether this can serve {@code dnsName} until {@code until}: it parses, names the host among
     * its subject alternative names, is signed by the CA, and does not expire before then.
     */
    public boolean serves(String dnsName, Instant until) {
        try {
            X509Certificate cert = certificate();
            cert.verify(caCertificate().getPublicKey());
            return cert.getNotAfter().toInstant().isAfter(until) && dnsNames(cert).contains(dnsName) && !keyPem.isBlank();
        } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
            return false;
        }
    }

    static List<String> dnsNames(X509Certificate cert) throws CertificateParsingException {
        Collection<List<?>> names = cert.getSubjectAlternativeNames();
        return names == null ? List.of() : names.stream().filter(n -> Integer.valueOf(2).equals(n.get(0)))
                .map(n -> String.valueOf(n.get(1))).toList();
    }

    private static X509Certificate parse(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
        }
    }
}
