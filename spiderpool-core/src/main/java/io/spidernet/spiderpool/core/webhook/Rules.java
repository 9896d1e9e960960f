package io.spidernet.spiderpool.core.webhook;

import java.util.List;

/**
 * Upstream's validators stop at the first failing rule (so a broken CIDR does not also produce
 * a dozen range errors); each rule is a {@link Rule} and {@link #firstFailure} runs them in order.
 */
final class Rules {
    static final List<FieldError> PASS = List.of();

    /** One webhook rule: no errors when it passes. */
    @FunctionalInterface
    interface Rule {
        List<FieldError> check();
    }

    private Rules() {}

    static List<FieldError> fail(FieldError error) {
        return List.of(error);
    }

    static List<FieldError> firstFailure(Rule... rules) {
        for (Rule rule : rules) {
            List<FieldError> errors = rule.check();
            if (!errors.isEmpty()) {
                return errors;
            }
        }
        return PASS;
    }
}
