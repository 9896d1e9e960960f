package io.spidernet.spiderpool.ctl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kubeconfig user's client-key: PKCS#8 "PRIVATE KEY", PKCS#1 "RSA PRIVATE KEY" or SEC1 "EC PRIVATE
 * KEY", unencrypted, as kubeadm and openssl write them. The JDK reads only PKCS#8, so the other two
 * are wrapped in a PKCS#8 envelope naming their algorithm (and, for EC, the curve the SEC1 key names).
 */
final class PrivateKeyPem {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final byte[] RSA_ENCRYPTION = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] DER_NULL = {0x05, 0x00};

    private PrivateKeyPem() {
    }

    /** The unencrypted private key of {@code pem}: PKCS#8, PKCS#1 (RSA) or SEC1 (EC); other blocks such as EC PARAMETERS are skipped. */
    static PrivateKey read(byte[] pem, String what) {
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
