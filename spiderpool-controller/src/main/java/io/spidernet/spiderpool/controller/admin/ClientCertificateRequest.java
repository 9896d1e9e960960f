package io.spidernet.spiderpool.controller.admin;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The admin port's TLS trust for client certificates: it asks for one naming the cluster's client CAs
 * (clients such as Go's pick the certificate those sign) and takes whatever comes, or nothing. The
 * handshake still makes the client prove it holds the key; whether the certificate is one the
 * cluster issued is {@link ClientCertificates}' decision, after the handshake, so that a refusal
 * reaches the caller as a gRPC status that says what is wrong rather than as a broken connection.
 */
final class ClientCertificateRequest extends X509ExtendedTrustManager {
    private final Supplier<ClientCaBundle> clientCa;

    ClientCertificateRequest(Supplier<ClientCaBundle> clientCa) {
        this.clientCa = clientCa;
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return clientCa.get().certificates().toArray(new X509Certificate[0]);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // decided per call by ClientCertificates
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // decided per call by ClientCertificates
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // decided per call by ClientCertificates
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the admin server trusts no server certificates");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }
}
