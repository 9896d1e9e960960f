package io.spidernet.spiderpool.cni.install;

/** An install that cannot be done as asked; the message says what is wrong and what to change (exit 1). */
public final class InstallFailure extends Exception {
    public InstallFailure(String message) {
        super(message);
    }

    public InstallFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
