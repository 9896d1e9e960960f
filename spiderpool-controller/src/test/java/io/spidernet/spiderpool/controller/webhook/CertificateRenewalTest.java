package io.spidernet.spiderpool.controller.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The automatic certificate renewed while replicas run, against fabric8's CRUD API server and a
 * clock the test moves: the renewing replica and a second one serve the new leaf without a
 * restart, and the webhook configurations trust the old and the new CA meanwhile. The handshakes
 * accept any certificate and report the one served (the test clock runs ahead of the real one,
 * which a validating client would check the leaf against); chains are checked by signature.
 */
@EnableKubernetesMockClient(crud = true)
class CertificateRenewalTest {
    private static final String NS = "kube-system";
    private static final String SECRET = "spiderpool-controller-server-certs";

    KubernetesClient client;
    private final Vertx vertx = Vertx.vertx();
    private final List<CertificateKeeper> keepers = new ArrayList<>();
    private final TestClock clock = new TestClock(Instant.now());

    @BeforeEach
    void webhookConfigurations() {
        try (InputStream in = Files.newInputStream(Path.of("../deploy/controller/webhooks.yaml"))) {
            client.load(in).items().forEach(o -> client.resource(o).create());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() throws Exception {
        keepers.forEach(CertificateKeeper::close);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aCertificateNearItsExpiryIsRenewedWhileRunningAndEveryReplicaServesItWithoutRestart() throws Exception {
        TestWebhookSettings settings = TestWebhookSettings.of(SECRET, 100);
        WebhookListener renewing = replica(settings, Duration.ofMillis(50));
        WebhookListener other = replica(settings, Duration.ofHours(1));  // only the Secret's watch can bring it the renewal
        X509Certificate oldLeaf = served(renewing);
        X509Certificate oldCa = stored().caCertificate();
        assertThat(served(other)).isEqualTo(oldLeaf);

        clock.advance(Duration.ofDays(71));  // 29 days left: less than renew-before
        long renewing0 = System.nanoTime();
        X509Certificate newLeaf = awaitServedOtherThan(renewing, oldLeaf);
        long renewed = System.nanoTime();
        X509Certificate picked = awaitServedOtherThan(other, oldLeaf);
        long pickedUp = System.nanoTime();

        TlsMaterial stored = stored();
        assertThat(newLeaf).isEqualTo(stored.certificate()).isEqualTo(picked);
        assertThat(stored.caCertificates()).as("the new CA first, the old one kept").containsExactly(stored.caCertificate(), oldCa);
        assertThat(stored.caCertificate()).isNotEqualTo(oldCa);
        newLeaf.verify(stored.caCertificate().getPublicKey());
        oldLeaf.verify(oldCa.getPublicKey());
        assertThat(caBundles()).as("both configurations, every webhook").hasSize(10)
                .allSatisfy(bundle -> assertThat(bundle).containsExactly(stored.caCertificate(), oldCa));
        System.out.printf("renewal: the renewing replica served the new leaf %d ms after the clock passed renew-before;"
                + " the second replica %d ms after that%n", (renewed - renewing0) / 1_000_000, (pickedUp - renewed) / 1_000_000);
    }

    @Test
    void theOldCaLeavesTheBundleOnceItHasExpired() {
        TestWebhookSettings settings = TestWebhookSettings.of(SECRET, 100);
        WebhookCertificates certificates = new WebhookCertificates(client, NS, settings, clock);
        X509Certificate oldCa = certificates.ensure().caCertificate();
        clock.advance(Duration.ofDays(71));
        TlsMaterial renewed = certificates.ensure();
        assertThat(renewed.caCertificates()).hasSize(2);

        clock.advance(Duration.ofDays(30));  // the old CA and its leaf expired; the new leaf has 70 days left
        TlsMaterial later = certificates.ensure();

        assertThat(later.certificate()).as("not renewed again").isEqualTo(renewed.certificate());
        assertThat(later.caCertificates()).containsExactly(renewed.caCertificate()).doesNotContain(oldCa);
        assertThat(stored()).isEqualTo(later);
        assertThat(caBundles()).allSatisfy(bundle -> assertThat(bundle).containsExactly(renewed.caCertificate()));
    }

    @Test
    void replicasRacingToRenewAllServeTheWinnersCertificate() throws Exception {
        TestWebhookSettings settings = TestWebhookSettings.of(SECRET, 100);
        TlsMaterial first = new WebhookCertificates(client, NS, settings, clock).ensure();
        clock.advance(Duration.ofDays(71));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TlsMaterial>> replicas = new ArrayList<>();
        List<TlsMaterial> served = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            for (int i = 0; i < 6; i++) {
                replicas.add(pool.submit(() -> {
                    go.await();
                    return new WebhookCertificates(client, NS, settings, clock).ensure();
                }));
            }
            go.countDown();
            for (Future<TlsMaterial> r : replicas) {
                served.add(r.get());
            }
        }

        assertThat(served).allSatisfy(tls -> assertThat(tls).isEqualTo(stored()).isNotEqualTo(first));
    }

    @Test
    void aStaleReadNeverTakesANewerCaOutOfTheBundle() {
        TestWebhookSettings settings = TestWebhookSettings.of(SECRET, 100);
        TlsMaterial old = new WebhookCertificates(client, NS, settings, clock).ensure();
        clock.advance(Duration.ofDays(71));
        TlsMaterial renewed = new WebhookCertificates(client, NS, settings, clock).ensure();

        new CaBundles(client, settings).point(old.caPem());  // what a replica that read the Secret before the renewal would set

        assertThat(caBundles()).allSatisfy(bundle -> assertThat(bundle).containsExactly(renewed.caCertificate(), old.caCertificate()));
    }

    @Test
    void tlsMaterialNamesItsCertificateAndNeverPrintsItsKey() {
        TlsMaterial tls = CertificateAuthority.issue(List.of("spiderpool-controller.kube-system.svc"), clock.instant(), Duration.ofDays(1));
        String keyBody = tls.keyPem().lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();

        assertThat(tls.toString()).contains("CN=spiderpool-controller.kube-system.svc")
                .contains(tls.certificate().getNotAfter().toInstant().toString())
                .doesNotContain(keyBody).doesNotContain("PRIVATE KEY").doesNotContain(tls.keyPem());
    }

    @Test
    void aValidityNotLongerThanTheRenewalWindowIsRefusedNamingTheSettings() {
        CertificateKeeper keeper = new CertificateKeeper(client, new WebhookCertificates(client, NS, TestWebhookSettings.of(SECRET, 30), clock),
                Duration.ofHours(1));

        assertThatThrownBy(keeper::serving).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("certificate-validity-days is 30 days").hasMessageContaining("renew-before (PT720H)");
    }

    /** A replica: its keeper checking every {@code period}, and a listener presenting what the keeper picks up. */
    private WebhookListener replica(TestWebhookSettings settings, Duration period) throws Exception {
        CertificateKeeper keeper = new CertificateKeeper(client, new WebhookCertificates(client, NS, settings, clock), period);
        keepers.add(keeper);
        ServingCertificate serving = keeper.serving();
        return WebhookListener.start(vertx, 0, ServingKeyManager.following(serving), WebhookListener.Limits.of(settings),
                (path, body) -> Optional.empty()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private TlsMaterial stored() {
        Secret secret = client.secrets().inNamespace(NS).withName(SECRET).get();
        return WebhookCertificates.material(secret).orElseThrow();
    }

    /** The CAs of every webhook's caBundle, one list per webhook. */
    private List<List<X509Certificate>> caBundles() {
        var v1 = client.admissionRegistration().v1();
        return Stream.concat(
                v1.mutatingWebhookConfigurations().withName("spiderpool-controller").get().getWebhooks().stream().map(w -> w.getClientConfig().getCaBundle()),
                v1.validatingWebhookConfigurations().withName("spiderpool-controller").get().getWebhooks().stream().map(w -> w.getClientConfig().getCaBundle()))
                .map(b -> TlsMaterial.parseAll(new String(Base64.getDecoder().decode(b), StandardCharsets.US_ASCII))).toList();
    }

    private static X509Certificate awaitServedOtherThan(WebhookListener listener, X509Certificate old) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            X509Certificate now = served(listener);
            if (!now.equals(old)) {
                return now;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("still serving the old certificate after 20 s");
    }

    /** The leaf the listener presents in a TLS handshake now. */
    private static X509Certificate served(WebhookListener listener) throws IOException, GeneralSecurityException {
        X509Certificate[] seen = new X509Certificate[1];
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new X509TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen[0] = chain[0];
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (SSLSocket s = (SSLSocket) ssl.getSocketFactory().createSocket("localhost", listener.port())) {
            s.setSoTimeout(10_000);
            s.startHandshake();
        }
        return seen[0];
    }
}
