package io.spidernet.spiderpool.controller.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The holder every TLS server of the controller reads and subscribes to. */
class ServingCertificateTest {
    private static final List<String> NAMES = List.of("spiderpool-controller.kube-system.svc");
    private final TlsMaterial first = CertificateAuthority.issue(NAMES, Instant.now(), Duration.ofDays(1));
    private final TlsMaterial second = CertificateAuthority.issue(NAMES, Instant.now(), Duration.ofDays(2));

    @Test
    void listenersHearOfEachNewCertificateOnceItIsCurrentUntilTheyUnsubscribe() {
        ServingCertificate serving = new ServingCertificate(first);
        List<TlsMaterial> heard = new ArrayList<>();
        List<TlsMaterial> currentWhenHeard = new ArrayList<>();
        serving.onChange(tls -> {
            throw new IllegalStateException("a broken server");
        });
        ServingCertificate.Subscription s = serving.onChange(tls -> {
            heard.add(tls);
            currentWhenHeard.add(serving.current());
        });

        serving.replace(first);
        serving.replace(second);
        s.close();
        serving.replace(first);

        assertThat(heard).as("the same certificate again is no change; after close nothing").containsExactly(second);
        assertThat(currentWhenHeard).containsExactly(second);
        assertThat(serving.current()).isEqualTo(first);
    }
}
