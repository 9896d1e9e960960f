package io.spidernet.spiderpool.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * GETs from the Kubernetes API as the kubeconfig's user: the API server enforces RBAC, and its
 * refusals ("User x cannot get resource y ...") are passed on as they are, since they name what
 * to grant.
 */
final class KubeApi {
    /** The largest answer read: a pool's ledger at upstream's 5 000 records is under 1 MiB. */
    private static final int MAX_BYTES = 32 << 20;
    private final Kubeconfig config;
    private final HttpClient http;
    private final Duration timeout;

    KubeApi(Kubeconfig config, Duration timeout) {
        this.config = config;
        this.timeout = timeout;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout);
        if (config.server().startsWith("https:")) {
            // the API server authenticates a client-certificate user by the certificate, as for kubectl
            KeyManager client = config.keyManager();
            b.sslContext(config.insecureSkipTlsVerify() ? insecure(client)
                    : config.caPem() != null ? Pem.trusting(config.caPem(), "the kubeconfig's certificate-authority", client)
                    : client != null ? Pem.context(null, client) : systemDefault());
        }
        this.http = b.build();
    }

    /** The object at {@code path}; {@code what} names it in a not-found message (e.g. "SpiderEndpoint default/x"). */
    JsonNode get(String path, String what) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(config.server().replaceAll("/+$", "") + path)).timeout(timeout)
                .header("Accept", "application/json").GET();
        if (config.token() != null) {
            req.header("Authorization", "Bearer " + config.token());
        }
        HttpResponse<InputStream> res;
        try {
            res = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new CtlException(ExitCode.UNREACHABLE, "the API server " + config.server() + " did not answer within " + timeout
                    + " (kubeconfig context " + config.context() + "); raise --timeout or check the cluster");
        } catch (IOException e) {
            throw new CtlException(ExitCode.UNREACHABLE, "cannot reach the API server " + config.server() + " (kubeconfig context "
                    + config.context() + "): " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "; check the kubeconfig's server and the network", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtlException(ExitCode.UNREACHABLE, "interrupted");
        }
        JsonNode body;
        try (InputStream in = res.body()) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new CtlException(ExitCode.SERVER, "the API server's answer for " + what + " exceeds 32 MiB");
            }
            body = bytes.length == 0 ? new ObjectMapper().createObjectNode() : new ObjectMapper().readTree(bytes);
        } catch (IOException e) {
            throw new CtlException(ExitCode.SERVER, "unreadable answer from the API server for " + what + ": " + e.getMessage());
        }
        String message = body.path("message").asText("HTTP " + res.statusCode());
        return switch (res.statusCode()) {
            case 200 -> body;
            case 404 -> throw new CtlException(ExitCode.NOT_FOUND, what + " not found (" + message + ")");
            case 401 -> throw new CtlException(ExitCode.DENIED, "the API server does not accept the kubeconfig's credentials"
                    + " (context " + config.context() + "): " + message + "; renew the token");
            case 403 -> throw new CtlException(ExitCode.DENIED, "the API server refused: " + message
                    + "; ask for that permission in a Role or ClusterRole bound to you");
            default -> throw new CtlException(ExitCode.SERVER, "the API server answered " + res.statusCode() + " for " + what + ": " + message);
        };
    }

    private static SSLContext systemDefault() {
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The kubeconfig asked for it (insecure-skip-tls-verify: true), as kubectl honours it. */
    private static SSLContext insecure(KeyManager client) {
        return Pem.context(new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, client);
    }
}
