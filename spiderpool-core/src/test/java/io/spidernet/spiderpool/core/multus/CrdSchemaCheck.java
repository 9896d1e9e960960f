package io.spidernet.spiderpool.core.multus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What the API server does to a custom resource with the CRD's structural schema, enough for
 * SpiderMultusConfig: {@link #applyDefaults} fills {@code default}s into objects that are present,
 * then {@link #violations} lists every type, enum, minimum/maximum, int32, required and unknown-field
 * problem (unknown fields are what {@code kubectl apply}'s strict field validation refuses; without
 * it the API server would drop them). {@code metadata} is checked only for a name, as the schema
 * leaves it to the API server. Public for the other modules' tests (integration-tests checks the OLM
 * bundle's {@code alm-examples} with it), through this module's test-jar.
 */
public final class CrdSchemaCheck {
    private final JsonNode schema;

    public CrdSchemaCheck(JsonNode openApiV3Schema) {
        this.schema = openApiV3Schema;
    }

    public void applyDefaults(JsonNode value) {
        applyDefaults(schema, value);
    }

    private static void applyDefaults(JsonNode schema, JsonNode value) {
        if (value instanceof ObjectNode object && schema.has("properties")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.get("properties").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> p = it.next();
                if (!object.has(p.getKey()) && p.getValue().has("default")) {
                    object.set(p.getKey(), p.getValue().get("default").deepCopy());
                }
                if (object.has(p.getKey())) {
                    applyDefaults(p.getValue(), object.get(p.getKey()));
                }
            }
        } else if (value != null && value.isArray() && schema.has("items")) {
            value.forEach(item -> applyDefaults(schema.get("items"), item));
        }
    }

    public List<String> violations(JsonNode value) {
        List<String> out = new ArrayList<>();
        check(schema, value, "", out);
        if (value.path("metadata").path("name").asText("").isEmpty()) {
            out.add("metadata.name: Required value");
        }
        return out;
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<String> out) {
        if (value == null || value.isNull()) {
            return;
        }
        String type = schema.path("type").asText("");
        String at = path.isEmpty() ? "<root>" : path;
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    out.add(at + ": must be an object, is " + value.getNodeType());
                    return;
                }
                if (!schema.has("properties")) {
                    return;
                }
                for (JsonNode required : schema.path("required")) {
                    if (!value.has(required.asText())) {
                        out.add(join(path, required.asText()) + ": Required value");
                    }
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> f = it.next();
                    JsonNode property = schema.get("properties").get(f.getKey());
                    if (property == null) {
                        out.add(join(path, f.getKey()) + ": unknown field");
                    } else {
                        check(property, f.getValue(), join(path, f.getKey()), out);
                    }
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    out.add(at + ": must be an array, is " + value.getNodeType());
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(schema.get("items"), value.get(i), path + "[" + i + "]", out);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    out.add(at + ": must be a string, is " + value.getNodeType() + " " + value);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    out.add(at + ": must be a boolean, is " + value.getNodeType() + " " + value);
                }
            }
            case "integer" -> checkInteger(schema, value, at, out);
            default -> { }
        }
        if (schema.has("enum") && value.isValueNode()) {
            boolean listed = false;
            for (JsonNode e : schema.get("enum")) {
                listed |= e.equals(value);
            }
            if (!listed) {
                out.add(at + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
    }

    private static void checkInteger(JsonNode schema, JsonNode value, String at, List<String> out) {
        if (!value.isIntegralNumber()) {
            out.add(at + ": must be an integer, is " + value.getNodeType() + " " + value);
            return;
        }
        long n = value.asLong();
        if (schema.has("minimum") && n < schema.get("minimum").asLong()) {
            out.add(at + ": " + n + " is less than the minimum " + schema.get("minimum").asLong());
        }
        if (schema.has("maximum") && n > schema.get("maximum").asLong()) {
            out.add(at + ": " + n + " is more than the maximum " + schema.get("maximum").asLong());
        }
        if ("int32".equals(schema.path("format").asText()) && (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE)) {
            out.add(at + ": " + n + " does not fit int32");
        }
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
