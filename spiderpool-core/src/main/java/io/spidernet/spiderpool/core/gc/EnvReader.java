package io.spidernet.spiderpool.core.gc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads env values the way upstream's Go controller accepts them: booleans as Go's
 * {@code strconv.ParseBool}, durations as Go's {@code time.ParseDuration} ("5s", "1m30s", "1.5h") and,
 * because upstream's variables were plain integers of seconds, a bare integer as seconds. A bad value
 * fails naming the variable, the value and an example of a good one.
 */
final class EnvReader {
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DURATION = Pattern.compile("[+-]?(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:ns|us|µs|μs|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

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
        if (!DURATION.matcher(text).matches()) {
            return null;
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher m = PART.matcher(text);
        while (m.find()) {
            nanos = nanos.add(new BigDecimal(normalize(m.group(1))).multiply(BigDecimal.valueOf(nanosPer(m.group(2)))));
        }
        if (text.startsWith("-")) {
            nanos = nanos.negate();
        }
        try {
            // Go truncates a fraction of a nanosecond
            return Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
        } catch (ArithmeticException e) {
            return null; // beyond Go's range of about 292 years
        }
    }

    private static String normalize(String number) {
        String n = number.endsWith(".") ? number + "0" : number;
        return n.startsWith(".") ? "0" + n : n;
    }

    private static long nanosPer(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
    }

    private String value(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static IllegalArgumentException bad(String name, String value, String kind, String example) {
        return new IllegalArgumentException(name + "=\"" + value + "\" is not " + kind + "; write it like " + example);
    }
}
