package io.spidernet.spiderpool.core.gc;

import io.spidernet.spiderpool.core.config.GoDuration;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads env values the way upstream's Go controller accepts them: booleans as Go's
 * {@code strconv.ParseBool}, durations as Go's {@code time.ParseDuration} ("5s", "1m30s", "1.5h") and,
 * because upstream's variables were plain integers of seconds, a bare integer as seconds. A bad value
 * fails naming the variable, the value and an example of a good one.
 */
final class EnvReader {
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    private final Map<String, String> env;

    EnvReader(Map<String, String> env) {
        this.env = env;
    }

    boolean bool(String name, boolean fallback) {
        String v = value(name);
        if (v == null) {
            return fallback;
        }
        return switch (v) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw bad(name, v, "a boolean", "\"true\" or \"false\"");
        };
    }

    int integer(String name, int fallback) {
        String v = value(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw bad(name, v, "an integer", "\"" + fallback + "\"");
        }
    }

    Duration duration(String name, Duration fallback) {
        String v = value(name);
        if (v == null) {
            return fallback;
        }
        Duration d = parseDuration(v);
        if (d == null) {
            throw bad(name, v, "a duration", "\"5s\" or \"1m30s\" (a bare integer means seconds)");
        }
        return d;
    }

    /** Go's duration syntax plus bare integer seconds; null when the text is neither. */
    static Duration parseDuration(String text) {
        if (INTEGER.matcher(text).matches()) {
            try {
                return Duration.ofSeconds(Long.parseLong(text));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return GoDuration.parse(text).orElse(null);
    }

    private String value(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static IllegalArgumentException bad(String name, String value, String kind, String example) {
        return new IllegalArgumentException(name + "=\"" + value + "\" is not " + kind + "; write it like " + example);
    }
}
