package io.spidernet.spiderpool.core.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a live object still says what the operator rendered. Every field the operator sets must
 * hold its value (lists element by element, with the same length); fields it does not set are left
 * alone, since the API server adds defaults (terminationMessagePath, revisionHistoryLimit...) and
 * the certificate keeper adds the webhooks' caBundle. So a value changed, an entry added to a list
 * (an env var, a webhook) or removed is drift, and a defaulted or foreign field is not.
 */
public final class Drift {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The parts of an object the operator owns; metadata beyond its labels is the API server's and users'. */
    private static final List<String> OWNED = List.of("spec", "data", "webhooks");

    private Drift() {}

    /** The first owned field of {@code live} that differs from {@code desired}, as a path; empty when none does. */
    public static Optional<String> firstDifference(HasMetadata desired, HasMetadata live) {
        JsonNode want = JSON.valueToTree(desired);
        JsonNode have = JSON.valueToTree(live);
        Optional<String> labels = difference("metadata.labels", want.path("metadata").path("labels"),
                have.path("metadata").path("labels"));
        if (labels.isPresent()) {
            return labels;
        }
        for (String part : OWNED) {
            if (want.has(part)) {
                Optional<String> d = difference(part, want.get(part), have.path(part));
                if (d.isPresent()) {
                    return d;
                }
            }
        }
        return Optional.empty();
    }

    /** {@code want} is contained in {@code have}: the first path where it is not. */
    static Optional<String> difference(String path, JsonNode want, JsonNode have) {
        if (want.isObject()) {
            if (!have.isObject()) {
                return Optional.of(path);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isNull() || emptyContainer(field.getValue()) && !have.has(field.getKey())) {
                    continue; // unset on our side, or an empty list the server drops: not ours to keep
                }
                Optional<String> d = difference(path + "." + field.getKey(), field.getValue(), have.path(field.getKey()));
                if (d.isPresent()) {
                    return d;
                }
            }
            return Optional.empty();
        }
        if (want.isArray()) {
            if (!have.isArray() || have.size() != want.size()) {
                return Optional.of(path);
            }
            for (int i = 0; i < want.size(); i++) {
                Optional<String> d = difference(path + "[" + i + "]", want.get(i), have.get(i));
                if (d.isPresent()) {
                    return d;
                }
            }
            return Optional.empty();
        }
        return sameScalar(want, have) ? Optional.empty() : Optional.of(path);
    }

    private static boolean emptyContainer(JsonNode node) {
        return node.isContainerNode() && node.isEmpty();
    }

    /** Numbers compare by value (the API server may echo 256 for 0400 as either int or long). */
    private static boolean sameScalar(JsonNode want, JsonNode have) {
        if (want.isNumber() && have.isNumber()) {
            return want.decimalValue().compareTo(have.decimalValue()) == 0;
        }
        return want.equals(have);
    }
}
