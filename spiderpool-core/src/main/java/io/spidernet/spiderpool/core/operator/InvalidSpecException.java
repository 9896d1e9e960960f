package io.spidernet.spiderpool.core.operator;

import java.util.List;

/** The Spiderpool object asks for something the operator cannot render; each problem names the field and the fix. */
public final class InvalidSpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;

    public InvalidSpecException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
