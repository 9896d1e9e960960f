package io.spidernet.spiderpool.controller.webhook;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.spidernet.spiderpool.controller.ControllerConfig;
import io.spidernet.spiderpool.controller.operator.WebhookOwnership;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps this replica's {@link ServingCertificate} current while it runs: a check every
 * {@code certificate-check-period} renews a certificate near its expiry, and a watch on the Secret
 * brings another replica's renewal here at once (the check is its fallback). Checks run one at a
 * time on one thread, so a Secret event and the timer never renew twice. Provided certificates are
 * used as they are and not watched.
 */
@Singleton
public class CertificateKeeper {
    private static final Logger LOG = Logger.getLogger(CertificateKeeper.class);

    private final KubernetesClient client;
    private final WebhookCertificates certificates;
    private final Duration period;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("webhook-certificate").daemon().factory());
    private SharedIndexInformer<Secret> watch;

    @Inject
    public CertificateKeeper(KubernetesClient client, ControllerConfig controller) {
        this(client, new WebhookCertificates(client, controller.namespace(), controller.webhook(), Clock.systemUTC(),
                new WebhookOwnership(client, controller.operator().enabled(),
                        controller.operator().olmConditionName().filter(n -> !n.isBlank()).isPresent())),
                controller.webhook().certificateCheckPeriod());
    }

    CertificateKeeper(KubernetesClient client, WebhookCertificates certificates, Duration period) {
        this.client = client;
        this.certificates = certificates;
        this.period = period;
    }

    /** The certificate ensured now, kept current from here on when automatic. */
    @Produces
    @Singleton
    ServingCertificate serving() {
        if (certificates.automatic()) {
            certificates.requireRenewable();
        }
        ServingCertificate serving = new ServingCertificate(certificates.ensure());
        if (certificates.automatic()) {
            keep(serving);
        }
        return serving;
    }

    void keep(ServingCertificate serving) {
        long millis = period.toMillis();
        worker.scheduleWithFixedDelay(() -> check(serving), millis, millis, TimeUnit.MILLISECONDS);
        watch = client.secrets().inNamespace(certificates.namespace()).withName(certificates.secretName())
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Secret s) {
                        worker.execute(() -> check(serving));
                    }

                    @Override
                    public void onUpdate(Secret before, Secret after) {
                        worker.execute(() -> check(serving));
                    }

                    @Override
                    public void onDelete(Secret s, boolean unknownFinalState) {
                        worker.execute(() -> check(serving));  // recreated by the first replica to notice
                    }
                });
    }

    /** One check: renew or pick up, set the CA bundle, then serve (in that order: see WebhookCertificates). */
    private void check(ServingCertificate serving) {
        try {
            serving.replace(certificates.ensure());
        } catch (RuntimeException e) {
            // the served certificate stays valid for renew-before; the next check or event tries again
            LOG.errorf(e, "webhook certificate check failed; still serving %s", serving.current());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        close();
    }

    void close() {
        if (watch != null) {
            watch.close();
        }
        worker.shutdownNow();
    }
}
