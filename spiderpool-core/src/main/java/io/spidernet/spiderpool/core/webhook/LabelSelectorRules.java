package io.spidernet.spiderpool.core.webhook;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The syntax checks the API server applies to a {@code LabelSelector} (apimachinery's
 * {@code ValidateLabelSelector} with invalid label values refused). A CRD field is not checked by
 * the API server, so a pool with {@code podAffinity.matchLabels: {"a b": "x"}} would otherwise be
 * admitted and then match nothing or fail at allocation.
 */
final class LabelSelectorRules {
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Set<String> VALUE_OPERATORS = Set.of("In", "NotIn");
    private static final Set<String> EXISTENCE_OPERATORS = Set.of("Exists", "DoesNotExist");

    private LabelSelectorRules() {}

    /** All syntax problems of the selector (upstream reports them together). */
    static List<FieldError> validate(String path, LabelSelector selector) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> labels = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        labels.forEach((k, v) -> {
            checkKey(path + ".matchLabels", k, errors);
            checkValue(path + ".matchLabels", v, errors);
        });
        List<LabelSelectorRequirement> exprs = selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
        for (int i = 0; i < exprs.size(); i++) {
            checkRequirement(path + ".matchExpressions[" + i + "]", exprs.get(i), errors);
        }
        return errors;
    }

    private static void checkRequirement(String path, LabelSelectorRequirement r, List<FieldError> errors) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        String op = r.getOperator();
        if (VALUE_OPERATORS.contains(op)) {
            if (values.isEmpty()) {
                errors.add(FieldError.required(path + ".values", "must be non-empty when operator is " + op));
            }
        } else if (EXISTENCE_OPERATORS.contains(op)) {
            if (!values.isEmpty()) {
                errors.add(FieldError.forbidden(path + ".values", String.join(",", values),
                        "may not be specified when operator is " + op + "; remove the values"));
            }
        } else {
            errors.add(FieldError.notSupported(path + ".operator", String.valueOf(op), List.of("In", "NotIn", "Exists", "DoesNotExist")));
        }
        checkKey(path + ".key", r.getKey(), errors);
        values.forEach(v -> checkValue(path + ".values", v, errors));
    }

    /** A qualified name: {@code name} or {@code dns.prefix/name}, name at most 63 characters. */
    private static void checkKey(String path, String key, List<FieldError> errors) {
        String k = key == null ? "" : key;
        int slash = k.lastIndexOf('/');
        String prefix = slash < 0 ? null : k.substring(0, slash);
        String name = k.substring(slash + 1);
        boolean ok = isName(name) && (prefix == null || !prefix.isEmpty() && prefix.length() <= 253
                && DNS_SUBDOMAIN.matcher(prefix).matches() && k.indexOf('/') == slash);
        if (!ok) {
            errors.add(FieldError.invalid(path, k, "'" + k + "' is not a valid label key: use an optional DNS-subdomain"
                    + " prefix and '/', then up to 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric"));
        }
    }

    private static void checkValue(String path, String value, List<FieldError> errors) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && !isName(v)) {
            errors.add(FieldError.invalid(path, v, "'" + v + "' is not a valid label value: use up to 63 alphanumerics,"
                    + " '-', '_' or '.', starting and ending alphanumeric"));
        }
    }

    private static boolean isName(String s) {
        return !s.isEmpty() && s.length() <= 63 && NAME.matcher(s).matches();
    }
}
