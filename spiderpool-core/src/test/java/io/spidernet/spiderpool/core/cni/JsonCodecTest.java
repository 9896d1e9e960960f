package io.spidernet.spiderpool.core.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonCodecTest {

    static Stream<Arguments> values() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("b", null);
        nested.put("a", List.of(true, false));
        return Stream.of(
                Arguments.of("null", null),
                Arguments.of(" true ", true),
                Arguments.of("\"\"", ""),
                Arguments.of("0", 0L),
                Arguments.of("-0", 0L),
                Arguments.of("42", 42L),
                Arguments.of("-9223372036854775808", Long.MIN_VALUE),
                Arguments.of("9223372036854775808", new BigDecimal("9223372036854775808")),
                Arguments.of("1.50", new BigDecimal("1.50")),
                Arguments.of("1e3", new BigDecimal("1e3")),
                Arguments.of("-1.25E-2", new BigDecimal("-1.25E-2")),
                Arguments.of("[]", List.of()),
                Arguments.of("{}", Map.of()),
                Arguments.of("\t[1, \"x\",\n null]\r\n", Arrays.asList(1L, "x", null)),
                Arguments.of("{\"x\":{\"b\":null,\"a\":[true,false]}}", Map.of("x", nested)));
    }

    @ParameterizedTest
    @MethodSource("values")
    void parsesEachKindOfValue(String json, Object expected) {
        assertThat(JsonReader.parse(json)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"ipam\":{\"type\":\"spiderpool\",\"clean_gateway\":false}}",
        "{\"z\":1,\"a\":2,\"m\":[3,-4.5,1E+10,null,{}],\"e\":\"\\\"\\\\\\n\\t\\u0001\"}",
        "[\"h\u00e9llo \u4e16\u754c \ud83d\ude00\",\"\\u2028\",\"\\udc00\"]",
        "[]"
    })
    void roundTripsCompactDocumentsByteForByte(String json) {
        assertThat(JsonWriter.write(JsonReader.parse(json))).isEqualTo(json);
    }

    @Test
    void keepsKeyOrderOfTheDocument() {
        Object parsed = JsonReader.parse("{\"b\":1,\"a\":2,\"c\":3}");
        assertThat(parsed).isInstanceOf(LinkedHashMap.class);
        assertThat(List.copyOf(((Map<?, ?>) parsed).keySet())).isEqualTo(List.of("b", "a", "c"));
    }

    static Stream<Arguments> escapes() {
        return Stream.of(
                Arguments.of("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t"),
                Arguments.of("\"\\u00e9\\u00E9\"", "\u00e9\u00e9"),
                Arguments.of("\"\\ud83d\\ude00\"", "\ud83d\ude00"),
                Arguments.of("\"caf\u00e9 \ud83d\ude00\"", "caf\u00e9 \ud83d\ude00"),
                Arguments.of("\"a\\u0000b\"", "a\u0000b"));
    }

    @ParameterizedTest
    @MethodSource("escapes")
    void decodesEscapesAndUnicode(String json, String expected) {
        assertThat(JsonReader.parse(json)).isEqualTo(expected);
    }

    static Stream<Arguments> writtenStrings() {
        return Stream.of(
                Arguments.of("plain", "\"plain\""),
                Arguments.of("q\"b\\s/", "\"q\\\"b\\\\s/\""),
                Arguments.of("\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\""),
                Arguments.of("\u0001\u001f\u007f", "\"\\u0001\\u001f\u007f\""),
                Arguments.of("\u2028\u2029", "\"\\u2028\\u2029\""),
                Arguments.of("\u00e9\u4e16\ud83d\ude00", "\"\u00e9\u4e16\ud83d\ude00\""),
                Arguments.of("lone \ud800 and \udfff", "\"lone \\ud800 and \\udfff\""));
    }

    @ParameterizedTest
    @MethodSource("writtenStrings")
    void escapesOnlyWhatJsonNeedsPlusLineSeparatorsAndLoneSurrogates(String value, String expected) {
        assertThat(JsonWriter.write(value)).isEqualTo(expected);
        assertThat(JsonReader.parse(expected)).isEqualTo(value);
    }

    static Stream<Arguments> syntaxErrors() {
        return Stream.of(
                Arguments.of("", "expected a value, found end of input", 1, 1),
                Arguments.of("   ", "expected a value, found end of input", 1, 4),
                Arguments.of("{", "expected a quoted key, found end of input", 1, 2),
                Arguments.of("{a:1}", "expected a quoted key, found 'a'", 1, 2),
                Arguments.of("[1,]", "trailing comma before ']' is not allowed", 1, 4),
                Arguments.of("{\"a\":1,}", "trailing comma before '}' is not allowed", 1, 8),
                Arguments.of("{\"a\" 1}", "expected ':' after key \"a\", found '1'", 1, 6),
                Arguments.of("[1 2]", "expected ',' or ']' in an array, found '2'", 1, 4),
                Arguments.of("{\"a\":1 \"b\":2}", "expected ',' or '}' in an object, found '\"'", 1, 8),
                Arguments.of("{\"a\":1,\"a\":2}", "duplicate key \"a\"; keep only one", 1, 8),
                Arguments.of("01", "leading zeros are not allowed in numbers", 1, 1),
                Arguments.of("-", "expected a digit after '-', found end of input", 1, 2),
                Arguments.of("+1", "expected a value, found '+'", 1, 1),
                Arguments.of("1.", "expected a digit after the decimal point, found end of input", 1, 3),
                Arguments.of(".5", "expected a value, found '.'", 1, 1),
                Arguments.of("1e+", "expected a digit in the exponent, found end of input", 1, 4),
                Arguments.of("1e99999999999", "number 1e99999999999 is out of range", 1, 1),
                Arguments.of("NaN", "expected a value, found 'N'", 1, 1),
                Arguments.of("tru", "expected a value, found 't' (did you mean true?)", 1, 1),
                Arguments.of("nul", "expected a value, found 'n' (did you mean null?)", 1, 1),
                Arguments.of("'a'", "expected a value, found '''", 1, 1),
                Arguments.of("\"abc", "unterminated string (missing closing '\"')", 1, 1),
                Arguments.of("\"a\u0001\"", "control character U+0001 must be escaped inside a string", 1, 3),
                Arguments.of("\"a\nb\"", "control character U+000A must be escaped inside a string", 1, 3),
                Arguments.of("\"\\x\"", "invalid escape sequence '\\x'", 1, 2),
                Arguments.of("\"\\u12\"", "'\\u' must be followed by four hex digits", 1, 2),
                Arguments.of("\"\\", "unterminated escape sequence", 1, 2),
                Arguments.of("{\"a\":1}x", "unexpected 'x' after the end of the JSON value", 1, 8),
                Arguments.of("{}{}", "unexpected '{' after the end of the JSON value", 1, 3),
                Arguments.of("/* c */ {}", "expected a value, found '/'", 1, 1),
                Arguments.of("\uFEFF{}", "byte order mark (BOM) is not allowed; save the file as UTF-8 without BOM", 1, 1),
                Arguments.of("{\n  \"ipam\": {\n    \"clean_gateway\": tru\n  }\n}",
                        "expected a value, found 't' (did you mean true?)", 3, 22));
    }

    @ParameterizedTest
    @MethodSource("syntaxErrors")
    void reportsWhatIsWrongAndWhere(String json, String problem, int line, int column) {
        assertThatThrownBy(() -> JsonReader.parse(json))
                .isInstanceOfSatisfying(JsonSyntaxException.class, e -> {
                    assertThat(e.problem()).isEqualTo(problem);
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.column()).isEqualTo(column);
                    assertThat(e.getMessage()).isEqualTo(problem + " at line " + line + ", column " + column
                            + " (offset " + e.offset() + ")");
                });
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        String ok = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
        assertThat(JsonReader.parse(ok)).isInstanceOf(List.class);
        String tooDeep = "[".repeat(JsonReader.MAX_DEPTH + 1) + "]".repeat(JsonReader.MAX_DEPTH + 1);
        assertThatThrownBy(() -> JsonReader.parse(tooDeep))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessageStartingWith("nesting deeper than 128 levels");
    }

    @Test
    void decodesStrictUtf8AndPointsAtTheBadByte() {
        assertThat(JsonReader.parse("[\"caf\u00e9\"]".getBytes(StandardCharsets.UTF_8))).isEqualTo(List.of("caf\u00e9"));
        byte[] bad = {'{', '\n', '"', 'a', (byte) 0xC3, '"', ':', '1', '}'};
        assertThatThrownBy(() -> JsonReader.parse(bad))
                .isInstanceOfSatisfying(JsonSyntaxException.class, e -> {
                    assertThat(e.problem()).startsWith("invalid UTF-8 byte sequence");
                    assertThat(e.offset()).isEqualTo(4);
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(3);
                });
    }

    @Test
    void parseObjectWantsAnObjectAtTheTop() {
        assertThat(JsonReader.parseObject(" {\"a\":1} ")).containsEntry("a", 1L);
        assertThatThrownBy(() -> JsonReader.parseObject("[1]"))
                .isInstanceOf(JsonSyntaxException.class)
                .hasMessage("expected a JSON object ('{'), found '[' at line 1, column 1 (offset 0)");
    }

    @Test
    void writesMapsInTheirOwnOrderOrSortedWhenTheyHaveNone() {
        Map<String, Object> linked = new LinkedHashMap<>();
        linked.put("z", 1);
        linked.put("a", 2);
        assertThat(JsonWriter.write(linked)).isEqualTo("{\"z\":1,\"a\":2}");
        assertThat(JsonWriter.write(new TreeMap<>(linked))).isEqualTo("{\"a\":2,\"z\":1}");
        assertThat(JsonWriter.write(new HashMap<>(Map.of("b", 1, "c", 2, "a", 3)))).isEqualTo("{\"a\":3,\"b\":1,\"c\":2}");
        assertThat(JsonWriter.write(Map.of("y", List.of(), "x", Map.of()))).isEqualTo("{\"x\":{},\"y\":[]}");
    }

    @Test
    void writesNumbersOfEveryJavaType() {
        List<Object> numbers = new ArrayList<>(List.of(1, 2L, (short) 3, (byte) 4, new BigDecimal("5.50"),
                new java.math.BigInteger("123456789012345678901234567890"), 1.5, 2.0, 1e20, 0.5f));
        numbers.add(null);
        assertThat(JsonWriter.write(numbers))
                .isEqualTo("[1,2,3,4,5.50,123456789012345678901234567890,1.5,2,1.0E20,0.5,null]");
        assertThat(JsonReader.parse(JsonWriter.write(numbers))).isInstanceOf(List.class);
    }

    @Test
    void refusesWhatJsonCannotSay() {
        assertThatThrownBy(() -> JsonWriter.write(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonWriter.write(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonWriter.write(Map.of(1, "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keys must be strings");
        assertThatThrownBy(() -> JsonWriter.write(new Object()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
    }
}
