package io.spidernet.spiderpool.core.selection;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes label-selector semantics: every matchLabels pair and every matchExpressions
 * requirement must hold; an empty selector matches everything.
 */
public final class LabelSelectors {
    private LabelSelectors() {}

    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        return mismatch(selector, labels).isEmpty();
    }

    /** Why the labels do not match, or empty when they do; an invalid selector never matches. */
    public static Optional<String> mismatch(LabelSelector selector, Map<String, String> labels) {
        Map<String, String> have = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> want : selector.getMatchLabels().entrySet()) {
                if (!want.getValue().equals(have.get(want.getKey()))) {
                    return Optional.of("label " + want.getKey() + "=" + want.getValue() + " is "
                            + (have.containsKey(want.getKey()) ? "'" + have.get(want.getKey()) + "'" : "missing"));
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                Optional<String> why = requirementMismatch(r, have);
                if (why.isPresent()) {
                    return why;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> requirementMismatch(LabelSelectorRequirement r, Map<String, String> have) {
        String key = r.getKey();
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        boolean present = have.containsKey(key);
        String op = r.getOperator() == null ? "" : r.getOperator();
        boolean ok = switch (op) {
            case "In" -> present && values.contains(have.get(key));
            case "NotIn" -> !present || !values.contains(have.get(key));
            case "Exists" -> present;
            case "DoesNotExist" -> !present;
            default -> false;
        };
        if (ok) {
            return Optional.empty();
        }
        return switch (op) {
            case "In", "NotIn" -> Optional.of("label " + key + " " + op + " " + values + " does not hold ("
                    + (present ? key + "=" + have.get(key) : key + " is missing") + ")");
            case "Exists" -> Optional.of("label " + key + " does not exist");
            case "DoesNotExist" -> Optional.of("label " + key + " exists");
            default -> Optional.of("operator '" + op + "' of key " + key
                    + " is not In, NotIn, Exists or DoesNotExist");
        };
    }
}
