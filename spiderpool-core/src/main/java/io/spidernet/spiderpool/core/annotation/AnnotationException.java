package io.spidernet.spiderpool.core.annotation;

import java.util.Objects;

/**
 * An annotation whose value cannot be used. It is the only exception this package throws for bad
 * input, so callers map one type to "wrong input"; the message names the key, quotes the value and
 * says what to change, because it ends up in a pod event the user reads.
 */
public final class AnnotationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    // annotations may be up to 256 KiB; an event or log line quoting all of it helps nobody
    private static final int QUOTED_VALUE_LIMIT = 300;

    private final String key;
    private final String value;
    private final String problem;

    public AnnotationException(String key, String value, String problem) {
        super("annotation " + key + " value '" + shorten(value) + "' is invalid: " + problem);
        this.key = Objects.requireNonNull(key, "key");
        this.value = Objects.requireNonNull(value, "value");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public String key() {
        return key;
    }

    /** The value as written, never shortened. */
    public String value() {
        return value;
    }

    /** What is wrong and how to fix it, without the key and value. */
    public String problem() {
        return problem;
    }

    private static String shorten(String value) {
        return value.length() <= QUOTED_VALUE_LIMIT ? value : value.substring(0, QUOTED_VALUE_LIMIT) + "…";
    }
}
