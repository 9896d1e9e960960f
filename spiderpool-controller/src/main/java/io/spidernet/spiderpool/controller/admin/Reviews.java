package io.spidernet.spiderpool.controller.admin;

import io.spidernet.spiderpool.controller.admin.AdminAccess.AccessAnswer;
import io.spidernet.spiderpool.controller.admin.AdminAccess.Check;
import io.spidernet.spiderpool.controller.admin.AdminAccess.Identity;
import io.spidernet.spiderpool.controller.admin.AdminAccess.TokenAnswer;

/** The API server's TokenReview and SubjectAccessReview, as the admin authorisation asks them. */
public interface Reviews {

    /** Reviews a bearer token; throws {@link Unavailable} when the API server gives no answer. */
    TokenAnswer reviewToken(String token);

    /** Whether {@code who} may {@code check.verb()} the non-resource URL {@code check.path()}. */
    AccessAnswer reviewAccess(Identity who, Check check);

    /** No answer from the API server; {@code review} names which review failed, never the token. */
    final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String review;

        public Unavailable(String review, Throwable cause) {
            super(review + " failed: " + cause.getClass().getSimpleName(), cause);
            this.review = review;
        }

        public String review() {
            return review;
        }
    }
}
