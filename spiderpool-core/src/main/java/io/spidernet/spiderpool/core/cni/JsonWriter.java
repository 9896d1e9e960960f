package io.spidernet.spiderpool.core.cni;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Compact JSON output for the CNI binary (see {@link JsonReader} for why it is not Jackson).
 *
 * <p>Writes what the reader returns: maps with {@link String} keys, collections, strings,
 * integral and decimal numbers, booleans and {@code null}. Key order is stable: a
 * {@link SequencedMap} (LinkedHashMap, TreeMap) is written in its own order, any other map sorted
 * by key, so the output never depends on hash order. Non-ASCII text is written as is (stdout is
 * UTF-8); control characters, U+2028/U+2029 and unpaired surrogates are written as four-digit
 * \\u escapes, which keeps the output one valid line even when a message quotes user input.
 */
public final class JsonWriter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonWriter() {}

    public static String write(Object value) {
        StringBuilder out = new StringBuilder(128);
        write(value, out);
        return out.toString();
    }

    /** Instanceof chain rather than a pattern switch: its bootstrap would cost start-up time. */
    public static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            writeString(s, out);
        } else if (value instanceof Boolean || value instanceof Long || value instanceof Integer
                || value instanceof Short || value instanceof Byte || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof BigDecimal d) {
            out.append(d.toString());
        } else if (value instanceof Double || value instanceof Float) {
            writeFloating(((Number) value).doubleValue(), out);
        } else if (value instanceof Map<?, ?> m) {
            writeObject(m, out);
        } else if (value instanceof Collection<?> c) {
            writeArray(c, out);
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    public static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        appendUnicodeEscape(c, out);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        appendUnicodeEscape(c, out);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void appendUnicodeEscape(char c, StringBuilder out) {
        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
    }

    private static void writeFloating(double d, StringBuilder out) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("JSON has no representation for " + d);
        }
        // Double.toString may give "1.0E10", which is valid JSON; integral values print without ".0"
        out.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d));
    }

    private static void writeObject(Map<?, ?> map, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (Object key : orderedKeys(map)) {
            if (!(key instanceof String k)) {
                throw new IllegalArgumentException("JSON object keys must be strings, got " + key);
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(k, out);
            out.append(':');
            write(map.get(k), out);
        }
        out.append('}');
    }

    private static Collection<?> orderedKeys(Map<?, ?> map) {
        if (map instanceof SequencedMap<?, ?>) {
            return map.keySet();
        }
        List<String> keys = new ArrayList<>(map.size());
        for (Object key : map.keySet()) {
            if (!(key instanceof String k)) {
                throw new IllegalArgumentException("JSON object keys must be strings, got " + key);
            }
            keys.add(k);
        }
        Collections.sort(keys);
        return keys;
    }

    private static void writeArray(Collection<?> items, StringBuilder out) {
        out.append('[');
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                out.append(',');
            }
            first = false;
            write(item, out);
        }
        out.append(']');
    }
}
