package io.spidernet.spiderpool.controller.webhook;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.spidernet.spiderpool.controller.ControllerConfig;
import io.spidernet.spiderpool.controller.reconcile.MultusConfigNads;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.config.SpiderpoolConfFile;
import io.spidernet.spiderpool.core.podinject.InjectScope;
import io.spidernet.spiderpool.core.podinject.PodResourceInjector;
import io.spidernet.spiderpool.core.webhook.CoordinatorMutator;
import io.spidernet.spiderpool.core.webhook.CoordinatorValidator;
import io.spidernet.spiderpool.core.webhook.IPPoolMutator;
import io.spidernet.spiderpool.core.webhook.IPPoolValidator;
import io.spidernet.spiderpool.core.webhook.MultusConfigMutator;
import io.spidernet.spiderpool.core.webhook.MultusConfigValidator;
import io.spidernet.spiderpool.core.webhook.ReservedIPMutator;
import io.spidernet.spiderpool.core.webhook.ReservedIPValidator;
import io.spidernet.spiderpool.core.webhook.SubnetMutator;
import io.spidernet.spiderpool.core.webhook.SubnetValidator;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The admission webhooks over HTTPS on their own port (5722), on every replica: admission must
 * not wait for leader election. The certificate comes first (injected ensured; renewals swap in),
 * then the informers, then the listener ({@link WebhookListener}: limits, HTTP answers). Rules run
 * on worker threads, never on the event loop, since create validation of one kind is serialised.
 */
@Singleton
public class WebhookServer {
    private static final Logger LOG = Logger.getLogger(WebhookServer.class);

    private final KubernetesClient client;
    private final Vertx vertx;
    private final ControllerConfig.Webhook config;
    private final SpiderpoolConf conf;
    private final ServingCertificate certificate;
    private final SpiderpoolConfFile confFile;
    private WebhookCache cache;
    private PodInjectSources podSources;
    private WebhookListener listener;

    public WebhookServer(KubernetesClient client, Vertx vertx, ControllerConfig controller,
                         SpiderpoolConf conf, SpiderpoolConfFile confFile, ServingCertificate certificate) {
        this.client = client;
        this.vertx = vertx;
        this.config = controller.webhook();
        this.conf = conf;
        this.confFile = confFile;
        this.certificate = certificate;
    }

    void start(@Observes StartupEvent event) throws InterruptedException, ExecutionException, TimeoutException {
        cache = WebhookCache.start(client);
        // conf.yml's enableValidatingResourcesDeletedWebhook, as upstream; the property can only add the guard
        SpiderpoolConf conf = this.conf.withDeleteGuard(this.conf.enableValidatingResourcesDeletedWebhook()
                || config.enableValidatingResourcesDeletedWebhook());
        AdmissionRouter router = new AdmissionRouter(List.of(
                new IPPoolAdmission(new IPPoolMutator(conf), new IPPoolValidator(conf), cache.pools(), cache.subnets()),
                new SubnetAdmission(new SubnetMutator(), new SubnetValidator(conf), cache.subnets(), cache.pools()),
                new ReservedIPAdmission(new ReservedIPMutator(), new ReservedIPValidator(conf)),
                new CoordinatorAdmission(new CoordinatorMutator(), new CoordinatorValidator()),
                new MultusConfigAdmission(new MultusConfigMutator(), new MultusConfigValidator(),
                        (ns, name) -> MultusConfigNads.metadata(client, ns, name))),
                Map.of(PodInjectAdmission.PATH, podInjection()::mutate));
        // a renewal picked up while running reaches new connections; the API server's open ones go on as they are
        listener = WebhookListener.start(vertx, config.port(), ServingKeyManager.following(certificate),
                WebhookListener.Limits.of(config), router::handle).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.infof("admission webhooks on https port %d: %s", listener.port(), router.paths());
    }

    /** conf.yml's podResourceInject, as upstream; the property can only switch it on. */
    private PodInjectAdmission podInjection() {
        SpiderpoolConfFile.PodResourceInject inject = confFile.podResourceInject();
        if (!inject.enabled() && !config.podResourceInject()) {
            return PodInjectAdmission.disabled();
        }
        podSources = PodInjectSources.start(client);
        return PodInjectAdmission.enabled(new PodResourceInjector(InjectScope.of(inject.namespacesInclude(),
                inject.namespacesExclude())), podSources::configs, podSources::namespaceAnnotations);
    }

    void stop(@Observes ShutdownEvent event) {
        if (listener != null) {
            listener.close();
        }
        if (podSources != null) {
            podSources.close();
        }
        if (cache != null) {
            cache.close();
        }
    }

    /** The port listened on (the configured one, or the one picked for 0). */
    public int port() {
        return listener.port();
    }

    /** The certificate served, with its CA bundle. */
    public TlsMaterial tls() {
        return certificate.current();
    }
}
