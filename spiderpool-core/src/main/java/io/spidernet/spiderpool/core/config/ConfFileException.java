package io.spidernet.spiderpool.core.config;

/** The spiderpool-conf document cannot be used; the message names the key and what was wrong. */
public class ConfFileException extends RuntimeException {
    public ConfFileException(String message) {
        super(message);
    }

    public ConfFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
