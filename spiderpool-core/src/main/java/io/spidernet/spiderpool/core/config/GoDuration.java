package io.spidernet.spiderpool.core.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the way upstream's Go settings are ({@code "50s"}, {@code "1m30s"},
 * {@code "-1.5h"}): Go's {@code time.ParseDuration}, one or more decimal numbers each with a unit of
 * ns, us, µs, ms, s, m or h, and {@code "0"}. Used for conf.yml and the controller's environment.
 */
public final class GoDuration {
    private static final Pattern DURATION = Pattern.compile("[+-]?(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:ns|us|µs|μs|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private GoDuration() {}

    /** Empty when the text is not a Go duration or lies beyond Go's range (about 292 years). */
    public static Optional<Duration> parse(String text) {
        if (text.equals("0") || text.equals("+0") || text.equals("-0")) {
            return Optional.of(Duration.ZERO);
        }
        if (!DURATION.matcher(text).matches()) {
            return Optional.empty();
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
            return Optional.of(Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact()));
        } catch (ArithmeticException e) {
            return Optional.empty();
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
}
