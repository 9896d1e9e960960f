package io.spidernet.spiderpool.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The YAML the OLM bundle's generated blocks are written in, as deploy/rbac is written: maps as
 * blocks, lists of scalars on one line ({@code ["get", "list"]}), lists of maps as {@code - } items.
 * Strings are quoted where YAML would read them as something else; quoted ones are JSON strings,
 * which YAML reads alike.
 */
final class FlowYaml {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z/][A-Za-z0-9._/-]*");
    private static final Set<String> WORDS = Set.of("true", "false", "null", "yes", "no", "on", "off", "y", "n", "~");

    private FlowYaml() {}

    /** {@code value} (a map) as one item of a list: {@code - } before its first key, two spaces before the others. */
    static List<String> listItem(Map<String, ?> value) {
        List<String> lines = map(value);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            out.add((i == 0 ? "- " : "  ") + lines.get(i));
        }
        return out;
    }

    private static List<String> map(Map<String, ?> value) {
        List<String> out = new ArrayList<>();
        value.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m) {
                out.add(k + ":");
                @SuppressWarnings("unchecked")
                Map<String, ?> nested = (Map<String, ?>) m;
                map(nested).forEach(l -> out.add("  " + l));
            } else if (v instanceof List<?> list && !list.isEmpty() && list.getFirst() instanceof Map) {
                out.add(k + ":");
                for (Object item : list) {
                    @SuppressWarnings("unchecked")
                    Map<String, ?> m = (Map<String, ?>) item;
                    listItem(m).forEach(l -> out.add("  " + l));
                }
            } else {
                out.add(k + ": " + scalar(v));
            }
        });
        return out;
    }

    private static String scalar(Object v) {
        if (v instanceof List<?> list) {
            return "[" + String.join(", ", list.stream().map(FlowYaml::quoted).toList()) + "]";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        String s = String.valueOf(v);
        return PLAIN.matcher(s).matches() && !WORDS.contains(s.toLowerCase()) ? s : quoted(s);
    }

    /** A JSON string: what deploy/rbac writes in its flow lists. */
    private static String quoted(Object v) {
        String s = String.valueOf(v);
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
