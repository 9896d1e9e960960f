package io.spidernet.spiderpool.controller.webhook;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.spidernet.spiderpool.controller.ControllerConfig;
import io.spidernet.spiderpool.core.allocation.RetryPolicy;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The {@code caBundle} of both webhook configurations. It only moves forward: when it already
 * trusts an automatic CA newer than the newest of the bundle given, the caller read an older
 * Secret than the replica that wrote it (a renewal racing this check) and the bundle is left
 * alone, so the CA of a leaf some replica may already serve is never taken out.
 */
final class CaBundles {
    private static final Logger LOG = Logger.getLogger(CaBundles.class);
    /** Replicas setting the bundle at once: a lost race re-reads at once, five attempts in all. */
    static final RetryPolicy RETRY = RetryPolicy.immediate(5);

    private final KubernetesClient client;
    private final ControllerConfig.Webhook config;

    CaBundles(KubernetesClient client, ControllerConfig.Webhook config) {
        this.client = client;
        this.config = config;
    }

    /** Sets {@code caBundle} on every webhook of both configurations, where it differs; absent ones are skipped. */
    void point(String caPem) {
        String bundle = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII));
        var v1 = client.admissionRegistration().v1();
        point("MutatingWebhookConfiguration " + config.mutatingConfigurationName(),
                v1.mutatingWebhookConfigurations().withName(config.mutatingConfigurationName()),
                c -> c.getWebhooks().stream().map(MutatingWebhook::getClientConfig), bundle, caPem);
        point("ValidatingWebhookConfiguration " + config.validatingConfigurationName(),
                v1.validatingWebhookConfigurations().withName(config.validatingConfigurationName()),
                c -> c.getWebhooks().stream().map(ValidatingWebhook::getClientConfig), bundle, caPem);
    }

    /**
     * Judged and set on the version the edit read, and that edit carries its resourceVersion:
     * replicas setting the bundle at once retry on a fresh read instead of undoing each other.
     */
    private <T extends HasMetadata> void point(String what, Resource<T> ref, Function<T, Stream<WebhookClientConfig>> configs,
                                               String bundle, String caPem) {
        for (int attempt = 0; ; attempt++) {
            RETRY.pause(attempt);
            T current = ref.get();
            if (current == null) {
                LOG.warnf("%s not found; the API server will not call the webhooks until it exists", what);
                return;
            }
            if (!shouldSet(configs.apply(current), bundle, caPem)) {
                return;  // no write when nothing changes: checks run hourly and on every Secret event
            }
            try {
                ref.edit(c -> {
                    if (shouldSet(configs.apply(c), bundle, caPem)) {
                        configs.apply(c).forEach(cc -> cc.setCaBundle(bundle));
                    }
                    return c;
                });
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt + 1 == RETRY.maxAttempts()) {
                    throw e;
                }
            }
        }
    }

    private static boolean shouldSet(Stream<WebhookClientConfig> configs, String bundle, String caPem) {
        List<String> present = configs.map(WebhookClientConfig::getCaBundle).toList();
        if (present.stream().allMatch(bundle::equals)) {
            return false;
        }
        Optional<X509Certificate> newestGiven = newestAutomatic(List.of(caPem));
        Optional<X509Certificate> newestThere = newestAutomatic(present);
        if (newestGiven.isPresent() && newestThere.isPresent()
                && newestThere.get().getNotBefore().after(newestGiven.get().getNotBefore())) {
            LOG.infof("caBundle already trusts a newer CA (from %s) than this replica read; left as it is",
                    newestThere.get().getNotBefore().toInstant());
            return false;
        }
        return true;
    }

    /** The newest CA issued by {@link CertificateAuthority} among PEM bundles; unreadable ones count as none. */
    private static Optional<X509Certificate> newestAutomatic(List<String> pems) {
        return pems.stream().filter(p -> p != null && !p.isBlank()).flatMap(p -> {
            try {
                String pem = p.startsWith("-----") ? p : new String(Base64.getDecoder().decode(p), StandardCharsets.US_ASCII);
                return TlsMaterial.parseAll(pem).stream();
            } catch (IllegalArgumentException e) {
                return Stream.empty();
            }
        }).filter(c -> CertificateAuthority.CA_NAME.equals(c.getSubjectX500Principal().getName()))
                .max(Comparator.comparing(X509Certificate::getNotBefore));
    }
}
