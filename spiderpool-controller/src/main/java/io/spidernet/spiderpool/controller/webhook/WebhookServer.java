package io.spidernet.spiderpool.controller.webhook;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.spidernet.spiderpool.controller.ControllerConfig;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.webhook.CoordinatorMutator;
import io.spidernet.spiderpool.core.webhook.CoordinatorValidator;
import io.spidernet.spiderpool.core.webhook.IPPoolMutator;
import io.spidernet.spiderpool.core.webhook.IPPoolValidator;
import io.spidernet.spiderpool.core.webhook.ReservedIPMutator;
import io.spidernet.spiderpool.core.webhook.ReservedIPValidator;
import io.spidernet.spiderpool.core.webhook.SubnetMutator;
import io.spidernet.spiderpool.core.webhook.SubnetValidator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The admission webhooks over HTTPS on their own port (5722), on every replica: admission must
 * not wait for leader election. Certificates come first (the server cannot start without them),
 * then the informers, then the listener. Rules run on worker threads, never on the event loop,
 * since create validation of one kind is serialised.
 */
@Singleton
public class WebhookServer {
    private static final Logger LOG = Logger.getLogger(WebhookServer.class);

    private final KubernetesClient client;
    private final Vertx vertx;
    private final ControllerConfig.Webhook config;
    private final String namespace;
    private final SpiderpoolConf conf;
    private WebhookCache cache;
    private HttpServer server;
    private TlsMaterial tls;

    public WebhookServer(KubernetesClient client, Vertx vertx, ControllerConfig controller,
                         SpiderpoolConf conf) {
        this.client = client;
        this.vertx = vertx;
        this.config = controller.webhook();
        this.namespace = controller.namespace();
        this.conf = conf;
    }

    void start(@Observes StartupEvent event) throws InterruptedException, ExecutionException, TimeoutException {
        tls = new WebhookCertificates(client, namespace, config, Clock.systemUTC()).ensure();
        cache = WebhookCache.start(client);
        // conf.yml's enableValidatingResourcesDeletedWebhook, as upstream; the property can only add the guard
        SpiderpoolConf conf = this.conf.withDeleteGuard(this.conf.enableValidatingResourcesDeletedWebhook()
                || config.enableValidatingResourcesDeletedWebhook());
        AdmissionRouter router = new AdmissionRouter(List.of(
                new IPPoolAdmission(new IPPoolMutator(conf), new IPPoolValidator(conf), cache.pools(), cache.subnets()),
                new SubnetAdmission(new SubnetMutator(), new SubnetValidator(conf), cache.subnets(), cache.pools()),
                new ReservedIPAdmission(new ReservedIPMutator(), new ReservedIPValidator(conf)),
                new CoordinatorAdmission(new CoordinatorMutator(), new CoordinatorValidator())));
        HttpServerOptions options = new HttpServerOptions().setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                .addCertValue(Buffer.buffer(tls.certPem())).addKeyValue(Buffer.buffer(tls.keyPem())));
        server = vertx.createHttpServer(options).requestHandler(req -> handle(router, req))
                .listen(config.port()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.infof("admission webhooks on https port %d: %s", server.actualPort(), router.paths());
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
        }
        if (cache != null) {
            cache.close();
        }
    }

    /** The port listened on (the configured one, or the one picked for 0). */
    public int port() {
        return server.actualPort();
    }

    /** The certificate served, with its CA. */
    public TlsMaterial tls() {
        return tls;
    }

    private void handle(AdmissionRouter router, HttpServerRequest req) {
        if (!"POST".equals(req.method().name())) {
            req.response().setStatusCode(405).end();
            return;
        }
        String path = req.path();
        req.body().compose(body -> vertx.executeBlocking(() -> router.handle(path, body.getBytes()), false))
                .onSuccess(answer -> answer.ifPresentOrElse(
                        json -> req.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(json)),
                        () -> req.response().setStatusCode(404).end("no webhook at " + path)))
                .onFailure(e -> req.response().setStatusCode(400).end(e.getMessage() == null ? e.toString() : e.getMessage()));
    }
}
