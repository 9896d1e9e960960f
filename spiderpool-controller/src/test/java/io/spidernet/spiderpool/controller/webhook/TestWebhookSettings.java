package io.spidernet.spiderpool.controller.webhook;

import io.spidernet.spiderpool.controller.ControllerConfig;
import java.time.Duration;
import java.util.Optional;

/** The webhook settings as plain values, for tests that build the certificate classes themselves. */
record TestWebhookSettings(int port, String serviceName, String secretName, String mutatingConfigurationName,
                           String validatingConfigurationName, int certificateValidityDays, Duration renewBefore,
                           Duration certificateCheckPeriod, Optional<String> certFile, Optional<String> keyFile,
                           Optional<String> caFile, boolean enableValidatingResourcesDeletedWebhook, long maxBodyBytes,
                           Duration idleTimeout, Duration requestTimeout, int maxConnections) implements ControllerConfig.Webhook {

    /** Helm's names, a {@code validityDays} certificate renewed 30 days before its expiry. */
    static TestWebhookSettings of(String secretName, int validityDays) {
        return new TestWebhookSettings(0, "spiderpool-controller", secretName, "spiderpool-controller", "spiderpool-controller",
                validityDays, Duration.ofDays(30), Duration.ofHours(1), Optional.empty(), Optional.empty(), Optional.empty(),
                false, 4 << 20, Duration.ofMinutes(2), Duration.ofSeconds(30), 256);
    }

    /** The certificate tests never serve pods. */
    @Override
    public boolean podResourceInject() {
        return false;
    }
}
