package io.spidernet.spiderpool.ctl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * PEM as kubeconfigs carry it: trust anchors for the API server's and the controller's certificates,
 * and the user's client certificate with its key (PKCS#8 "PRIVATE KEY", PKCS#1 "RSA PRIVATE KEY" or
 * SEC1 "EC PRIVATE KEY", unencrypted, as kubeadm and openssl write them), with the JDK only.
 */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final byte[] RSA_ENCRYPTION = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] DER_NULL = {0x05, 0x00};

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

    /** The unencrypted private key of {@code pem}: PKCS#8, PKCS#1 (RSA) or SEC1 (EC); other blocks such as EC PARAMETERS are skipped. */
    static PrivateKey privateKey(byte[] pem, String what) {
        Matcher m = BLOCK.matcher(new String(pem, StandardCharsets.US_ASCII));
        while (m.find()) {
            String type = m.group(1);
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(2));
            } catch (IllegalArgumentException e) {
                throw CtlException.usage(what + ": the " + type + " block is not base64");
            }
            PrivateKey key;
            try {
                key = switch (type) {
                    case "PRIVATE KEY" -> pkcs8(der, what);
                    case "RSA PRIVATE KEY" -> KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                            wrap(seq(RSA_ENCRYPTION, DER_NULL), der)));
                    case "EC PRIVATE KEY" -> KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                            wrap(seq(EC_PUBLIC_KEY, sec1Curve(der, what)), der)));
                    case "ENCRYPTED PRIVATE KEY" -> throw CtlException.usage(what + " is encrypted; spiderpoolctl reads unencrypted"
                            + " keys, as kubectl does: decrypt it with 'openssl pkey -in KEY -out PLAIN'");
                    default -> null;
                };
            } catch (GeneralSecurityException e) {
                throw CtlException.usage(what + ": the " + type + " block is not a key the JDK reads: " + e.getMessage());
            }
            if (key != null) {
                return key;
            }
        }
        throw CtlException.usage(what + " holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    private static PrivateKey pkcs8(byte[] der, String what) {
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // the next algorithm
            }
        }
        throw CtlException.usage(what + ": the PRIVATE KEY is neither RSA, EC nor EdDSA");
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

    /** The named curve of a SEC1 ECPrivateKey: SEQUENCE { INTEGER 1, OCTET STRING, [0] { OID }, [1] {...} }. */
    private static byte[] sec1Curve(byte[] der, String what) {
        Der key = Der.read(der, 0, what);
        if (key.tag != 0x30) {
            throw CtlException.usage(what + ": the EC PRIVATE KEY is not a SEC1 structure");
        }
        int at = key.start;
        while (at < key.end) {
            Der field = Der.read(der, at, what);
            if (field.tag == (byte) 0xa0) {
                Der oid = Der.read(der, field.start, what);
                if (oid.tag == 0x06) {
                    return Arrays.copyOfRange(der, field.start, oid.end);
                }
            }
            at = field.end;
        }
        throw CtlException.usage(what + ": the EC PRIVATE KEY names no curve; write it with 'openssl ec -in KEY -out KEY'"
                + " or as PKCS#8 with 'openssl pkcs8 -topk8 -nocrypt'");
    }

    /** PKCS#8 PrivateKeyInfo: SEQUENCE { INTEGER 0, algorithm, OCTET STRING key }. */
    private static byte[] wrap(byte[] algorithm, byte[] key) {
        return tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00}, algorithm, tlv(0x04, key)));
    }

    private static byte[] seq(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** One DER element of {@code der} at {@code at}: its tag and where its content starts and the element ends. */
    private record Der(byte tag, int start, int end) {
        static Der read(byte[] der, int at, String what) {
            if (at + 2 > der.length) {
                throw CtlException.usage(what + ": truncated key");
            }
            int len = der[at + 1] & 0xff;
            int start = at + 2;
            if (len >= 0x80) {
                int bytes = len & 0x7f;
                if (bytes == 0 || bytes > 3 || start + bytes > der.length) {
                    throw CtlException.usage(what + ": malformed key");
                }
                len = 0;
                for (int i = 0; i < bytes; i++) {
                    len = (len << 8) | (der[start + i] & 0xff);
                }
                start += bytes;
            }
            if (start + len > der.length) {
                throw CtlException.usage(what + ": truncated key");
            }
            return new Der(der[at], start, start + len);
        }
    }
}
