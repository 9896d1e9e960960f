package io.spidernet.spiderpool.controller.webhook;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.spidernet.spiderpool.controller.ControllerConfig;
import org.jboss.logging.Logger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The serving certificate: either provided (PEM files, used as they are) or automatic, kept in a
 * Secret that the first replica to start creates and every later start reuses while it still has
 * 30 days to live. Replicas starting together race to create it; the loser of the create reads
 * and serves the winner's, so all replicas present one certificate under one CA.
 */
final class WebhookCertificates {
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    static final String CA_KEY = "ca.crt";
    static final String CERT_KEY = "tls.crt";
    static final String KEY_KEY = "tls.key";
    private static final Logger LOG = Logger.getLogger(WebhookCertificates.class);

    private final KubernetesClient client;
    private final String namespace;
    private final ControllerConfig.Webhook config;
    private final Clock clock;

    WebhookCertificates(KubernetesClient client, String namespace, ControllerConfig.Webhook config, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.config = config;
        this.clock = clock;
    }

    /** The name the API server dials: {@code <service>.<namespace>.svc}. */
    String serviceDnsName() {
        return config.serviceName() + "." + namespace + ".svc";
    }

    /** The certificate to serve, with the CA bundle patched into the webhook configurations that exist. */
    TlsMaterial ensure() {
        Optional<TlsMaterial> provided = provided();
        TlsMaterial tls = provided.orElseGet(this::fromSecret);
        if (provided.isEmpty() || config.caFile().isPresent()) {
            patchCaBundles(tls.caPem());
        }
        return tls;
    }

    private Optional<TlsMaterial> provided() {
        if (config.certFile().isEmpty() && config.keyFile().isEmpty()) {
            return Optional.empty();
        }
        String cert = read(config.certFile().orElseThrow(() -> missing("cert-file")));
        String key = read(config.keyFile().orElseThrow(() -> missing("key-file")));
        return Optional.of(new TlsMaterial(config.caFile().map(WebhookCertificates::read).orElse(cert), cert, key));
    }

    private static IllegalStateException missing(String property) {
        return new IllegalStateException("spiderpool.controller.webhook." + property + " is not set; a provided certificate"
                + " needs both cert-file and key-file");
    }

    private TlsMaterial fromSecret() {
        Instant renewAfter = clock.instant().plus(RENEW_BEFORE);
        Secret stored = client.secrets().inNamespace(namespace).withName(config.secretName()).get();
        Optional<TlsMaterial> current = Optional.ofNullable(stored).flatMap(WebhookCertificates::material);
        if (current.isPresent() && current.get().serves(serviceDnsName(), renewAfter)) {
            LOG.infof("webhook certificate: reusing Secret %s/%s", namespace, config.secretName());
            return current.get();
        }
        TlsMaterial fresh = CertificateAuthority.issue(List.of(serviceDnsName(), config.serviceName() + "." + namespace,
                config.serviceName()), clock.instant(), Duration.ofDays(config.certificateValidityDays()));
        Secret desired = secret(fresh, stored);
        try {
            if (stored == null) {
                client.secrets().inNamespace(namespace).resource(desired).create();
            } else {
                client.secrets().inNamespace(namespace).resource(desired).update();  // resourceVersion-checked
            }
            LOG.infof("webhook certificate: %s Secret %s/%s", stored == null ? "created" : "renewed", namespace, config.secretName());
            return fresh;
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            // another replica wrote first: serve its certificate, so every replica matches the CA bundle
            Secret winner = client.secrets().inNamespace(namespace).withName(config.secretName()).get();
            return Optional.ofNullable(winner).flatMap(WebhookCertificates::material).orElseThrow(() -> new IllegalStateException(
                    "Secret " + namespace + "/" + config.secretName() + " was written by another replica but holds no certificate"));
        }
    }

    private Secret secret(TlsMaterial tls, Secret stored) {
        Base64.Encoder b64 = Base64.getEncoder();
        SecretBuilder b = new SecretBuilder().withNewMetadata().withName(config.secretName()).withNamespace(namespace)
                .withLabels(Map.of("app.kubernetes.io/component", "spiderpool-controller"))
                .withResourceVersion(stored == null ? null : stored.getMetadata().getResourceVersion()).endMetadata()
                .withType("kubernetes.io/tls")
                .withData(Map.of(CA_KEY, b64.encodeToString(tls.caPem().getBytes(StandardCharsets.US_ASCII)),
                        CERT_KEY, b64.encodeToString(tls.certPem().getBytes(StandardCharsets.US_ASCII)),
                        KEY_KEY, b64.encodeToString(tls.keyPem().getBytes(StandardCharsets.US_ASCII))));
        return b.build();
    }

    static Optional<TlsMaterial> material(Secret secret) {
        Map<String, String> data = secret.getData();
        if (data == null || !data.keySet().containsAll(List.of(CA_KEY, CERT_KEY, KEY_KEY))) {
            return Optional.empty();
        }
        Base64.Decoder b64 = Base64.getDecoder();
        try {
            return Optional.of(new TlsMaterial(new String(b64.decode(data.get(CA_KEY)), StandardCharsets.US_ASCII),
                    new String(b64.decode(data.get(CERT_KEY)), StandardCharsets.US_ASCII),
                    new String(b64.decode(data.get(KEY_KEY)), StandardCharsets.US_ASCII)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Sets {@code caBundle} on every webhook of both configurations, where it differs; absent ones are skipped. */
    private void patchCaBundles(String caPem) {
        String bundle = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII));
        var mutating = client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(config.mutatingConfigurationName());
        var current = mutating.get();
        if (current == null) {
            LOG.warnf("MutatingWebhookConfiguration %s not found; the API server will not call the webhooks until it exists",
                    config.mutatingConfigurationName());
        } else if (current.getWebhooks().stream().map(MutatingWebhook::getClientConfig).anyMatch(c -> !bundle.equals(c.getCaBundle()))) {
            mutating.edit(c -> {
                c.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(bundle));
                return c;
            });
        }
        var validating = client.admissionRegistration().v1().validatingWebhookConfigurations().withName(config.validatingConfigurationName());
        var currentV = validating.get();
        if (currentV == null) {
            LOG.warnf("ValidatingWebhookConfiguration %s not found; the API server will not call the webhooks until it exists",
                    config.validatingConfigurationName());
        } else if (currentV.getWebhooks().stream().map(ValidatingWebhook::getClientConfig).anyMatch(c -> !bundle.equals(c.getCaBundle()))) {
            validating.edit(c -> {
                c.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(bundle));
                return c;
            });
        }
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(Objects.requireNonNull(path)), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
