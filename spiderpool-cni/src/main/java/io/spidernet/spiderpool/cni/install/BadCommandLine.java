package io.spidernet.spiderpool.cni.install;

/** The command line cannot be understood; the message names the argument and the fix (exit 2). */
public final class BadCommandLine extends Exception {
    public BadCommandLine(String message) {
        super(message);
    }
}
