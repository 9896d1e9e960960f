package io.spidernet.spiderpool.core.cni;

/**
 * Text that is not JSON. The message says what was wrong and where (line and column, both from 1,
 * plus the character offset from 0), because the text usually comes from a hand-edited CNI config.
 */
public final class JsonSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String problem;
    private final int offset;
    private final int line;
    private final int column;

    public JsonSyntaxException(String problem, int offset, int line, int column) {
        super(problem + " at line " + line + ", column " + column + " (offset " + offset + ")");
        this.problem = problem;
        this.offset = offset;
        this.line = line;
        this.column = column;
    }

    /** What was wrong, without the position. */
    public String problem() {
        return problem;
    }

    public int offset() {
        return offset;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
