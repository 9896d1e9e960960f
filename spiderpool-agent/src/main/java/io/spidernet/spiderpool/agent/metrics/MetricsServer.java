package io.spidernet.spiderpool.agent.metrics;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.spidernet.spiderpool.agent.config.AgentConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Prometheus metrics on upstream's agent metrics port ({@code SPIDERPOOL_METRIC_HTTP_PORT}, 5711), apart
 * from the health port, and only when {@code SPIDERPOOL_ENABLED_METRIC=true} (the chart's default is
 * false): the port stays closed otherwise, as upstream's. Quarkus would serve its own {@code /metrics}
 * on the health listener, so its Prometheus export is off and the registry is made here instead; the
 * micrometer extension adds every registry bean to the one the meters are registered with.
 */
@Singleton
public class MetricsServer {
    private static final Logger LOG = Logger.getLogger(MetricsServer.class);
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final Vertx vertx;
    private final AgentConfig.Metrics config;
    private final PrometheusMeterRegistry registry;
    private volatile HttpServer server;

    MetricsServer(Vertx vertx, AgentConfig config, PrometheusMeterRegistry registry) {
        this.vertx = vertx;
        this.config = config.metrics();
        this.registry = registry;
    }

    @Produces
    @Singleton
    static PrometheusMeterRegistry prometheusRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    void start(@Observes StartupEvent event) throws InterruptedException, ExecutionException, TimeoutException {
        if (!config.enabled()) {
            LOG.info("metrics off (SPIDERPOOL_ENABLED_METRIC=false): the metrics port stays closed");
            return;
        }
        server = vertx.createHttpServer().requestHandler(this::handle).listen(config.port(), config.host())
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.infof("metrics on http://%s:%d/metrics", config.host(), server.actualPort());
    }

    private void handle(HttpServerRequest req) {
        if (!req.path().equals("/metrics")) {
            req.response().setStatusCode(404).end();
        } else if (!"GET".equals(req.method().name())) {
            req.response().setStatusCode(405).putHeader("Allow", "GET").end();
        } else {
            // scrape() walks every meter: off the event loop
            vertx.executeBlocking((java.util.concurrent.Callable<String>) registry::scrape, false).onComplete(text -> {
                if (text.succeeded()) {
                    req.response().putHeader("Content-Type", TEXT_FORMAT).end(text.result());
                } else {
                    req.response().setStatusCode(500).end();
                }
            });
        }
    }

    /** The bound port while metrics are served. */
    public OptionalInt port() {
        HttpServer s = server;
        return s == null ? OptionalInt.empty() : OptionalInt.of(s.actualPort());
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
        }
    }
}
