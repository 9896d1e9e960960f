package io.spidernet.spiderpool.ctl;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * PEM certificates as kubeconfigs carry them: trust anchors for the API server's and the
 * controller's certificates, and the user's client certificate presented with its key (read by
 * {@link PrivateKeyPem}).
 */
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

    /** A TLS context that trusts exactly the certificates of {@code pem} and presents {@code client} when asked (null: none). */
    static SSLContext trusting(byte[] pem, String what, KeyManager client) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            X509Certificate[] certs = certificates(pem, what);
            for (int i = 0; i < certs.length; i++) {
                store.setCertificateEntry("ca-" + i, certs[i]);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return context(tmf.getTrustManagers(), client);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a TLS context from " + what + ": " + e.getMessage(), e);
        }
    }

    static SSLContext context(TrustManager[] trust, KeyManager client) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(client == null ? null : new KeyManager[] {client}, trust, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * A key manager that always presents {@code chain}: the JDK's own sends nothing when the server
     * names CAs in its request that did not sign it, and the controller is to say why it refuses.
     * The key must belong to the certificate, checked here so that a mismatch is named, not a
     * handshake failure.
     */
    static X509ExtendedKeyManager presenting(X509Certificate[] chain, PrivateKey key, String what) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        try {
            byte[] probe = "spiderpoolctl".getBytes(StandardCharsets.US_ASCII);
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(key);
            sign.update(probe);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(chain[0].getPublicKey());
            verify.update(probe);
            if (!verify.verify(signature)) {
                throw CtlException.usage(what + ": the client-key is not the key of the client-certificate");
            }
        } catch (GeneralSecurityException e) {
            throw CtlException.usage(what + ": the client-key is not the key of the client-certificate (" + e.getMessage() + ")");
        }
        X509Certificate[] copy = Arrays.copyOf(chain, chain.length);
        return new X509ExtendedKeyManager() {
            @Override
            public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
                return "user";
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return "user";
            }

            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[] {"user"};
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return copy.clone();
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return key;
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return null;
            }
        };
    }
}
