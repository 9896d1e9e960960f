package io.spidernet.spiderpool.controller.webhook;

import java.io.IOException;
import java.io.StringReader;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A key manager that presents the {@link ServingCertificate}'s current certificate in every new
 * handshake, so a TLS server built on it once (Vert.x: {@code KeyCertOptions.wrap(keyManager)})
 * serves a renewal from its next connection on, without a restart. Chosen over Vert.x's
 * {@code HttpServer#updateSSLOptions}, which in Vert.x 4.5 fails the handshakes of connections
 * accepted while the new context is being built (the server's context future is read before it
 * completes). Keys are PKCS#8, PKCS#1 or SEC1 PEM, as provided certificates come.
 */
public final class ServingKeyManager extends X509ExtendedKeyManager {
    /** One certificate under its own alias: a handshake asks for the key and the chain separately, by alias. */
    private record Entry(String alias, PrivateKey key, X509Certificate[] chain) {}

    private final AtomicLong generation = new AtomicLong();
    private volatile Entry entry;
    private volatile Entry previous;  // for a handshake that chose its alias just before a swap

    private ServingKeyManager(TlsMaterial tls) {
        entry = entry(tls, 0);
        previous = entry;
    }

    /** Presents {@code serving}'s certificate now and each one it changes to. */
    public static ServingKeyManager following(ServingCertificate serving) {
        ServingKeyManager keys = new ServingKeyManager(serving.current());
        serving.onChange(keys::use);
        return keys;
    }

    private synchronized void use(TlsMaterial tls) {
        Entry next = entry(tls, generation.incrementAndGet());
        previous = entry;
        entry = next;
    }

    private Entry entry(String alias) {
        Entry now = entry;
        Entry before = previous;
        return now.alias().equals(alias) ? now : before.alias().equals(alias) ? before : null;
    }

    private static Entry entry(TlsMaterial tls, long generation) {
        try (PEMParser pem = new PEMParser(new StringReader(tls.keyPem()))) {
            Object read = pem.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            PrivateKey key = switch (read) {
                case PrivateKeyInfo info -> converter.getPrivateKey(info);
                case PEMKeyPair pair -> converter.getKeyPair(pair).getPrivate();
                case null, default -> throw new IllegalArgumentException("the key is not an unencrypted PEM private key");
            };
            return new Entry("serving-" + generation, key, TlsMaterial.parseAll(tls.certPem()).toArray(X509Certificate[]::new));
        } catch (IOException e) {
            throw new IllegalArgumentException("the key cannot be read as PEM", e);
        }
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        Entry now = entry;
        return keyType != null && keyType.equals(now.key().getAlgorithm()) ? now.alias() : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return chooseServerAlias(keyType, issuers, null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = chooseServerAlias(keyType, issuers, null);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Entry e = entry(alias);
        return e == null ? null : e.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Entry e = entry(alias);
        return e == null ? null : e.key();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
