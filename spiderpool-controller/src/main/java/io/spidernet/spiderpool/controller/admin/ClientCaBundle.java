package io.spidernet.spiderpool.controller.admin;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The CAs that sign the cluster's client certificates, as kube-apiserver publishes them for
 * aggregated API servers: the {@code client-ca-file} key of ConfigMap
 * kube-system/extension-apiserver-authentication. Either some certificates, or why there are none;
 * with none, client certificates are not accepted and the refusal says why.
 */
public record ClientCaBundle(List<X509Certificate> certificates, String absence) {
    public static final String NAMESPACE = "kube-system";
    public static final String CONFIG_MAP = "extension-apiserver-authentication";
    public static final String KEY = "client-ca-file";
    public static final String SOURCE = "the " + KEY + " of ConfigMap " + NAMESPACE + "/" + CONFIG_MAP;
    /** A bundle of a few CAs is a few KiB; a ConfigMap may hold 1 MiB, which is not a CA bundle. */
    static final int MAX_CHARS = 256 << 10;
    static final int MAX_CERTIFICATES = 64;

    public ClientCaBundle {
        certificates = List.copyOf(certificates);
    }

    public static ClientCaBundle none(String why) {
        return new ClientCaBundle(List.of(), why);
    }

    public boolean present() {
        return !certificates.isEmpty();
    }

    /** The bundle of a {@code client-ca-file} value (null when the key is missing), or why it cannot serve. */
    public static ClientCaBundle parse(String pem) {
        if (pem == null || pem.isBlank()) {
            return none("ConfigMap " + NAMESPACE + "/" + CONFIG_MAP + " has no " + KEY
                    + " (kube-apiserver writes it when started with --client-ca-file)");
        }
        if (pem.length() > MAX_CHARS) {
            return none(SOURCE + " is " + pem.length() + " characters long, more than the " + MAX_CHARS + " read");
        }
        try {
            List<X509Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                    .map(X509Certificate.class::cast).toList();
            if (certs.isEmpty()) {
                return none(SOURCE + " holds no PEM certificate");
            }
            if (certs.size() > MAX_CERTIFICATES) {
                return none(SOURCE + " holds " + certs.size() + " certificates, more than the " + MAX_CERTIFICATES + " read");
            }
            return new ClientCaBundle(certs, null);
        } catch (CertificateException | ClassCastException e) {
            return none(SOURCE + " is not a PEM certificate bundle: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return present() ? certificates.size() + " client CA certificate(s) from " + SOURCE : "no client CA: " + absence;
    }
}
