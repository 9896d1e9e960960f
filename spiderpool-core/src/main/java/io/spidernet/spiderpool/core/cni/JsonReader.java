package io.spidernet.spiderpool.core.cni;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON parser for the CNI binary. It exists because Jackson alone adds about
 * 45 ms to a plugin start-up that must stay near 60 ms, and the CNI documents are small.
 *
 * <p>Values come back as {@link LinkedHashMap} (keys in document order), {@link ArrayList},
 * {@link String}, {@link Long} (an integer literal that fits), {@link BigDecimal} (any other
 * number), {@link Boolean} or {@code null}; the caller owns the returned collections.
 *
 * <p>Strict on purpose, so that a config which works here also works with the Go plugins: no
 * comments, trailing commas, single quotes, leading zeros, NaN, byte order mark or raw control
 * characters. Duplicate keys are rejected too (Go silently keeps the last one, which hides typos).
 * The code avoids lambdas and pattern switches: their bootstrap would cost start-up time.
 */
public final class JsonReader {
    /** Far deeper than any CNI config; keeps hostile input from overflowing the stack. */
    static final int MAX_DEPTH = 128;

    private final String text;
    private int pos;
    private int depth;

    private JsonReader(String text) {
        this.text = text;
    }

    /** Parses one JSON value that must fill the whole text (whitespace around it is fine). */
    public static Object parse(String text) {
        JsonReader r = new JsonReader(text);
        r.skipWhitespace();
        Object value = r.readValue();
        r.expectEnd();
        return value;
    }

    /** Decodes strict UTF-8 (a malformed byte is an error, never a silent U+FFFD), then parses. */
    public static Object parse(byte[] utf8) {
        return parse(decodeUtf8(utf8));
    }

    /** Parses a document whose top level must be an object, such as a CNI network config. */
    public static Map<String, Object> parseObject(String text) {
        JsonReader r = new JsonReader(text);
        r.skipWhitespace();
        if (r.peek() != '{') {
            throw r.error("expected a JSON object ('{'), found " + r.describeHere());
        }
        Map<String, Object> map = r.readObject();
        r.expectEnd();
        return map;
    }

    public static Map<String, Object> parseObject(byte[] utf8) {
        return parseObject(decodeUtf8(utf8));
    }

    /**
     * The exact text of the value of {@code key} in the top-level object {@code text}, or null when
     * the key is absent; lets a chained plugin print its {@code prevResult} byte for byte as received.
     * The whole text is checked as {@link #parseObject} would.
     */
    public static String rawMember(String text, String key) {
        parseObject(text);
        JsonReader r = new JsonReader(text);
        r.skipWhitespace();
        r.pos++;
        r.skipWhitespace();
        while (r.peek() == '"') {
            String name = r.readString();
            r.skipWhitespace();
            r.pos++;
            r.skipWhitespace();
            int start = r.pos;
            r.readValue();
            if (name.equals(key)) {
                return text.substring(start, r.pos);
            }
            r.skipWhitespace();
            if (r.peek() == ',') {
                r.pos++;
                r.skipWhitespace();
            }
        }
        return null;
    }

    /** Strict UTF-8 decoding as {@link #parse(byte[])} does it; a malformed byte is a {@link JsonSyntaxException}. */
    public static String decode(byte[] utf8) {
        return decodeUtf8(utf8);
    }

    static String decodeUtf8(byte[] utf8) {
        ByteBuffer in = ByteBuffer.wrap(utf8);
        // UTF-8 never yields more UTF-16 units than it has bytes
        CharBuffer out = CharBuffer.allocate(utf8.length);
        CoderResult result = StandardCharsets.UTF_8.newDecoder().decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (utf8[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new JsonSyntaxException("invalid UTF-8 byte sequence (save the file as UTF-8)",
                    at, line, at - lineStart + 1);
        }
        return out.flip().toString();
    }

    private Object readValue() {
        int c = peek();
        switch (c) {
            case '{':
                return readObject();
            case '[':
                return readArray();
            case '"':
                return readString();
            case 't':
                return readLiteral("true", Boolean.TRUE);
            case 'f':
                return readLiteral("false", Boolean.FALSE);
            case 'n':
                return readLiteral("null", null);
            default:
                if (c == '-' || isDigit(c)) {
                    return readNumber();
                }
                if (c == '\uFEFF') {
                    throw error("byte order mark (BOM) is not allowed; save the file as UTF-8 without BOM");
                }
                throw error("expected a value, found " + describeHere());
        }
    }

    private Map<String, Object> readObject() {
        enter();
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error(peek() == '}' ? "trailing comma before '}' is not allowed"
                        : "expected a quoted key, found " + describeHere());
            }
            int keyAt = pos;
            String key = readString();
            if (map.containsKey(key)) {
                throw errorAt(keyAt, "duplicate key \"" + key + "\"; keep only one");
            }
            skipWhitespace();
            if (peek() != ':') {
                throw error("expected ':' after key \"" + key + "\", found " + describeHere());
            }
            pos++;
            skipWhitespace();
            map.put(key, readValue());
            skipWhitespace();
            if (!endOfContainer(',', '}', "an object")) {
                depth--;
                return map;
            }
        }
    }

    private List<Object> readArray() {
        enter();
        pos++;
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return list;
        }
        while (true) {
            skipWhitespace();
            if (peek() == ']') {
                throw error("trailing comma before ']' is not allowed");
            }
            list.add(readValue());
            skipWhitespace();
            if (!endOfContainer(',', ']', "an array")) {
                depth--;
                return list;
            }
        }
    }

    /** Consumes ',' (returns true: more members follow) or the closing bracket (returns false). */
    private boolean endOfContainer(char comma, char close, String what) {
        int c = peek();
        if (c == comma || c == close) {
            pos++;
            return c == comma;
        }
        throw error("expected ',' or '" + close + "' in " + what + ", found " + describeHere());
    }

    private String readString() {
        int open = pos++;
        StringBuilder sb = null;
        int runStart = pos;
        while (true) {
            if (pos >= text.length()) {
                throw errorAt(open, "unterminated string (missing closing '\"')");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                String s = sb == null ? text.substring(runStart, pos) : sb.append(text, runStart, pos).toString();
                pos++;
                return s;
            }
            if (c == '\\') {
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(text, runStart, pos);
                readEscape(sb);
                runStart = pos;
            } else if (c < 0x20) {
                throw error("control character " + describeHere() + " must be escaped inside a string");
            } else {
                pos++;
            }
        }
    }

    private void readEscape(StringBuilder sb) {
        int backslash = pos++;
        if (pos >= text.length()) {
            throw errorAt(backslash, "unterminated escape sequence");
        }
        char c = text.charAt(pos++);
        switch (c) {
            case '"', '\\', '/' -> sb.append(c);
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'u' -> sb.append(readHex4(backslash));
            default -> throw errorAt(backslash, "invalid escape sequence '\\" + c + "'");
        }
    }

    private char readHex4(int escapeAt) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = pos < text.length() ? Character.digit(text.charAt(pos), 16) : -1;
            if (d < 0) {
                throw errorAt(escapeAt, "'\\u' must be followed by four hex digits");
            }
            v = (v << 4) | d;
            pos++;
        }
        return (char) v;
    }

    private Object readNumber() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw errorAt(start, "leading zeros are not allowed in numbers");
            }
        } else {
            requireDigits("after '-'");
        }
        boolean integral = true;
        if (peek() == '.') {
            pos++;
            integral = false;
            requireDigits("after the decimal point");
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            integral = false;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            requireDigits("in the exponent");
        }
        return toNumber(text.substring(start, pos), integral, start);
    }

    private Object toNumber(String token, boolean integral, int at) {
        try {
            if (integral && token.length() <= 20) {
                try {
                    return Long.parseLong(token);
                } catch (NumberFormatException tooBig) {
                    // beyond long: fall through to BigDecimal
                }
            }
            return new BigDecimal(token);
        } catch (NumberFormatException | ArithmeticException e) {
            throw errorAt(at, "number " + token + " is out of range");
        }
    }

    private void requireDigits(String where) {
        if (!isDigit(peek())) {
            throw error("expected a digit " + where + ", found " + describeHere());
        }
        while (isDigit(peek())) {
            pos++;
        }
    }

    private Object readLiteral(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("expected a value, found " + describeHere() + " (did you mean " + word + "?)");
        }
        pos += word.length();
        return value;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void expectEnd() {
        skipWhitespace();
        if (pos < text.length()) {
            throw error("unexpected " + describeHere() + " after the end of the JSON value");
        }
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private int peek() {
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private String describeHere() {
        if (pos >= text.length()) {
            return "end of input";
        }
        char c = text.charAt(pos);
        if (c < 0x20 || c == 0x7f || c == '\uFEFF') {
            return String.format("U+%04X", (int) c);
        }
        return "'" + c + "'";
    }

    private JsonSyntaxException error(String problem) {
        return errorAt(pos, problem);
    }

    private JsonSyntaxException errorAt(int offset, String problem) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new JsonSyntaxException(problem, offset, line, offset - lineStart + 1);
    }
}
