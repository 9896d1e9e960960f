package io.spidernet.spiderpool.core.webhook;

import java.util.List;
import java.util.Objects;

/**
 * One problem with one field of an admitted object, shaped like a Kubernetes {@code StatusCause}
 * so the adapter can copy it into an AdmissionReview without re-parsing text.
 *
 * @param path   the field, in Kubernetes notation ({@code spec.ips[2]}, {@code spec.routes[0].gw})
 * @param type   what kind of problem it is
 * @param value  the offending value as the user wrote it, or {@code null} when there is none
 * @param detail a sentence that names the value and says what to change
 */
public record FieldError(String path, Type type, String value, String detail) {

    /** The Kubernetes {@code field.ErrorType}s the webhooks use; {@link #reason()} is the wire name. */
    public enum Type {
        INVALID("FieldValueInvalid"),
        FORBIDDEN("FieldValueForbidden"),
        ALREADY_EXISTS("FieldValueDuplicate"),
        REQUIRED("FieldValueRequired"),
        NOT_SUPPORTED("FieldValueNotSupported");

        private final String reason;

        Type(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    public FieldError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detail, "detail");
    }

    public static FieldError invalid(String path, String value, String detail) {
        return new FieldError(path, Type.INVALID, value, detail);
    }

    public static FieldError forbidden(String path, String value, String detail) {
        return new FieldError(path, Type.FORBIDDEN, value, detail);
    }

    public static FieldError alreadyExists(String path, String value, String detail) {
        return new FieldError(path, Type.ALREADY_EXISTS, value, detail);
    }

    public static FieldError required(String path, String detail) {
        return new FieldError(path, Type.REQUIRED, null, detail);
    }

    public static FieldError notSupported(String path, String value, List<String> supported) {
        return new FieldError(path, Type.NOT_SUPPORTED, value,
                "'" + value + "' is not supported, use one of " + String.join(", ", supported));
    }

    /** {@code path: detail}, the line a user sees in {@code kubectl} output. */
    public String message() {
        return path + ": " + detail;
    }

    @Override
    public String toString() {
        return message();
    }
}
