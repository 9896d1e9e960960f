package io.spidernet.spiderpool.controller.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.spidernet.spiderpool.controller.admin.AdminAccess.AccessAnswer;
import io.spidernet.spiderpool.controller.admin.AdminAccess.Check;
import io.spidernet.spiderpool.controller.admin.AdminAccess.Identity;
import io.spidernet.spiderpool.controller.admin.AdminAccess.TokenAnswer;
import io.spidernet.spiderpool.controller.admin.AdminAccess.Verdict;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

/**
 * Callers by client certificate: who a certificate of the cluster's client CA is (CN the user, O the
 * groups, as kube-apiserver), the SubjectAccessReview asked for them, and every refusal with what it
 * says: no CA published, another CA, expired, not for client use, denied by RBAC; then how a
 * certificate and a token sent together are decided, and what the verdict cache keeps.
 */
class ClientCertificateAuthTest {
    private static final String POOL_USAGE = "/spiderpool.controller.v1.Admin/PoolUsage";
    private static final String TRIGGER_GC = "/spiderpool.controller.v1.Admin/TriggerGc";

    private final TestTls.Ca clusterCa = TestTls.Ca.create("cluster-client-ca");
    private final AtomicReference<ClientCaBundle> bundle = new AtomicReference<>(ClientCaBundle.parse(clusterCa.pem()));
    private final AtomicReference<Instant> wallClock = new AtomicReference<>(Instant.now());
    private final AtomicLong nanos = new AtomicLong();
    private final Reviews api = new Reviews() {
        @Override
        public TokenAnswer reviewToken(String token) {
            tokenReviews.add(token);
            return token.equals("alice-token") ? new TokenAnswer(true, new Identity("alice", "u-a", List.of(), Map.of()))
                    : new TokenAnswer(false, null);
        }

        @Override
        public AccessAnswer reviewAccess(Identity who, Check check) {
            accessReviews.add(who.user() + " " + who.groups() + " " + check.verb() + " " + check.path());
            // RBAC: alice may do everything, dave nothing, anyone else everything but TriggerGc
            boolean allowed = switch (who.user()) {
                case "alice" -> true;
                case "dave" -> false;
                default -> !check.path().equals(TRIGGER_GC);
            };
            return new AccessAnswer(allowed, "");
        }
    };
    private final List<String> tokenReviews = new ArrayList<>();
    private final List<String> accessReviews = new ArrayList<>();
    private final AdminAuthorizer authorizer = new AdminAuthorizer(api, Duration.ofSeconds(10), 16, nanos::get, bundle::get,
            new Clock() {
                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return wallClock.get();
                }
            });

    @Test
    void theUserIsTheCommonNameAndTheGroupsTheOrganisationsInOrder() {
        TestTls.Client carol = clusterCa.issue("O=spiderpool-admins,O=ops,CN=carol");

        assertThat(authorizer.authorize(null, chain(carol), POOL_USAGE)).isEqualTo(Verdict.ALLOWED);
        assertThat(accessReviews).containsExactly("carol [spiderpool-admins, ops] get " + POOL_USAGE);
        assertThat(tokenReviews).isEmpty();
    }

    @Test
    void withNoClientCaPublishedCertificatesAreRefusedSayingSo() {
        bundle.set(ClientCaBundle.none("ConfigMap kube-system/extension-apiserver-authentication does not exist"));

        Verdict v = authorizer.authorize(null, chain(clusterCa.issue("CN=carol")), POOL_USAGE);

        assertThat(v.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(v.description()).contains("client certificates are not accepted here",
                "ConfigMap kube-system/extension-apiserver-authentication does not exist", "use a bearer token");
        assertThat(accessReviews).isEmpty();
    }

    @Test
    void aConfigMapWithoutTheKeyOrWithGarbageIsNoBundle() {
        assertThat(ClientCaBundle.parse(null).absence()).contains("has no client-ca-file");
        assertThat(ClientCaBundle.parse("not a certificate").present()).isFalse();
        assertThat(ClientCaBundle.parse("x".repeat(ClientCaBundle.MAX_CHARS + 1)).absence()).contains("characters long");
        assertThat(ClientCaBundle.parse(clusterCa.pem() + TestTls.Ca.create("second").pem()).certificates()).hasSize(2);
    }

    @Test
    void aCertificateOfAnotherCaIsRefusedAsNotSignedByTheClusterCa() {
        TestTls.Client mallory = TestTls.Ca.create("elsewhere").issue("O=system:masters,CN=mallory");

        Verdict v = authorizer.authorize(null, chain(mallory), POOL_USAGE);

        assertThat(v.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(v.description()).contains("CN=mallory", "issuer CN=elsewhere",
                "is not signed by a CA of the cluster's client CA bundle", "extension-apiserver-authentication");
        assertThat(accessReviews).as("never reviewed, so never anonymous either").isEmpty();
    }

    @Test
    void anExpiredCertificateIsRefusedAsExpired() {
        Instant now = Instant.now();
        TestTls.Client old = clusterCa.issue("CN=carol", now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)),
                KeyPurposeId.id_kp_clientAuth);

        Verdict v = authorizer.authorize(null, chain(old), POOL_USAGE);

        assertThat(v.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(v.description()).contains("CN=carol expired at " + old.certificate().getNotAfter().toInstant())
                .doesNotContain("not signed");
        assertThat(accessReviews).isEmpty();
    }

    @Test
    void aServerCertificateIsNotAClientCertificate() {
        TestTls.Client server = clusterCa.issue("CN=carol", Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600),
                KeyPurposeId.id_kp_serverAuth);

        assertThat(authorizer.authorize(null, chain(server), POOL_USAGE).description()).contains("not for client authentication");
    }

    @Test
    void aCertificateUserRbacDeniesGetsTheRbacMessage() {
        Verdict v = authorizer.authorize(null, chain(clusterCa.issue("CN=dave")), TRIGGER_GC);

        assertThat(v).isEqualTo(new Verdict(Status.Code.PERMISSION_DENIED, "user dave may not create " + TRIGGER_GC
                + ": grant verb create on nonResourceURL " + TRIGGER_GC + " in a ClusterRole bound to it"));
    }

    @Test
    void aValidCertificateDecidesWhateverTokenComesWithIt() {
        Verdict v = authorizer.authorize("Bearer alice-token", chain(clusterCa.issue("CN=dave")), TRIGGER_GC);

        assertThat(v.code()).as("dave's certificate, not alice's token").isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(tokenReviews).isEmpty();
    }

    @Test
    void aRefusedCertificateLeavesTheTokenToDecideAndBothRefusalsAreTold() {
        TestTls.Client foreign = TestTls.Ca.create("elsewhere").issue("CN=mallory");

        assertThat(authorizer.authorize("Bearer alice-token", chain(foreign), TRIGGER_GC)).isEqualTo(Verdict.ALLOWED);
        Verdict v = authorizer.authorize("Bearer stolen", chain(foreign), POOL_USAGE);
        assertThat(v.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(v.description()).contains("TokenReview: not authenticated", "nor the client certificate", "not signed");
    }

    @Test
    void theReviewIsCachedPerCertificateButTheCertificateIsCheckedAtEveryCall() {
        Instant now = Instant.now();
        TestTls.Client carol = clusterCa.issue("CN=carol", now.minusSeconds(60), now.plusSeconds(5), KeyPurposeId.id_kp_clientAuth);
        TestTls.Client carolAgain = clusterCa.issue("CN=carol");

        authorizer.authorize(null, chain(carol), POOL_USAGE);
        authorizer.authorize(null, chain(carol), POOL_USAGE);
        authorizer.authorize(null, chain(carolAgain), POOL_USAGE);
        assertThat(accessReviews).as("one review per certificate within the TTL").hasSize(2);

        wallClock.set(now.plusSeconds(6));
        assertThat(authorizer.authorize(null, chain(carol), POOL_USAGE).description()).contains("expired");
        bundle.set(ClientCaBundle.parse(TestTls.Ca.create("rotated").pem()));
        assertThat(authorizer.authorize(null, chain(carolAgain), POOL_USAGE).description())
                .as("a CA no longer published signs nothing, cached review or not").contains("not signed");
    }

    private static List<X509Certificate> chain(TestTls.Client client) {
        return List.of(client.certificate());
    }
}
