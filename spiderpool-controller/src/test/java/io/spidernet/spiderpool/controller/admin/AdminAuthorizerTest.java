package io.spidernet.spiderpool.controller.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.grpc.Status;
import io.spidernet.spiderpool.controller.admin.AdminAccess.AccessAnswer;
import io.spidernet.spiderpool.controller.admin.AdminAccess.Check;
import io.spidernet.spiderpool.controller.admin.AdminAccess.Identity;
import io.spidernet.spiderpool.controller.admin.AdminAccess.TokenAnswer;
import io.spidernet.spiderpool.controller.admin.AdminAccess.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The verdict for each kind of caller, from review answers a fake API server gives, and the verdict
 * cache: reused within its TTL, asked again after it, bounded in size, never holding failures.
 */
class AdminAuthorizerTest {
    private static final String POOL_USAGE = "/spiderpool.controller.v1.Admin/PoolUsage";
    private static final String TRIGGER_GC = "/spiderpool.controller.v1.Admin/TriggerGc";

    private final AtomicLong now = new AtomicLong();
    private final FakeApiServer api = new FakeApiServer();
    private final AdminAuthorizer authorizer = new AdminAuthorizer(api, Duration.ofSeconds(10), 2, now::get);

    @Test
    void eachMethodIsCheckedWithItsVerbOnItsPath() {
        assertThat(AdminAccess.checkFor(POOL_USAGE)).contains(new Check("get", POOL_USAGE));
        assertThat(AdminAccess.checkFor("/spiderpool.controller.v1.Admin/ExplainAllocation")).map(Check::verb).contains("get");
        assertThat(AdminAccess.checkFor("/spiderpool.controller.v1.Admin/GcPreview")).map(Check::verb).contains("get");
        assertThat(AdminAccess.checkFor(TRIGGER_GC)).contains(new Check("create", TRIGGER_GC));
        assertThat(AdminAccess.checkFor("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo")).map(Check::verb)
                .contains("get");
        assertThat(AdminAccess.checkFor("/spiderpool.controller.v1.Admin/Nope")).isEmpty();
    }

    @Test
    void noHeaderOrAnotherSchemeIsUnauthenticatedWithoutAskingTheApiServer() {
        assertThat(authorizer.authorize(null, POOL_USAGE).code()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(authorizer.authorize("Basic YTpi", POOL_USAGE).code()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(authorizer.authorize("Bearer", POOL_USAGE).code()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(api.tokenReviews).isEmpty();
    }

    @Test
    void aTokenTheApiServerRejectsIsUnauthenticated() {
        Verdict v = authorizer.authorize("Bearer bogus", POOL_USAGE);

        assertThat(v.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(api.accessReviews).as("no access review for nobody").isEmpty();
    }

    @Test
    void aDeniedUserLearnsTheVerbAndPathItNeeds() {
        Verdict v = authorizer.authorize("Bearer mallory", TRIGGER_GC);

        assertThat(v).isEqualTo(new Verdict(Status.Code.PERMISSION_DENIED, "user mallory may not create " + TRIGGER_GC
                + ": grant verb create on nonResourceURL " + TRIGGER_GC + " in a ClusterRole bound to it"));
    }

    @Test
    void anAllowedUserIsCheckedForExactlyTheCallItMakes() {
        assertThat(authorizer.authorize("bearer  alice", TRIGGER_GC).allowed()).isTrue();

        assertThat(api.tokenReviews).containsExactly("alice");
        assertThat(api.accessReviews).containsExactly("alice create " + TRIGGER_GC);
    }

    @Test
    void aVerdictIsReusedWithinItsTtlAndAskedAgainAfter() {
        authorizer.authorize("Bearer alice", POOL_USAGE);
        authorizer.authorize("Bearer mallory", POOL_USAGE);
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(authorizer.authorize("Bearer alice", POOL_USAGE).allowed()).isTrue();
        assertThat(authorizer.authorize("Bearer mallory", POOL_USAGE).code()).as("refusals are cached too")
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(api.tokenReviews).containsExactly("alice", "mallory");

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        authorizer.authorize("Bearer alice", POOL_USAGE);
        assertThat(api.tokenReviews).containsExactly("alice", "mallory", "alice");
    }

    @Test
    void aVerdictIsForOnePathOnly() {
        authorizer.authorize("Bearer alice", POOL_USAGE);
        authorizer.authorize("Bearer alice", TRIGGER_GC);

        assertThat(api.accessReviews).containsExactly("alice get " + POOL_USAGE, "alice create " + TRIGGER_GC);
    }

    @Test
    void theCacheKeepsAtMostItsSizeDroppingTheEldest() {
        authorizer.authorize("Bearer alice", POOL_USAGE);
        authorizer.authorize("Bearer mallory", POOL_USAGE);
        authorizer.authorize("Bearer alice-2", POOL_USAGE);
        authorizer.authorize("Bearer mallory", POOL_USAGE);
        authorizer.authorize("Bearer alice", POOL_USAGE);

        assertThat(api.tokenReviews).containsExactly("alice", "mallory", "alice-2", "alice");
    }

    @Test
    void anApiServerFailureIsUnavailableNamesNoTokenAndIsNotCached() {
        api.failing = true;
        Verdict v = authorizer.authorize("Bearer alice-secret", POOL_USAGE);
        api.failing = false;

        assertThat(v.code()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(v.description()).contains("TokenReview").doesNotContain("alice-secret").doesNotContain("Exception");
        assertThat(authorizer.authorize("Bearer alice-secret", POOL_USAGE).allowed()).isTrue();
    }

    /** Tokens starting {@code alice} are user alice, allowed everything; {@code mallory} is allowed nothing. */
    private static final class FakeApiServer implements Reviews {
        final List<String> tokenReviews = new ArrayList<>();
        final List<String> accessReviews = new ArrayList<>();
        volatile boolean failing;

        @Override
        public TokenAnswer reviewToken(String token) {
            if (failing) {
                throw new Unavailable("TokenReview", new KubernetesClientException("boom with alice-secret"));
            }
            tokenReviews.add(token);
            String user = token.startsWith("alice") ? "alice" : token.startsWith("mallory") ? "mallory" : null;
            return user == null ? new TokenAnswer(false, null)
                    : new TokenAnswer(true, new Identity(user, "uid-" + user, List.of("system:authenticated"), Map.of()));
        }

        @Override
        public AccessAnswer reviewAccess(Identity who, Check check) {
            accessReviews.add(who.user() + " " + check.verb() + " " + check.path());
            return new AccessAnswer(who.user().equals("alice"), "");
        }
    }
}
