package io.spidernet.spiderpool.ctl;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Trust anchors from a PEM bundle, for the API server's and the controller's certificates. */
final class Pem {
    private Pem() {
    }

    static X509Certificate[] certificates(byte[] pem, String what) {
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
            if (certs.isEmpty()) {
                throw CtlException.usage(what + " holds no PEM certificate");
            }
            return certs.toArray(new X509Certificate[0]);
        } catch (CertificateException e) {
            throw CtlException.usage(what + " is not a PEM certificate bundle: " + e.getMessage());
        }
    }

    /** A TLS context that trusts exactly the certificates of {@code pem}. */
    static SSLContext trusting(byte[] pem, String what) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            X509Certificate[] certs = certificates(pem, what);
            for (int i = 0; i < certs.length; i++) {
                store.setCertificateEntry("ca-" + i, certs[i]);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a TLS context from " + what + ": " + e.getMessage(), e);
        }
    }
}
