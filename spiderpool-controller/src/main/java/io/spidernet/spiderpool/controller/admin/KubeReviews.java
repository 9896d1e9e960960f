package io.spidernet.spiderpool.controller.admin;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.spidernet.spiderpool.controller.admin.AdminAccess.AccessAnswer;
import io.spidernet.spiderpool.controller.admin.AdminAccess.Check;
import io.spidernet.spiderpool.controller.admin.AdminAccess.Identity;
import io.spidernet.spiderpool.controller.admin.AdminAccess.TokenAnswer;

/** {@link Reviews} through fabric8: POSTs of authentication.k8s.io/v1 TokenReview and authorization.k8s.io/v1 SubjectAccessReview. */
public final class KubeReviews implements Reviews {
    private final KubernetesClient client;

    public KubeReviews(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public TokenAnswer reviewToken(String token) {
        TokenReview review = new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build();
        TokenReview answer;
        try {
            answer = client.authentication().v1().tokenReviews().create(review);
        } catch (KubernetesClientException | IllegalStateException e) {
            throw new Unavailable("TokenReview", e);
        }
        if (answer == null || answer.getStatus() == null || !Boolean.TRUE.equals(answer.getStatus().getAuthenticated())) {
            return new TokenAnswer(false, null);
        }
        UserInfo user = answer.getStatus().getUser();
        if (user == null || user.getUsername() == null) {
            return new TokenAnswer(false, null);
        }
        return new TokenAnswer(true, new Identity(user.getUsername(), user.getUid() == null ? "" : user.getUid(),
                user.getGroups(), user.getExtra()));
    }

    @Override
    public AccessAnswer reviewAccess(Identity who, Check check) {
        SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec().withUser(who.user()).withUid(who.uid())
                .withGroups(who.groups()).withExtra(who.extra())
                .withNewNonResourceAttributes().withPath(check.path()).withVerb(check.verb()).endNonResourceAttributes()
                .endSpec().build();
        SubjectAccessReview answer;
        try {
            answer = client.authorization().v1().subjectAccessReview().create(review);
        } catch (KubernetesClientException | IllegalStateException e) {
            throw new Unavailable("SubjectAccessReview", e);
        }
        if (answer == null || answer.getStatus() == null) {
            return new AccessAnswer(false, "no status in the SubjectAccessReview answer");
        }
        return new AccessAnswer(Boolean.TRUE.equals(answer.getStatus().getAllowed()),
                answer.getStatus().getReason() == null ? "" : answer.getStatus().getReason());
    }
}
