package io.spidernet.spiderpool.it;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.UserInfoBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.NonResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TokenReview and SubjectAccessReview answered as kube-apiserver would for the callers a test
 * registers (the CRUD mock would store the review and echo it back without a status, which the
 * controller reads as "not authenticated"): a registered token is authenticated as its user, any
 * other token is not; a review allows a user exactly the non-resource (verb, path) pairs granted to it.
 */
final class ReviewAnswers {
    static final String TOKEN_REVIEWS = "/apis/authentication.k8s.io/v1/tokenreviews";
    static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";

    /** One non-resource URL permission, as a ClusterRole's {@code nonResourceURLs} rule grants it. */
    record Grant(String verb, String path) {
    }

    private final KubernetesSerialization json = new KubernetesSerialization();
    private final Map<String, String> users = new ConcurrentHashMap<>();
    private final Map<String, Set<Grant>> grants = new ConcurrentHashMap<>();

    /** {@code token} authenticates as {@code user}, who may do exactly {@code granted}. */
    void register(String token, String user, Set<Grant> granted) {
        users.put(token, user);
        grants.put(user, Set.copyOf(granted));
    }

    /** The answer to a review POST; empty for every other request (the CRUD mock answers those). */
    Optional<MockResponse> answer(RecordedRequest request) {
        if (!request.getMethod().equals("POST")) {
            return Optional.empty();
        }
        String path = request.getPath();
        int q = path.indexOf('?');
        path = q < 0 ? path : path.substring(0, q);
        Object answered = switch (path) {
            case TOKEN_REVIEWS -> tokenReview(json.unmarshal(request.getUtf8Body(), TokenReview.class));
            case ACCESS_REVIEWS -> accessReview(json.unmarshal(request.getUtf8Body(), SubjectAccessReview.class));
            default -> null;
        };
        return Optional.ofNullable(answered).map(a -> new MockResponse().setResponseCode(201)
                .setHeader("Content-Type", "application/json").setBody(json.asJson(a)));
    }

    private TokenReview tokenReview(TokenReview review) {
        String user = review.getSpec() == null ? null : users.get(review.getSpec().getToken());
        TokenReviewStatus status = new TokenReviewStatus();
        status.setAuthenticated(user != null);
        if (user != null) {
            status.setUser(new UserInfoBuilder().withUsername(user).withUid("uid-" + user).build());
        } else {
            status.setError("invalid bearer token");
        }
        review.setStatus(status);
        return review;
    }

    private SubjectAccessReview accessReview(SubjectAccessReview review) {
        NonResourceAttributes asked = review.getSpec() == null ? null : review.getSpec().getNonResourceAttributes();
        boolean allowed = asked != null && grants.getOrDefault(review.getSpec().getUser(), Set.of())
                .contains(new Grant(asked.getVerb(), asked.getPath()));
        SubjectAccessReviewStatus status = new SubjectAccessReviewStatus();
        status.setAllowed(allowed);
        status.setReason(allowed ? "granted by the test" : "no grant for this user, verb and path");
        review.setStatus(status);
        return review;
    }
}
