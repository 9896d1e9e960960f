package io.spidernet.spiderpool.controller.webhook;

import io.spidernet.spiderpool.controller.ControllerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.KeyCertOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The webhooks' HTTPS listener, with the limits that keep one caller from holding the port: POST
 * only, a body cap checked on the declared length and again while reading (413 before the body is
 * buffered whole), a request deadline from headers to answer (408), an idle timeout, and a cap on
 * open connections. Callers get fixed short texts; the detail goes to the log, since exception text
 * can quote the body or name internals. A connection still sending its headers is bounded by the
 * idle timeout and Vert.x's header size limits (8 KiB), not by the request deadline: Vert.x calls
 * no handler before the headers are complete.
 */
final class WebhookListener {
    private static final Logger LOG = Logger.getLogger(WebhookListener.class);

    /** The AdmissionReview answer for a body at a path, or empty when nothing is served there. */
    @FunctionalInterface
    interface Answerer {
        Optional<byte[]> answer(String path, byte[] body) throws AdmissionRouter.BadReview;
    }

    record Limits(long maxBodyBytes, Duration idleTimeout, Duration requestTimeout, int maxConnections) {
        static Limits of(ControllerConfig.Webhook config) {
            return new Limits(config.maxBodyBytes(), config.idleTimeout(), config.requestTimeout(), config.maxConnections());
        }
    }

    private final Vertx vertx;
    private final Limits limits;
    private final Answerer answerer;
    private final AtomicInteger open = new AtomicInteger();
    private HttpServer server;

    private WebhookListener(Vertx vertx, Limits limits, Answerer answerer) {
        this.vertx = vertx;
        this.limits = limits;
        this.answerer = answerer;
    }

    /** Listens on {@code port} (0: a free one) presenting what {@code keys} holds at each handshake. */
    static Future<WebhookListener> start(Vertx vertx, int port, ServingKeyManager keys, Limits limits, Answerer answerer) {
        WebhookListener l = new WebhookListener(vertx, limits, answerer);
        HttpServerOptions options = new HttpServerOptions().setSsl(true).setKeyCertOptions(KeyCertOptions.wrap(keys))
                .setIdleTimeout(Math.toIntExact(limits.idleTimeout().toMillis())).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        return vertx.createHttpServer(options).connectionHandler(c -> {
            // Vert.x has no connection cap of its own: count here and close what exceeds it
            c.closeHandler(v -> l.open.decrementAndGet());
            if (l.open.incrementAndGet() > limits.maxConnections()) {
                LOG.warnf("webhook: %d connections open, the most allowed is %d: closing the newest from %s",
                        l.open.get(), limits.maxConnections(), c.remoteAddress());
                c.close();
            }
        }).requestHandler(l::handle).listen(port).map(s -> {
            l.server = s;
            return l;
        });
    }

    int port() {
        return server.actualPort();
    }

    Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest req) {
        if (req.method() != HttpMethod.POST) {
            req.response().setStatusCode(405).end("only POST is served");
            return;
        }
        if (declaredLength(req) > limits.maxBodyBytes()) {
            refuse(req, 413, "the body is larger than " + limits.maxBodyBytes() + " bytes");
            return;
        }
        boolean[] read = {false};
        long deadline = vertx.setTimer(limits.requestTimeout().toMillis(), id -> refuse(req, read[0] ? 503 : 408,
                read[0] ? "the webhook did not answer in time" : "the body did not arrive in time"));
        req.response().endHandler(v -> vertx.cancelTimer(deadline)).closeHandler(v -> vertx.cancelTimer(deadline));
        Buffer body = Buffer.buffer();
        req.handler(chunk -> {
            if (req.response().ended()) {
                return;
            }
            if (body.length() + chunk.length() > limits.maxBodyBytes()) {
                refuse(req, 413, "the body is larger than " + limits.maxBodyBytes() + " bytes");
                return;
            }
            body.appendBuffer(chunk);
        });
        req.endHandler(v -> {
            read[0] = true;
            if (!req.response().ended()) {
                answer(req, body.getBytes());
            }
        });
    }

    private void answer(HttpServerRequest req, byte[] body) {
        String path = req.path();
        vertx.executeBlocking(() -> answerer.answer(path, body), false).onComplete(r -> {
            if (req.response().ended()) {
                return;
            }
            if (r.succeeded()) {
                r.result().ifPresentOrElse(
                        json -> req.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Buffer.buffer(json)),
                        () -> req.response().setStatusCode(404).end("no webhook at this path"));
            } else if (r.cause() instanceof AdmissionRouter.BadReview bad) {
                LOG.debugf("webhook: refused a body at %s: %s", path, bad.getMessage());
                req.response().setStatusCode(400).end("the body is not an AdmissionReview with a request");
            } else {
                LOG.errorf(r.cause(), "webhook: answering at %s failed", path);
                req.response().setStatusCode(500).end("the webhook failed; see the spiderpool-controller log");
            }
        });
    }

    private static long declaredLength(HttpServerRequest req) {
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? 0 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;  // Vert.x's codec refuses these first; should one pass, it is not read
        }
    }

    /** Answers {@code status} with a fixed text and closes the connection: what is still to come is not read. */
    private static void refuse(HttpServerRequest req, int status, String text) {
        if (req.response().ended()) {
            return;
        }
        req.response().setStatusCode(status).putHeader(HttpHeaders.CONNECTION, "close").end(text)
                .onComplete(v -> req.connection().close());
    }
}
