package io.spidernet.spiderpool.controller.admin;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.spidernet.spiderpool.controller.webhook.TlsMaterial;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed serving certificate for {@code localhost}, client CAs and the certificates they issue,
 * and gRPC channels that trust only a given CA.
 */
final class TestTls {
    static final String AUTHORITY = "localhost";

    private TestTls() {
    }

    /** A certificate that is its own CA: {@code caPem == certPem}. */
    static TlsMaterial selfSigned() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = g.generateKeyPair();
            X500Name name = new X500Name("CN=" + AUTHORITY);
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(new GeneralName(GeneralName.dNSName, AUTHORITY)));
            byte[] der = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())))
                    .getEncoded();
            String cert = pem("CERTIFICATE", der);
            return new TlsMaterial(cert, cert, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client certificate, its key, and the PEM of both. */
    record Client(X509Certificate certificate, PrivateKey key, String certPem, String keyPem) {
    }

    /** A CA that issues client certificates, as a cluster's client CA does. */
    record Ca(X509Certificate certificate, KeyPair keys) {
        static Ca create(String name) {
            try {
                KeyPair keys = keyPair();
                X500Name x500 = new X500Name("CN=" + name);
                Instant now = Instant.now();
                var builder = new JcaX509v3CertificateBuilder(x500, serial(), Date.from(now.minus(Duration.ofHours(1))),
                        Date.from(now.plus(Duration.ofDays(1))), x500, keys.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                return new Ca(sign(builder, keys), keys);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        String pem() {
            try {
                return TestTls.pem("CERTIFICATE", certificate.getEncoded());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** A certificate for {@code subject} (an X.500 name such as {@code O=ops,CN=carol}) valid from..until. */
        Client issue(String subject, Instant from, Instant until, KeyPurposeId usage) {
            try {
                KeyPair client = keyPair();
                var builder = new JcaX509v3CertificateBuilder(new X500Name(certificate.getSubjectX500Principal().getName()), serial(),
                        Date.from(from), Date.from(until), new X500Name(subject), client.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                        .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage));
                X509Certificate cert = sign(builder, keys);
                return new Client(cert, client.getPrivate(), TestTls.pem("CERTIFICATE", cert.getEncoded()),
                        TestTls.pem("PRIVATE KEY", client.getPrivate().getEncoded()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** A client certificate valid for a day around now. */
        Client issue(String subject) {
            Instant now = Instant.now();
            return issue(subject, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), KeyPurposeId.id_kp_clientAuth);
        }

        private static X509Certificate sign(org.bouncycastle.cert.X509v3CertificateBuilder builder, KeyPair signer) throws Exception {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        }
    }

    /**
     * A TLS channel to {@code port} trusting only {@code caPem} and presenting {@code client}'s
     * certificate even when the server names other CAs in its request (as spiderpoolctl does; the
     * JDK's default key manager would then send none).
     */
    static ManagedChannel channel(int port, String caPem, String authority, Client client) throws SSLException {
        X509ExtendedKeyManager always = new X509ExtendedKeyManager() {
            @Override
            public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
                return "client";
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return "client";
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return new X509Certificate[] {client.certificate()};
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return client.key();
            }

            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[] {"client"};
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
        return NettyChannelBuilder.forAddress("127.0.0.1", port).overrideAuthority(authority)
                .sslContext(GrpcSslContexts.forClient()
                        .trustManager(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)))
                        .keyManager(always).build())
                .build();
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(System.nanoTime()).abs();
    }

    /** A TLS channel to {@code port} trusting only {@code caPem}, checking the certificate names {@code authority}. */
    static ManagedChannel channel(int port, String caPem, String authority) throws SSLException {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).overrideAuthority(authority)
                .sslContext(GrpcSslContexts.forClient()
                        .trustManager(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII))).build())
                .build();
    }

    /** Sends {@code authorization: <value>} with every call. */
    static ClientInterceptor authorization(String value) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), value);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
