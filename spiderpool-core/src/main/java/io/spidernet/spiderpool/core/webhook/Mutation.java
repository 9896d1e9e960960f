package io.spidernet.spiderpool.core.webhook;

import java.util.List;

/**
 * The outcome of a mutating rule set: the object to admit (a copy; the input is never touched)
 * and the problems met on the way. Upstream only logs mutation problems and admits the object as
 * far as it got, leaving the rejection to validation; here they become AdmissionReview warnings.
 */
public record Mutation<T>(T object, List<String> warnings) {

    public Mutation {
        warnings = List.copyOf(warnings);
    }
}
