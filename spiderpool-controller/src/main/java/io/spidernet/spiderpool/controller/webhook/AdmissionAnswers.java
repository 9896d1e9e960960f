package io.spidernet.spiderpool.controller.webhook;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.zjsonpatch.JsonDiff;
import io.spidernet.spiderpool.core.webhook.AdmissionResult;
import io.spidernet.spiderpool.core.webhook.FieldError;
import io.spidernet.spiderpool.core.webhook.Mutation;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The three translations every kind's admission shares: the request's object into the model
 * (a value the model cannot hold becomes a 422 with the field named), a core {@link Mutation}
 * into a JSON patch, and a core {@link AdmissionResult} into a Kubernetes {@code Status} with
 * upstream's code and reason and one cause per field, so {@code kubectl} prints what to change.
 */
final class AdmissionAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The object could not be read into the model; {@link #result()} says which field and why. */
    static final class Undecodable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient AdmissionResult result;

        Undecodable(AdmissionResult result) {
            super(result.errors().toString(), null, false, false);
            this.result = result;
        }

        AdmissionResult result() {
            return result;
        }
    }

    private AdmissionAnswers() {}

    static <T> T decode(Object raw, Class<T> type) {
        JsonNode tree = JSON.valueToTree(raw);
        try {
            return JSON.treeToValue(tree, type);
        } catch (JsonMappingException e) {
            throw new Undecodable(AdmissionResult.of(List.of(fieldError(tree, e))));
        } catch (java.io.IOException e) {
            throw new Undecodable(AdmissionResult.of(List.of(FieldError.invalid("", null, "cannot be read"))));
        }
    }

    /** Allowed, with the patch from the object as sent to the object as core left it (none when equal). */
    static AdmissionResponse patched(AdmissionRequest req, Object sent, Mutation<?> mutation) {
        AdmissionResponseBuilder out = new AdmissionResponseBuilder().withUid(req.getUid()).withAllowed(true);
        JsonNode patch = JsonDiff.asJson(JSON.valueToTree(sent), JSON.valueToTree(mutation.object()));
        if (!patch.isEmpty()) {
            out.withPatchType("JSONPatch")
                    .withPatch(Base64.getEncoder().encodeToString(patch.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return out.withWarnings(mutation.warnings().isEmpty() ? null : mutation.warnings()).build();
    }

    /** Allowed, or refused with a {@code Status}; {@code plural} names the resource as kubectl does. */
    static AdmissionResponse answer(AdmissionRequest req, AdmissionResult result, String plural) {
        AdmissionResponseBuilder out = new AdmissionResponseBuilder().withUid(req.getUid()).withAllowed(result.isAllowed());
        if (result.isAllowed()) {
            return out.build();
        }
        StatusDetailsBuilder details = new StatusDetailsBuilder().withGroup("spiderpool.spidernet.io").withKind(plural)
                .withName(req.getName());
        for (FieldError e : result.errors()) {
            details.addNewCause().withField(e.path()).withReason(e.type().reason()).withMessage(e.message()).endCause();
        }
        String message = plural + " \"" + req.getName() + "\" is " + (result.status() == AdmissionResult.Status.INVALID ? "invalid"
                : "refused") + ": " + String.join("; ", result.errors().stream().map(FieldError::message).toList());
        return out.withStatus(new StatusBuilder().withStatus("Failure").withCode(result.status().httpCode())
                .withReason(result.status().reason()).withMessage(message).withDetails(details.build()).build()).build();
    }

    /** Refused because this replica could not judge (cache not synced: 503 ServiceUnavailable; a bug: 500). */
    static AdmissionResponse failure(AdmissionRequest req, int code, String reason, String why) {
        return new AdmissionResponseBuilder().withUid(req.getUid()).withAllowed(false)
                .withStatus(new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason)
                        .withMessage(why).build()).build();
    }

    /** An enum value outside the enum reads like upstream's NotSupported; anything else as Invalid. */
    private static FieldError fieldError(JsonNode tree, JsonMappingException e) {
        String path = path(e);
        JsonNode at = at(tree, e);
        String value = at == null || at.isMissingNode() ? null : at.isTextual() ? at.asText() : at.toString();
        Class<?> target = switch (e) {
            case InvalidFormatException f -> f.getTargetType();
            case ValueInstantiationException v -> rawClass(v.getType());
            default -> null;
        };
        if (target != null && target.isEnum()) {
            List<String> supported = Arrays.stream(target.getEnumConstants()).map(c -> JSON.valueToTree(c).asText()).toList();
            return FieldError.notSupported(path, value, supported);
        }
        // Jackson's own text names Java types and quotes input: say what was expected instead
        return FieldError.invalid(path, value, "cannot be read" + expected(e instanceof MismatchedInputException m ? m.getTargetType() : null));
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "";
        }
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class || type == double.class) {
            return ": expected a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return ": expected true or false";
        }
        if (type == String.class) {
            return ": expected a string";
        }
        return java.util.Collection.class.isAssignableFrom(type) || type.isArray() ? ": expected a list" : ": expected an object";
    }

    private static Class<?> rawClass(JavaType type) {
        return type == null ? null : type.getRawClass();
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static JsonNode at(JsonNode tree, JsonMappingException e) {
        JsonNode node = tree;
        for (JsonMappingException.Reference r : e.getPath()) {
            if (node == null) {
                return null;
            }
            node = r.getFieldName() != null ? node.get(r.getFieldName()) : node.get(r.getIndex());
        }
        return node;
    }
}
