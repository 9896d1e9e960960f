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
 * What a TLS server needs, as PEM text: its certificate and key, and the CAs its clients must trust
 * ({@code caBundle}): the CA that signed the certificate first, then older CAs kept while a
 * renewal spreads. Checks read the first certificate of {@link #certPem()}. {@link #toString()}
 * names the certificate only: a record would print the key.
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

    /** The CA that signed the certificate: the first of {@link #caPem()}. */
    public X509Certificate caCertificate() {
        return parse(caPem);
    }

    /** Every CA of {@link #caPem()}, in order. */
    public List<X509Certificate> caCertificates() {
        return parseAll(caPem);
    }

    /** The same certificate and key, trusted through {@code caPem} instead. */
    TlsMaterial withCas(String caPem) {
        return new TlsMaterial(caPem, certPem, keyPem);
    }

    /** The subject and expiry of the certificate, and how many CAs come with it; never the key. */
    @Override
    public String toString() {
        try {
            X509Certificate cert = certificate();
            return "TlsMaterial[" + cert.getSubjectX500Principal().getName() + ", expires " + cert.getNotAfter().toInstant()
                    + ", " + caCertificates().size() + " CA(s)]";
        } catch (IllegalArgumentException e) {
            return "TlsMaterial[unreadable certificate]";
        }
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

    static List<X509Certificate> parseAll(String pem) {
        try {
            return CertificateFactory.getInstance("X.509").generateCertificates(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream().map(c -> (X509Certificate) c).toList();
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not PEM certificates: " + e.getMessage(), e);
        }
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
