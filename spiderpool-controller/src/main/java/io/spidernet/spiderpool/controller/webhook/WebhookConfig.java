package io.spidernet.spiderpool.controller.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The admission webhooks' settings. Defaults are Helm's: port 5722, Service and webhook
 * configurations named {@code spiderpool-controller}, Secret {@code spiderpool-controller-server-certs},
 * delete guard off.
 */
@ConfigMapping(prefix = "spiderpool.controller.webhook")
public interface WebhookConfig {

    /** HTTPS port (upstream {@code webhookPort}); 0 picks a free one. */
    @WithDefault("5722")
    int port();

    /** The Service in front of the controller; the certificate names {@code <service>.<namespace>.svc}. */
    @WithDefault("spiderpool-controller")
    String serviceName();

    /** Where the automatic certificate is kept so every replica and restart serves the same one. */
    @WithDefault("spiderpool-controller-server-certs")
    String secretName();

    @WithDefault("spiderpool-controller")
    String mutatingConfigurationName();

    @WithDefault("spiderpool-controller")
    String validatingConfigurationName();

    /** Lifetime of an automatic certificate; a stored one expiring within 30 days is replaced at start. */
    @WithDefault("3650")
    int certificateValidityDays();

    /** A provided serving certificate (PEM); with {@link #keyFile()} it is used as is and no Secret is touched. */
    Optional<String> certFile();

    Optional<String> keyFile();

    /** The CA of a provided certificate; when set it is patched into the webhook configurations. */
    Optional<String> caFile();

    /**
     * Refuse deleting pools and subnets still in use; on as well when {@code conf.yml} sets upstream's
     * {@code enableValidatingResourcesDeletedWebhook}.
     */
    @WithDefault("false")
    boolean enableValidatingResourcesDeletedWebhook();
}
