package io.spidernet.spiderpool.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl explain} prints a field's {@code description}: every kind's schema root and every
 * named property below it (also inside list items and map values) must have a non-blank one.
 * The {@code items} and {@code additionalProperties} nodes themselves need none, because kubectl
 * shows the description of the list or map field that holds them. Reads the checked-in CRDs, which
 * {@link CrdsAreCurrentTest} keeps equal to the model.
 */
class CrdDescriptionsTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void everyFieldOfEveryKindHasADescription() throws IOException {
        List<String> undescribed = new ArrayList<>();
        for (Class<? extends CustomResource<?, ?>> kind : SpiderpoolKinds.ALL) {
            String file = CustomResource.getCRDName(kind) + ".yaml";
            JsonNode crd = YAML.readTree(Files.readString(CrdsAreCurrentTest.crdDir().resolve(file)));
            for (JsonNode version : crd.path("spec").path("versions")) {
                undescribed.addAll(undescribed(HasMetadata.getKind(kind), version.path("schema").path("openAPIV3Schema")));
            }
        }
        assertThat(undescribed)
                .withFailMessage("%d schema paths have no description (add @JsonPropertyDescription, or"
                        + " @JsonClassDescription on the type), then regenerate deploy/crds:%n  %s",
                        undescribed.size(), String.join("\n  ", undescribed))
                .isEmpty();
    }

    /** Guards the walk itself: a gap deep inside list items and map values is found, and only that gap. */
    @Test
    void walkFindsGapsInsideListItemsAndMapValues() throws IOException {
        JsonNode schema = YAML.readTree("""
                description: root
                properties:
                  routes:
                    description: a list
                    items:
                      properties:
                        dst: {description: described}
                        gw: {type: string}
                  labels:
                    description: a map
                    additionalProperties:
                      properties:
                        value: {description: " "}
                  plain: {type: string}
                """);
        assertThat(undescribed("Kind", schema))
                .containsExactlyInAnyOrder("Kind routes[].gw", "Kind labels{}.value", "Kind plain");
        assertThat(undescribed("Kind", YAML.readTree("type: object"))).containsExactly("Kind (root)");
    }

    /** Paths below {@code schema} without a description, as {@code Kind spec.routes[].dst}. */
    static List<String> undescribed(String kind, JsonNode schema) {
        List<String> paths = new ArrayList<>();
        if (!hasDescription(schema)) {
            paths.add(kind + " (root)");
        }
        collect(kind + " ", "", schema, paths);
        return paths;
    }

    private static void collect(String prefix, String path, JsonNode schema, List<String> paths) {
        schema.path("properties").properties().forEach(property -> {
            String child = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
            if (!hasDescription(property.getValue())) {
                paths.add(prefix + child);
            }
            collect(prefix, child, property.getValue(), paths);
        });
        if (schema.path("items").isObject()) {
            collect(prefix, path + "[]", schema.get("items"), paths);
        }
        if (schema.path("additionalProperties").isObject()) {
            collect(prefix, path + "{}", schema.get("additionalProperties"), paths);
        }
    }

    private static boolean hasDescription(JsonNode schema) {
        return !schema.path("description").asText().isBlank();
    }
}
