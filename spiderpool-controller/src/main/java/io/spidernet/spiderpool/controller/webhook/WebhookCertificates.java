package io.spidernet.spiderpool.controller.webhook;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
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
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The serving certificate: either provided (PEM files, used as they are) or automatic, kept in a
 * Secret that the first replica to start creates. Every call of {@link #ensure()} (at start, then
 * on each check and Secret change) returns what to serve now, renewing it when less than
 * {@code renew-before} is left. Writes carry the Secret's resourceVersion: of replicas racing to
 * create or renew, the losers serve the winner's, so all present one certificate.
 *
 * <p>A renewal issues a new CA with the new leaf, and the Secret's {@code ca.crt} (the webhook
 * configurations' {@code caBundle}) becomes the new CA followed by the old one. The old CA is
 * dropped once it has expired, which is when the old leaf it signed expires (they are issued
 * together with one lifetime): until then a replica that has not yet picked up the new leaf still
 * serves one the API server trusts, however long its pick-up takes, and after that the old leaf is
 * worthless anyway. This relies on no pick-up interval, unlike a fixed grace period would. Every
 * replica sets the {@code caBundle} before it serves a leaf it read, so the API server trusts any
 * leaf that is served ({@link CaBundles} keeps the bundle from moving back).
 */
final class WebhookCertificates {
    static final String CA_KEY = "ca.crt";
    static final String CERT_KEY = "tls.crt";
    static final String KEY_KEY = "tls.key";
    private static final Logger LOG = Logger.getLogger(WebhookCertificates.class);

    private final KubernetesClient client;
    private final String namespace;
    private final ControllerConfig.Webhook config;
    private final Clock clock;
    private final CaBundles caBundles;
    private final BooleanSupplier ownsCaBundle;

    WebhookCertificates(KubernetesClient client, String namespace, ControllerConfig.Webhook config, Clock clock) {
        this(client, namespace, config, clock, () -> true);
    }

    /** @param ownsCaBundle false while someone else owns the webhook configurations (External): their caBundle is left alone */
    WebhookCertificates(KubernetesClient client, String namespace, ControllerConfig.Webhook config, Clock clock,
                        BooleanSupplier ownsCaBundle) {
        this.ownsCaBundle = ownsCaBundle;
        this.client = client;
        this.namespace = namespace;
        this.config = config;
        this.clock = clock;
        this.caBundles = new CaBundles(client, config);
    }

    /** Whether the certificate is automatic (kept in the Secret and renewed), not provided as files. */
    boolean automatic() {
        return config.certFile().isEmpty() && config.keyFile().isEmpty();
    }

    /** A certificate must outlive its renewal window, or every check would renew it again. */
    void requireRenewable() {
        if (Duration.ofDays(config.certificateValidityDays()).compareTo(config.renewBefore().plus(config.certificateCheckPeriod())) <= 0) {
            throw new IllegalStateException("spiderpool.controller.webhook.certificate-validity-days is "
                    + config.certificateValidityDays() + " days, not longer than renew-before (" + config.renewBefore()
                    + ") plus certificate-check-period (" + config.certificateCheckPeriod()
                    + "): every check would renew the certificate; raise the validity or lower renew-before");
        }
    }

    String namespace() {
        return namespace;
    }

    String secretName() {
        return config.secretName();
    }

    /** The name the API server dials: {@code <service>.<namespace>.svc}. */
    String serviceDnsName() {
        return config.serviceName() + "." + namespace + ".svc";
    }

    /** The certificate to serve now, its CA bundle set in the webhook configurations that exist. */
    TlsMaterial ensure() {
        Optional<TlsMaterial> provided = provided();
        TlsMaterial tls = provided.orElseGet(this::fromSecret);
        if ((provided.isEmpty() || config.caFile().isPresent()) && ownsCaBundle.getAsBoolean()) {
            caBundles.point(tls.caPem());
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
        Instant now = clock.instant();
        Secret stored = client.secrets().inNamespace(namespace).withName(config.secretName()).get();
        Optional<TlsMaterial> current = Optional.ofNullable(stored).flatMap(WebhookCertificates::material);
        if (current.isPresent() && current.get().serves(serviceDnsName(), now.plus(config.renewBefore()))) {
            String live = bundle(current.get().caCertificates(), now);
            return live.equals(current.get().caPem()) ? current.get() : write(current.get().withCas(live), stored, "expired CAs dropped from");
        }
        TlsMaterial fresh = CertificateAuthority.issue(List.of(serviceDnsName(), config.serviceName() + "." + namespace,
                config.serviceName()), now, Duration.ofDays(config.certificateValidityDays()));
        List<X509Certificate> cas = new ArrayList<>(List.of(fresh.caCertificate()));
        current.ifPresent(c -> cas.addAll(c.caCertificates()));  // old CAs stay trusted while the new leaf spreads
        return write(fresh.withCas(bundle(cas, now)), stored, stored == null ? "created" : "renewed");
    }

    /** The CAs not yet expired at {@code now}, in order, as PEM. */
    private static String bundle(List<X509Certificate> cas, Instant now) {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate ca : cas) {
            if (ca.getNotAfter().toInstant().isAfter(now)) {
                try {
                    pem.append(TlsMaterial.pem("CERTIFICATE", ca.getEncoded()));
                } catch (CertificateEncodingException e) {
                    throw new IllegalStateException("cannot encode a CA certificate read from the Secret", e);
                }
            }
        }
        return pem.toString();
    }

    /** Creates or updates the Secret from {@code stored} (resourceVersion-checked); a lost race serves the winner's. */
    private TlsMaterial write(TlsMaterial tls, Secret stored, String what) {
        Secret desired = secret(tls, stored);
        try {
            if (stored == null) {
                client.secrets().inNamespace(namespace).resource(desired).create();
            } else {
                client.secrets().inNamespace(namespace).resource(desired).update();  // resourceVersion-checked
            }
            LOG.infof("webhook certificate: %s Secret %s/%s: %s", what, namespace, config.secretName(), tls);
            return tls;
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

    private static String read(String path) {
        try {
            return Files.readString(Path.of(Objects.requireNonNull(path)), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
