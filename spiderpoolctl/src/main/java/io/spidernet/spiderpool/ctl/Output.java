package io.spidernet.spiderpool.ctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a command prints: a table for people, and the same facts as a document (maps, lists,
 * strings, numbers) for {@code -o json|yaml}. Field names in documents are the API's own, camelCase.
 */
public record Output(List<String> columns, List<List<String>> rows, Object document, String footer) {
    public enum Format {
        TABLE, JSON, YAML;

        static Format parse(String name) {
            return switch (name) {
                case "table", "wide" -> TABLE;
                case "json" -> JSON;
                case "yaml" -> YAML;
                default -> throw CtlException.usage("-o " + name + ": give table, json or yaml");
            };
        }
    }

    public Output {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    public Output(List<String> columns, List<List<String>> rows, Object document) {
        this(columns, rows, document, null);
    }

    public String render(Format format) {
        return switch (format) {
            case TABLE -> table();
            case JSON -> write(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)) + "\n";
            case YAML -> write(new ObjectMapper(YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build()));
        };
    }

    private String write(ObjectMapper mapper) {
        try {
            return mapper.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the answer: " + e.getMessage(), e);
        }
    }

    /** Columns padded to their widest cell, two spaces apart, as kubectl prints; empty cells shown as {@code -}. */
    private String table() {
        List<List<String>> lines = new ArrayList<>();
        lines.add(columns.stream().map(c -> c.toUpperCase(Locale.ROOT)).toList());
        rows.forEach(r -> lines.add(r.stream().map(c -> c == null || c.isEmpty() ? "-" : c).toList()));
        int[] width = new int[columns.size()];
        for (List<String> line : lines) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> line : lines) {
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < width.length; i++) {
                row.append(line.get(i));
                if (i < width.length - 1) {
                    row.append(" ".repeat(width[i] - line.get(i).length() + 2));
                }
            }
            out.append(row.toString().stripTrailing()).append('\n');
        }
        if (footer != null) {
            out.append(footer).append('\n');
        }
        return out.toString();
    }
}
