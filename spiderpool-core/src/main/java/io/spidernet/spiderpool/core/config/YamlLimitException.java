package io.spidernet.spiderpool.core.config;

/** A YAML file exceeds one of {@link BoundedYaml}'s bounds; the message names the file and the bound. */
public class YamlLimitException extends RuntimeException {
    public YamlLimitException(String message) {
        super(message);
    }

    public YamlLimitException(String message, Throwable cause) {
        super(message, cause);
    }
}
