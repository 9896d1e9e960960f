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
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A self-signed serving certificate for {@code localhost}, and gRPC channels that trust only a given CA. */
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
