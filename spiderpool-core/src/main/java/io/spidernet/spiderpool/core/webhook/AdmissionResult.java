package io.spidernet.spiderpool.core.webhook;

import java.util.List;
import java.util.Objects;

/**
 * The answer of a validating rule set: allowed (no errors) or rejected with the HTTP status
 * upstream answers with. The status is data rather than derived from the error types because
 * upstream wraps field-level {@code Forbidden} errors (e.g. "IPv4 is disabled") in a 422 Invalid
 * response, while a terminating object or the delete guard is a whole-object 403.
 */
public record AdmissionResult(Status status, List<FieldError> errors) {

    /** How the adapter answers: HTTP code and Kubernetes {@code StatusReason}. */
    public enum Status {
        ALLOWED(200, ""),
        INVALID(422, "Invalid"),
        ALREADY_EXISTS(409, "AlreadyExists"),
        FORBIDDEN(403, "Forbidden");

        private final int httpCode;
        private final String reason;

        Status(int httpCode, String reason) {
            this.httpCode = httpCode;
            this.reason = reason;
        }

        public int httpCode() {
            return httpCode;
        }

        public String reason() {
            return reason;
        }
    }

    private static final AdmissionResult ALLOWED = new AdmissionResult(Status.ALLOWED, List.of());

    public AdmissionResult {
        Objects.requireNonNull(status, "status");
        errors = List.copyOf(errors);
        if ((status == Status.ALLOWED) != errors.isEmpty()) {
            throw new IllegalArgumentException("an allowed result has no errors and a rejection has at least one");
        }
    }

    public static AdmissionResult allowed() {
        return ALLOWED;
    }

    /** Field errors: 422, or 409 when the only problem is a taken name (upstream's two create answers). */
    public static AdmissionResult of(List<FieldError> errors) {
        if (errors.isEmpty()) {
            return ALLOWED;
        }
        boolean duplicate = errors.stream().anyMatch(e -> e.type() == FieldError.Type.ALREADY_EXISTS);
        return new AdmissionResult(duplicate ? Status.ALREADY_EXISTS : Status.INVALID, errors);
    }

    /** A whole-object refusal (terminating object, delete guard). */
    public static AdmissionResult forbidden(FieldError error) {
        return new AdmissionResult(Status.FORBIDDEN, List.of(error));
    }

    /**
     * The answer for an {@code ipVersion} other than 4 or 6 (upstream: 422 NotSupported). The model
     * cannot hold such a value, so the adapter meets it while decoding the object, not a rule.
     */
    public static AdmissionResult unsupportedIpVersion(String raw) {
        return of(List.of(FieldError.notSupported("spec.ipVersion", raw, List.of("4", "6"))));
    }

    public boolean isAllowed() {
        return status == Status.ALLOWED;
    }
}
