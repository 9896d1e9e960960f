package io.spidernet.spiderpool.controller.admin;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.ServerServiceDefinition;
import io.quarkus.grpc.reflection.service.ReflectionServiceV1;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.spidernet.spiderpool.controller.ControllerConfig;
import io.spidernet.spiderpool.controller.webhook.TlsMaterial;
import io.spidernet.spiderpool.controller.webhook.WebhookServer;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Starts the admin API on its own port (5723) once the webhook server has its serving certificate,
 * which the admin port serves too. {@link #updateTls} swaps that certificate without a restart.
 */
@Singleton
public class AdminEndpoint {
    private static final Logger LOG = Logger.getLogger(AdminEndpoint.class);

    private final Vertx vertx;
    private final KubernetesClient client;
    private final AdminService admin;
    private final WebhookServer webhooks;
    private final ControllerConfig.Admin config;
    private WorkerExecutor workers;
    private AdminServer server;

    public AdminEndpoint(Vertx vertx, KubernetesClient client, AdminService admin, WebhookServer webhooks,
                         ControllerConfig controller) {
        this.vertx = vertx;
        this.client = client;
        this.admin = admin;
        this.webhooks = webhooks;
        this.config = controller.admin();
    }

    /** After the webhook server's start (default observer priority), whose certificate this serves. */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent event)
            throws InterruptedException, ExecutionException, TimeoutException {
        // one worker per admitted call: a call runs its reviews, then its work, never both at once
        workers = vertx.createSharedWorkerExecutor("spiderpool-admin", config.maxConcurrentCalls());
        ServerServiceDefinition service = new AdminGrpcService(admin, vertx, workers, config.callTimeout()).bindService();
        List<ServerServiceDefinition> services = List.of(service, new ReflectionServiceV1(List.of(service)).bindService());
        boolean insecure = config.insecureLoopback();
        AdminServer.Settings settings = new AdminServer.Settings(insecure ? "127.0.0.1" : "0.0.0.0", config.port(),
                config.maxConcurrentCalls(), config.maxMessageBytes());
        AdminAuthorizer authorizer = insecure ? null : new AdminAuthorizer(new KubeReviews(client), config.reviewCacheTtl(),
                config.reviewCacheSize(), System::nanoTime);
        TlsMaterial tls = insecure ? null : webhooks.tls();
        server = new AdminServer(vertx, settings, authorizer, workers, services).start(tls)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        if (insecure) {
            LOG.warnf("admin API on 127.0.0.1:%d in PLAINTEXT WITHOUT AUTHENTICATION"
                    + " (spiderpool.controller.admin.insecure-loopback=true): for local development only", server.port());
        } else {
            LOG.infof("admin API on TLS port %d, calls authorised by TokenReview and SubjectAccessReview", server.port());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
        }
        if (workers != null) {
            workers.close();
        }
    }

    /** The port listened on. */
    public int port() {
        return server.port();
    }

    /** Serves a renewed certificate to new connections; a no-op under insecure-loopback. */
    public void updateTls(TlsMaterial tls) {
        if (server != null && !config.insecureLoopback()) {
            server.updateTls(tls);
        }
    }
}
