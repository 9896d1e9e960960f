package io.spidernet.spiderpool.controller.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook listener's limits, each with small values so a test sees it act: a socket that would
 * otherwise wait gives up after 10 s, and the limit under test is far below that.
 */
class WebhookListenerTest {
    private static final String DNS = "spiderpool-controller.kube-system.svc";
    private static final TlsMaterial TLS = CertificateAuthority.issue(List.of(DNS), Instant.now(), Duration.ofDays(1));
    private static final String PATH = AdmissionRouter.VALIDATE_PREFIX + "spiderippool";
    private static final Duration LONG = Duration.ofMinutes(5);

    private final Vertx vertx = Vertx.vertx();
    private final AtomicInteger answered = new AtomicInteger();
    private WebhookHttps https;

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void start(WebhookListener.Limits limits, WebhookListener.Answerer answerer) throws Exception {
        WebhookListener listener = WebhookListener.start(vertx, 0, ServingKeyManager.following(new ServingCertificate(TLS)), limits, (path, body) -> {
            answered.incrementAndGet();
            return answerer.answer(path, body);
        }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        https = new WebhookHttps(listener.port(), TLS.caCertificate(), DNS);
    }

    private void start(WebhookListener.Limits limits) throws Exception {
        start(limits, (path, body) -> Optional.of("{}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aBodyDeclaredLargerThanTheCapIsRefusedBeforeItIsSent() throws Exception {
        start(new WebhookListener.Limits(1024, LONG, LONG, 100));

        try (SSLSocket s = https.connect()) {
            WebhookHttps.Answer a = WebhookHttps.exchange(s, WebhookHttps.head("POST", PATH, 1025), new byte[0]);

            assertThat(a.status()).isEqualTo(413);
            assertThat(s.getInputStream().read()).as("closed").isEqualTo(-1);
        }
        assertThat(answered).hasValue(0);
    }

    @Test
    void aChunkedBodyGrowingPastTheCapIsRefusedWhileItArrives() throws Exception {
        start(new WebhookListener.Limits(1024, LONG, LONG, 100));
        String head = "POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n";
        String chunks = "3e8\r\n" + "x".repeat(1000) + "\r\n64\r\n" + "x".repeat(100) + "\r\n";  // no last chunk: still sending

        try (SSLSocket s = https.connect()) {
            assertThat(WebhookHttps.exchange(s, head, chunks.getBytes(StandardCharsets.US_ASCII)).status()).isEqualTo(413);
        }
        assertThat(answered).hasValue(0);
    }

    @Test
    void aBodyAtTheCapIsRead() throws Exception {
        start(new WebhookListener.Limits(1024, LONG, LONG, 100));

        try (SSLSocket s = https.connect()) {
            assertThat(WebhookHttps.exchange(s, WebhookHttps.head("POST", PATH, 1024), new byte[1024]).status()).isEqualTo(200);
        }
    }

    @Test
    void aClientThatStopsSendingItsBodyGets408AndIsDisconnected() throws Exception {
        start(new WebhookListener.Limits(1024, LONG, Duration.ofMillis(300), 100));

        try (SSLSocket s = https.connect()) {
            WebhookHttps.Answer a = WebhookHttps.exchange(s, WebhookHttps.head("POST", PATH, 100), new byte[10]);

            assertThat(a.status()).isEqualTo(408);
            assertThat(s.getInputStream().read()).as("closed").isEqualTo(-1);
        }
        assertThat(answered).hasValue(0);
    }

    @Test
    void aSilentConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        start(new WebhookListener.Limits(1024, Duration.ofMillis(300), LONG, 100));

        try (SSLSocket s = https.connect()) {
            assertThat(s.getInputStream().read()).as("closed by the server, not timed out here").isEqualTo(-1);
        }
    }

    @Test
    void connectionsBeyondTheCapAreClosedAndTheOthersKeepWorking() throws Exception {
        start(new WebhookListener.Limits(1024, LONG, LONG, 2));
        try (SSLSocket first = https.connect(); SSLSocket second = https.connect()) {
            assertThat(post(first).status()).isEqualTo(200);
            assertThat(post(second).status()).isEqualTo(200);

            try (SSLSocket third = https.connect()) {
                assertThat(third.getInputStream().read()).as("closed").isEqualTo(-1);
            } catch (IOException closedDuringHandshake) {
                assertThat(closedDuringHandshake).isNotInstanceOf(SocketTimeoutException.class);
            }
            assertThat(post(first).status()).as("kept alive").isEqualTo(200);
        }
    }

    @Test
    void onlyPostIsServed() throws Exception {
        start(new WebhookListener.Limits(1024, LONG, LONG, 100));

        try (SSLSocket s = https.connect()) {
            assertThat(WebhookHttps.exchange(s, WebhookHttps.head("GET", PATH, 0), new byte[0]).status()).isEqualTo(405);
            assertThat(WebhookHttps.exchange(s, WebhookHttps.head("PUT", PATH, 2), "{}".getBytes(StandardCharsets.US_ASCII)).status())
                    .isEqualTo(405);
        }
        assertThat(answered).hasValue(0);
    }

    @Test
    void failuresAnswerAFixedTextAndNeverTheExceptionsText() throws Exception {
        start(new WebhookListener.Limits(1024, LONG, LONG, 100), (path, body) -> {
            if (path.startsWith(AdmissionRouter.VALIDATE_PREFIX)) {
                throw new AdmissionRouter.BadReview("unexpected token 'SECRET-BODY-TEXT'");
            }
            throw new IllegalStateException("at io.spidernet.internal SECRET-DETAIL");
        });

        try (SSLSocket s = https.connect()) {
            WebhookHttps.Answer bad = post(s);
            WebhookHttps.Answer failed = WebhookHttps.exchange(s, WebhookHttps.head("POST", AdmissionRouter.MUTATE_PREFIX + "x", 2),
                    "{}".getBytes(StandardCharsets.US_ASCII));

            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body()).isEqualTo("the body is not an AdmissionReview with a request");
            assertThat(failed.status()).isEqualTo(500);
            assertThat(failed.body()).doesNotContain("SECRET").isEqualTo("the webhook failed; see the spiderpool-controller log");
        }
    }

    private static WebhookHttps.Answer post(SSLSocket s) throws IOException {
        return WebhookHttps.exchange(s, WebhookHttps.head("POST", PATH, 2), "{}".getBytes(StandardCharsets.US_ASCII));
    }
}
