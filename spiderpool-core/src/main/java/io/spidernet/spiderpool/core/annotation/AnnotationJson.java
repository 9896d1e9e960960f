package io.spidernet.spiderpool.core.annotation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.spidernet.spiderpool.core.annotation.AnnotationValues.Invalid;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads annotation JSON as a tree and checks it by hand rather than binding it to classes: binding
 * errors name Java types, while a user needs to hear which item and field to change.
 */
final class AnnotationJson {

    // a repeated key or text after the value is always a mistake; Go would silently take the last
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    // Jackson nests locations like "[Source: REDACTED (...); line: 1, column: 2]" in some messages
    private static final Pattern SOURCE_LOCATION = Pattern.compile("\\[Source: [^;]*; line: (\\d+), column: (\\d+)]");

    private AnnotationJson() {}

    /** Parses {@code raw}; {@code expected} describes the right shape for the error message. */
    static JsonNode parse(String raw, String expected) {
        if (raw.isBlank()) {
            throw new Invalid("it is empty; write " + expected + " or remove the annotation");
        }
        try {
            return MAPPER.readTree(raw);
        } catch (JsonProcessingException e) {
            String detail = e.getOriginalMessage();
            // strictly valid JSON, but one of the two values would be silently lost
            if (detail.startsWith("Duplicate field ")) {
                throw new Invalid("field " + detail.substring("Duplicate field ".length()).replace('\'', '"')
                        + " is given twice" + at(e.getLocation()) + "; keep one");
            }
            String readable = SOURCE_LOCATION.matcher(detail).replaceAll("line $1, column $2");
            throw new Invalid("it is not valid JSON (" + readable + at(e.getLocation()) + "); write " + expected);
        }
    }

    /** Parses {@code raw} as a JSON array. */
    static List<JsonNode> parseArray(String raw, String expected) {
        JsonNode node = parse(raw, expected);
        if (!node.isArray()) {
            throw new Invalid("it must be " + expected);
        }
        List<JsonNode> items = new ArrayList<>(node.size());
        node.forEach(items::add);
        return items;
    }

    /**
     * An array of non-empty, distinct strings (pool or subnet names); null is empty, as in Go.
     * Duplicates are refused because the same pool twice in one candidate list is refused later
     * anyway, with a less helpful message.
     *
     * @param subject how messages call the array, e.g. {@code "ipv4"} in quotes or {@code the list}
     */
    static List<String> names(JsonNode node, String where, String subject, String what) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new Invalid(where + subject + " must be a list of " + what + " names like [\"" + what
                    + "1\"], not " + node);
        }
        List<String> names = new ArrayList<>(node.size());
        Set<String> seen = new HashSet<>();
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                throw new Invalid(where + subject + " may hold only " + what + " names in quotes, not " + n);
            }
            String name = n.asText();
            if (name.isEmpty()) {
                throw new Invalid(where + subject + " contains an empty " + what + " name; remove it");
            }
            if (!seen.add(name)) {
                throw new Invalid(where + subject + " names " + what + " \"" + name + "\" twice; list it once");
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getCharOffset() < 0) {
            return "";
        }
        return " at character " + (location.getCharOffset() + 1);
    }

    /**
     * The fields of one JSON object, checked against the names it may have. Names match ignoring
     * case because Go's encoding/json does, and upstream manifests with {@code "IPv4"} must still
     * work; anything else is refused so that a typo such as {@code "ipv4s"} is not silently ignored.
     */
    static final class Fields {
        private final Map<String, JsonNode> values;
        private final String where;

        private Fields(Map<String, JsonNode> values, String where) {
            this.values = values;
            this.where = where;
        }

        static Fields of(JsonNode node, String where, String expected, List<String> known) {
            if (node == null || !node.isObject()) {
                throw new Invalid((where.isEmpty() ? "it " : where) + "must be " + expected + ", not " + node);
            }
            Map<String, JsonNode> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String name = canonical(e.getKey(), known, where);
                if (values.put(name, e.getValue()) != null) {
                    throw new Invalid(where + "field \"" + name + "\" is given twice (names ignore case); keep one");
                }
            }
            return new Fields(values, where);
        }

        private static String canonical(String given, List<String> known, String where) {
            for (String k : known) {
                if (k.equalsIgnoreCase(given)) {
                    return k;
                }
            }
            throw new Invalid(where + "unknown field \"" + given + "\"; the fields are " + quoted(known));
        }

        private static String quoted(List<String> known) {
            List<String> q = known.stream().map(k -> "\"" + k + "\"").toList();
            return q.size() == 1 ? q.getFirst()
                    : String.join(", ", q.subList(0, q.size() - 1)) + " and " + q.getLast();
        }

        /** A string field; absent and JSON {@code null} are both empty, as in Go. */
        Optional<String> text(String name) {
            JsonNode v = values.get(name);
            if (v == null || v.isNull()) {
                return Optional.empty();
            }
            if (!v.isTextual()) {
                throw new Invalid(where + "\"" + name + "\" must be a string in quotes, not " + v);
            }
            return Optional.of(v.asText());
        }

        Optional<Boolean> bool(String name) {
            JsonNode v = values.get(name);
            if (v == null || v.isNull()) {
                return Optional.empty();
            }
            if (!v.isBoolean()) {
                throw new Invalid(where + "\"" + name + "\" must be true or false without quotes, not " + v);
            }
            return Optional.of(v.booleanValue());
        }

        List<String> names(String name, String what) {
            return AnnotationJson.names(values.get(name), where, "\"" + name + "\"", what);
        }

        String require(String name, String example) {
            return text(name).orElseThrow(() -> new Invalid(
                    where + "\"" + name + "\" is missing; add it, e.g. \"" + name + "\":\"" + example + "\""));
        }
    }
}
