package io.spidernet.spiderpool.controller;

import io.spidernet.spiderpool.core.config.GoDuration;
import java.time.Duration;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * Durations as upstream's controller reads its environment: Go's {@code time.ParseDuration} ("5s",
 * "1m30s", "1.5h") and, because upstream's variables were plain integers of seconds, a bare integer
 * as seconds.
 */
public final class GoDurationConverter implements Converter<Duration> {
    private static final long serialVersionUID = 1L;
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    @Override
    public Duration convert(String value) {
        String text = value.strip();
        if (text.isEmpty()) {
            return null; // unset: the default applies
        }
        Duration d = parse(text);
        if (d == null) {
            throw new IllegalArgumentException("\"" + text + "\" is not a duration; write it like \"5s\" or \"1m30s\""
                    + " (a bare integer means seconds)");
        }
        return d;
    }

    /** Go's duration syntax plus bare integer seconds; null when the text is neither. */
    static Duration parse(String text) {
        if (INTEGER.matcher(text).matches()) {
            try {
                return Duration.ofSeconds(Long.parseLong(text));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return GoDuration.parse(text).orElse(null);
    }
}
