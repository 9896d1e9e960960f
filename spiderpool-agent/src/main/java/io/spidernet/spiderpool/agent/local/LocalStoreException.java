package io.spidernet.spiderpool.agent.local;

/**
 * The local store cannot start or cannot persist: a manifest that does not parse or does not pass
 * the admission rules, a state file that is not ours, a second agent on the same state file, or a
 * failed write. The message names the file and says what to do.
 */
public final class LocalStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LocalStoreException(String message) {
        super(message);
    }

    public LocalStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
