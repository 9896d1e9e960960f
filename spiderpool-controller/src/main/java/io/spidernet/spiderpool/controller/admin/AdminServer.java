package io.spidernet.spiderpool.controller.admin;

import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.spidernet.spiderpool.controller.admin.AdminAccess.Verdict;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vertx.grpc.server.GrpcServiceBridge;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The admin API's HTTP/2 server: gRPC over TLS on a port of its own. Every request passes a front
 * door before gRPC sees it, the way kube-rbac-proxy sits before a server: the concurrency cap first
 * (cheap, and it bounds the reviews too), then {@link AdminAuthorizer} on a worker thread, with the
 * request paused meanwhile; it gets the connection's client certificate chain, if one was sent.
 * Without an authorizer (the insecure-loopback opt-out) only the cap applies.
 */
public final class AdminServer {
    /** Where it listens and what it bounds. */
    public record Settings(String host, int port, int maxConcurrentCalls, long maxMessageBytes) {
        public Settings {
            if (maxConcurrentCalls < 1) {
                throw new IllegalArgumentException("spiderpool.controller.admin.max-concurrent-calls=" + maxConcurrentCalls
                        + " must be at least 1");
            }
            if (maxMessageBytes < 1) {
                throw new IllegalArgumentException("spiderpool.controller.admin.max-message-bytes=" + maxMessageBytes
                        + " must be at least 1");
            }
        }
    }

    private final Vertx vertx;
    private final Settings settings;
    private final AdminAuthorizer authorizer;
    private final WorkerExecutor workers;
    private final GrpcServer grpc;
    private final AtomicInteger inFlight = new AtomicInteger();
    private HttpServer server;

    /**
     * {@code authorizer} null serves without authorisation (insecure-loopback only); {@code workers}
     * run the reviews.
     */
    public AdminServer(Vertx vertx, Settings settings, AdminAuthorizer authorizer, WorkerExecutor workers,
                       List<ServerServiceDefinition> services) {
        this.vertx = vertx;
        this.settings = settings;
        this.authorizer = authorizer;
        this.workers = workers;
        this.grpc = GrpcServer.server(vertx, new GrpcServerOptions().setMaxMessageSize(settings.maxMessageBytes()));
        services.forEach(s -> GrpcServiceBridge.bridge(s).bind(grpc));
    }

    /** Listens over TLS without asking for client certificates (bearer tokens only); see {@link #start(KeyCertOptions, Supplier)}. */
    public Future<AdminServer> start(KeyCertOptions keyCert) {
        return start(keyCert, null);
    }

    /**
     * Listens over TLS with the certificate {@code keyCert} presents at each handshake (a
     * {@code ServingKeyManager} follows renewals without a restart), or in plaintext when it is null
     * (insecure-loopback only). With {@code clientCa}, each handshake asks for (does not require) a
     * client certificate signed by one of its current CAs; the authorizer judges what comes.
     */
    public Future<AdminServer> start(KeyCertOptions keyCert, Supplier<ClientCaBundle> clientCa) {
        HttpServerOptions options = new HttpServerOptions().setHost(settings.host()).setPort(settings.port());
        if (keyCert != null) {
            options.setSsl(true).setUseAlpn(true).setKeyCertOptions(keyCert);
            if (clientCa != null) {
                options.setClientAuth(ClientAuth.REQUEST).setTrustOptions(TrustOptions.wrap(new ClientCertificateRequest(clientCa)));
            }
        }
        return vertx.createHttpServer(options).requestHandler(this::handle).listen().map(s -> {
            server = s;
            return this;
        });
    }

    /** The port listened on (the configured one, or the one picked for 0). */
    public int port() {
        return server.actualPort();
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest req) {
        if (inFlight.incrementAndGet() > settings.maxConcurrentCalls()) {
            inFlight.decrementAndGet();
            refuse(req, new Verdict(Status.Code.RESOURCE_EXHAUSTED, settings.maxConcurrentCalls()
                    + " admin calls are running already (spiderpool.controller.admin.max-concurrent-calls); retry later"));
            return;
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        };
        // the place is given back once, when the answer is sent or the stream is reset or its connection lost
        req.response().endHandler(v -> release.run());
        req.response().closeHandler(v -> release.run());
        if (authorizer == null) {
            grpc.handle(req);
            return;
        }
        // gRPC reads the body once it has the request; until the verdict, nothing is read
        req.pause();
        String header = req.getHeader("authorization");
        String path = req.path();
        List<X509Certificate> chain = peerChain(req);
        workers.executeBlocking(() -> authorizer.authorize(header, chain, path), false).onComplete(ar -> {
            if (req.response().closed() || req.response().ended()) {
                return;
            }
            Verdict verdict = ar.succeeded() ? ar.result()
                    : new Verdict(Status.Code.UNAVAILABLE, "cannot authorise the call now; retry");
            if (verdict.allowed()) {
                grpc.handle(req);
                req.resume();
            } else {
                refuse(req, verdict);
            }
        });
    }

    /** The client certificate chain of the request's connection, leaf first; empty when none was sent. */
    private static List<X509Certificate> peerChain(HttpServerRequest req) {
        if (!req.isSSL()) {
            return List.of();
        }
        try {
            List<Certificate> sent = req.connection().peerCertificates();
            return sent == null ? List.of() : sent.stream().filter(X509Certificate.class::isInstance)
                    .map(X509Certificate.class::cast).toList();
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }

    /** A trailers-only gRPC answer: HTTP 200 with the status in the headers, no message. */
    private static void refuse(HttpServerRequest req, Verdict verdict) {
        req.response().setStatusCode(200).putHeader("content-type", "application/grpc")
                .putHeader("grpc-status", String.valueOf(verdict.code().value()))
                .putHeader("grpc-message", percentEncode(verdict.description())).end();
    }

    /** The gRPC spec's encoding of grpc-message: printable ASCII but '%' as is, the rest as %XX of UTF-8. */
    static String percentEncode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c <= 0x7e && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
