package io.spidernet.spiderpool.ctl;

/** A failure the user is told about in one message that says what to fix, and the exit code it ends with. */
public final class CtlException extends RuntimeException {
    private final ExitCode exit;

    public CtlException(ExitCode exit, String message) {
        super(message);
        this.exit = exit;
    }

    public CtlException(ExitCode exit, String message, Throwable cause) {
        super(message, cause);
        this.exit = exit;
    }

    public ExitCode exit() {
        return exit;
    }

    static CtlException usage(String message) {
        return new CtlException(ExitCode.USAGE, message);
    }
}
