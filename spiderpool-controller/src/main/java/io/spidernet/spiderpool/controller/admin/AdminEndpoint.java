package io.spidernet.spiderpool.controller.admin;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.ServerServiceDefinition;
import io.quarkus.grpc.reflection.service.ReflectionServiceV1;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.spidernet.spiderpool.controller.ControllerConfig;
import io.spidernet.spiderpool.controller.webhook.ServingCertificate;
import io.spidernet.spiderpool.controller.webhook.ServingKeyManager;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.net.KeyCertOptions;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Starts the admin API on its own port (5723) with the controller's serving certificate, the one the
 * webhooks serve; each handshake presents the current one, so a renewal is served without a restart.
 * Callers authenticate with a client certificate of the cluster's client CA ({@link KubeClientCa}) or a token.
 */
@Singleton
public class AdminEndpoint {
    private static final Logger LOG = Logger.getLogger(AdminEndpoint.class);

    private final Vertx vertx;
    private final KubernetesClient client;
    private final AdminService admin;
    private final ServingCertificate certificate;
    private final ControllerConfig.Admin config;
    private WorkerExecutor workers;
    private AdminServer server;
    private KubeClientCa clientCa;

    public AdminEndpoint(Vertx vertx, KubernetesClient client, AdminService admin, ServingCertificate certificate,
                         ControllerConfig controller) {
        this.vertx = vertx;
        this.client = client;
        this.admin = admin;
        this.certificate = certificate;
        this.config = controller.admin();
    }

    /** After the webhook server's start (default observer priority): admission first, tooling after. */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent event)
            throws InterruptedException, ExecutionException, TimeoutException {
        // one worker per admitted call: a call runs its reviews, then its work, never both at once
        workers = vertx.createSharedWorkerExecutor("spiderpool-admin", config.maxConcurrentCalls());
        ServerServiceDefinition service = new AdminGrpcService(admin, vertx, workers, config.callTimeout()).bindService();
        List<ServerServiceDefinition> services = List.of(service, new ReflectionServiceV1(List.of(service)).bindService());
        boolean insecure = config.insecureLoopback();
        AdminServer.Settings settings = new AdminServer.Settings(insecure ? "127.0.0.1" : "0.0.0.0", config.port(),
                config.maxConcurrentCalls(), config.maxMessageBytes());
        clientCa = insecure ? null : new KubeClientCa(client);
        AdminAuthorizer authorizer = insecure ? null : new AdminAuthorizer(new KubeReviews(client), config.reviewCacheTtl(),
                config.reviewCacheSize(), System::nanoTime, clientCa, Clock.systemUTC());
        KeyCertOptions keyCert = insecure ? null : KeyCertOptions.wrap(ServingKeyManager.following(certificate));
        server = new AdminServer(vertx, settings, authorizer, workers, services).start(keyCert, clientCa)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        if (insecure) {
            LOG.warnf("admin API on 127.0.0.1:%d in PLAINTEXT WITHOUT AUTHENTICATION"
                    + " (spiderpool.controller.admin.insecure-loopback=true): for local development only", server.port());
        } else {
            LOG.infof("admin API on TLS port %d, callers authenticated by client certificate (the cluster's client CA) or"
                    + " TokenReview, authorised by SubjectAccessReview", server.port());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
        }
        if (workers != null) {
            workers.close();
        }
        if (clientCa != null) {
            clientCa.close();
        }
    }

    /** The port listened on. */
    public int port() {
        return server.port();
    }
}
