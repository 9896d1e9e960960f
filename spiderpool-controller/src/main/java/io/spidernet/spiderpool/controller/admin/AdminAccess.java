package io.spidernet.spiderpool.controller.admin;

import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may call what on the admin port, as kube-rbac-proxy decides it: the caller is a client
 * certificate's subject ({@link ClientCertificates}) or a reviewed bearer token (TokenReview), then
 * that user is checked (SubjectAccessReview) against a non-resource URL equal to the gRPC path with a
 * verb per method. Pure: the reviews' answers come in, a verdict goes out.
 */
public final class AdminAccess {
    static final String ADMIN = "spiderpool.controller.v1.Admin";

    /** The gRPC paths a caller may reach and the verb each needs; reflection reads, so it needs get. */
    private static final Map<String, String> VERBS = Map.of(
            "/" + ADMIN + "/PoolUsage", "get",
            "/" + ADMIN + "/ExplainAllocation", "get",
            "/" + ADMIN + "/GcPreview", "get",
            "/" + ADMIN + "/TriggerGc", "create",
            "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", "get",
            "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", "get");

    private AdminAccess() {
    }

    /** The RBAC attributes one call is checked with: verb on the non-resource URL {@code path}. */
    public record Check(String verb, String path) {
    }

    /** The user a TokenReview or a client certificate vouched for; the SubjectAccessReview asks about exactly this user. */
    public record Identity(String user, String uid, List<String> groups, Map<String, List<String>> extra) {
        public Identity {
            groups = groups == null ? List.of() : List.copyOf(groups);
            extra = extra == null ? Map.of() : Map.copyOf(extra);
        }
    }

    /** A TokenReview's status: authenticated with the user, or not. */
    public record TokenAnswer(boolean authenticated, Identity identity) {
    }

    /** A SubjectAccessReview's status; the authorizer's reason is logged, not told to the caller. */
    public record AccessAnswer(boolean allowed, String reason) {
    }

    /** OK, or the gRPC status code and description a refused call is answered with. */
    public record Verdict(Status.Code code, String description) {
        public static final Verdict ALLOWED = new Verdict(Status.Code.OK, "");

        public boolean allowed() {
            return code == Status.Code.OK;
        }
    }

    /** The check guarding a gRPC path; empty for a path no admin method has (answered UNIMPLEMENTED, unreviewed). */
    public static Optional<Check> checkFor(String grpcPath) {
        return Optional.ofNullable(VERBS.get(grpcPath)).map(verb -> new Check(verb, grpcPath));
    }

    /**
     * The token of an {@code authorization: Bearer <token>} header, or the UNAUTHENTICATED verdict
     * for a missing or malformed one.
     */
    public static Token bearerToken(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            return new Token(null, new Verdict(Status.Code.UNAUTHENTICATED,
                    "no bearer token: send the metadata 'authorization: Bearer <token>' with a token the API server accepts"));
        }
        String[] parts = authorizationHeader.trim().split(" +");
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer") || parts[1].isEmpty()) {
            return new Token(null, new Verdict(Status.Code.UNAUTHENTICATED,
                    "the authorization metadata is not 'Bearer <token>'"));
        }
        return new Token(parts[1], null);
    }

    /** A parsed header: the token, or why there is none. */
    public record Token(String value, Verdict refusal) {
        /** Never the token itself: a record's default would print it into any log line it reaches. */
        @Override
        public String toString() {
            return value == null ? "Token[none: " + refusal.description() + "]" : "Token[redacted]";
        }
    }

    /** What a TokenReview's answer means: empty to go on to the access review, else the refusal. */
    public static Optional<Verdict> afterTokenReview(TokenAnswer answer) {
        if (answer.authenticated() && answer.identity() != null && !answer.identity().user().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Verdict(Status.Code.UNAUTHENTICATED,
                "the API server does not accept the bearer token (TokenReview: not authenticated)"));
    }

    /** What a SubjectAccessReview's answer means for {@code who} calling under {@code check}. */
    public static Verdict afterAccessReview(Check check, Identity who, AccessAnswer answer) {
        if (answer.allowed()) {
            return Verdict.ALLOWED;
        }
        return new Verdict(Status.Code.PERMISSION_DENIED, "user " + who.user() + " may not " + check.verb() + " "
                + check.path() + ": grant verb " + check.verb() + " on nonResourceURL " + check.path()
                + " in a ClusterRole bound to it");
    }

    /** The API server could not answer a review; the caller may retry, and learns nothing more. */
    public static Verdict reviewUnavailable(String review) {
        return new Verdict(Status.Code.UNAVAILABLE, "cannot authorise the call now: the " + review
                + " failed at the API server; retry");
    }
}
