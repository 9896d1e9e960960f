package io.spidernet.spiderpool.core.model;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Turns what fabric8's CRDGenerator writes into what upstream's controller-gen writes, where the
 * model cannot say it through annotations. Each step is one thing the generator gets wrong:
 * <ol>
 *   <li>{@code names.listKind} is left to the API server's default; controller-gen writes it;</li>
 *   <li>printer columns come out sorted by JSON path; upstream's order is the order of the
 *       {@link AdditionalPrinterColumn} annotations on the class, and {@code priority: 0} is left out;</li>
 *   <li>the schema is walked together with the Java types, because only the types know what a node
 *       is: enum values come out sorted and get back their declaration order (upstream's);
 *       {@link IpVersion} becomes upstream's {@code integer/int64} enum 4, 6 (the generator
 *       writes a string enum from {@code @JsonValue}); {@code Long} gets {@code format: int64} and
 *       {@code Integer} {@code format: int32} unless marked {@link NoIntegerFormat}; a
 *       {@link LabelSelector} gets the list/map-type markers and required keys of Kubernetes' own
 *       schema; a {@code Void} property (the spec of a kind that has none) is dropped; a property
 *       marked {@link NoSchemaDefaults} loses the defaults of its type;</li>
 *   <li>{@code apiVersion}, {@code kind} and {@code metadata} are declared at the root, as
 *       controller-gen does, so that {@code kubectl explain} lists them;</li>
 *   <li>descriptions the generator cannot take from the model: the root's from the kind's
 *       {@link JsonClassDescription} (the generator reads only {@code @JsonPropertyDescription}), a
 *       property's from its type's {@code @JsonClassDescription} when the property has none (spec
 *       and status, which {@link io.fabric8.kubernetes.client.CustomResource} declares), the fields of
 *       the {@link LabelSelector} model type and of the root; a schema {@code default} is appended to
 *       its property's description, so that {@code kubectl explain} shows it;</li>
 *   <li>a kind marked {@link NoStatusSubresource} loses the status subresource the generator adds;</li>
 *   <li>bounds written as {@code 4094.0} become {@code 4094}, and schema keys are sorted.</li>
 * </ol>
 */
final class CrdPostProcessor {
    private final ObjectMapper introspector = new ObjectMapper();

    ObjectNode process(ObjectNode crd, Class<?> kind) {
        ObjectNode names = crd.withObjectProperty("spec").withObjectProperty("names");
        names.put("listKind", names.path("kind").asText() + "List");
        for (JsonNode version : crd.path("spec").path("versions")) {
            restorePrinterColumnOrder((ObjectNode) version, kind);
            ObjectNode schema = (ObjectNode) version.path("schema").path("openAPIV3Schema");
            fixTypes(schema, introspector.constructType(kind));
            declareObjectRoot(schema, HasMetadata.getApiVersion(kind), HasMetadata.getKind(kind));
            describeFromType(schema, kind);
            appendDefaults(schema);
            version.withObjectProperty("schema").set("openAPIV3Schema", sortedWholeNumbers(schema));
            if (kind.isAnnotationPresent(NoStatusSubresource.class)) {
                dropStatusSubresource((ObjectNode) version);
            }
        }
        return crd;
    }

    private static void restorePrinterColumnOrder(ObjectNode version, Class<?> kind) {
        AdditionalPrinterColumn[] declared = kind.getAnnotationsByType(AdditionalPrinterColumn.class);
        if (declared.length == 0) {
            return;
        }
        Map<String, ObjectNode> byName = new LinkedHashMap<>();
        version.withArray("additionalPrinterColumns").forEach(c -> byName.put(c.path("name").asText(), (ObjectNode) c));
        ArrayNode ordered = version.arrayNode();
        for (AdditionalPrinterColumn column : declared) {
            ObjectNode node = Objects.requireNonNull(byName.get(column.name()), column.name());
            if (node.path("priority").asInt() == 0) {
                node.remove("priority");
            }
            ordered.add(node);
        }
        version.set("additionalPrinterColumns", ordered);
    }

    private void fixTypes(ObjectNode schema, JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == IpVersion.class) {
            JsonNode description = schema.get("description");
            schema.removeAll().put("type", "integer").put("format", "int64").putArray("enum").add(4).add(6);
            if (description != null) {
                schema.set("description", description);
            }
        } else if (raw.isEnum()) {
            ArrayNode declared = schema.putArray("enum");
            Stream.of(raw.getEnumConstants()).forEach(constant -> declared.add(introspector.valueToTree(constant)));
        } else if (raw == LabelSelector.class) {
            markAtomic(schema);
            describeSelector(schema);
        } else if (type.isCollectionLikeType() && schema.has("items")) {
            fixTypes((ObjectNode) schema.get("items"), type.getContentType());
        } else if (type.isMapLikeType() && schema.get("additionalProperties") instanceof ObjectNode values) {
            fixTypes(values, type.getContentType());
        } else if (schema.get("properties") instanceof ObjectNode properties) {
            for (BeanPropertyDefinition property : introspector.getSerializationConfig().introspect(type).findProperties()) {
                fixProperty(properties, property);
            }
        }
    }

    private void fixProperty(ObjectNode properties, BeanPropertyDefinition property) {
        if (!(properties.get(property.getName()) instanceof ObjectNode schema)) {
            return;
        }
        JavaType type = property.getPrimaryType();
        Class<?> raw = type.getRawClass();
        describeFromType(schema, raw);
        if (raw == Void.class) {
            properties.remove(property.getName());
        } else if (raw == Long.class || raw == long.class) {
            schema.put("format", "int64");
        } else if ((raw == Integer.class || raw == int.class) && !annotated(property, NoIntegerFormat.class)) {
            schema.put("format", "int32");
        } else {
            fixTypes(schema, type);
        }
        if (annotated(property, NoSchemaDefaults.class)) {
            dropDefaults(schema);
        }
    }

    private static void dropDefaults(JsonNode schema) {
        if (schema instanceof ObjectNode object) {
            object.remove("default");
        }
        schema.path("properties").forEach(CrdPostProcessor::dropDefaults);
        if (schema.path("items").isObject()) {
            dropDefaults(schema.get("items"));
        }
    }

    private static boolean annotated(BeanPropertyDefinition property, Class<? extends Annotation> marker) {
        return Stream.of(property.getField(), property.getGetter(), property.getSetter(), property.getConstructorParameter())
                .filter(Objects::nonNull).anyMatch((Annotated member) -> member.hasAnnotation(marker));
    }

    /** Kubernetes declares selectors atomic: a patch replaces them whole instead of merging lists. */
    private static void markAtomic(ObjectNode selector) {
        selector.put("x-kubernetes-map-type", "atomic");
        ObjectNode expressions = (ObjectNode) selector.path("properties").path("matchExpressions");
        expressions.put("x-kubernetes-list-type", "atomic");
        ObjectNode requirement = (ObjectNode) expressions.path("items");
        requirement.putArray("required").add("key").add("operator");
        ((ObjectNode) requirement.path("properties").path("values")).put("x-kubernetes-list-type", "atomic");
    }

    private static void declareObjectRoot(ObjectNode schema, String apiVersion, String kind) {
        ObjectNode properties = schema.withObjectProperty("properties");
        properties.putObject("apiVersion").put("type", "string")
                .put("description", "Group and version of the API the object is written in: " + apiVersion + ".");
        properties.putObject("kind").put("type", "string")
                .put("description", "Kind of the object: " + kind + ".");
        properties.putObject("metadata").put("type", "object")
                .put("description", "The object's name, labels, annotations, finalizers and owners, as for every"
                        + " Kubernetes object.");
    }

    /** Leaves a description the model gave the property itself; otherwise takes its type's, if any. */
    private static void describeFromType(ObjectNode schema, Class<?> type) {
        JsonClassDescription described = type.getAnnotation(JsonClassDescription.class);
        if (described != null && !schema.has("description")) {
            schema.put("description", described.value());
        }
    }

    /** fabric8's LabelSelector carries no descriptions; ours say how Spiderpool reads a selector. */
    private static void describeSelector(ObjectNode selector) {
        ObjectNode properties = (ObjectNode) selector.path("properties");
        ((ObjectNode) properties.path("matchLabels")).put("description",
                "Labels that must be present, each with exactly this value.");
        ObjectNode expressions = (ObjectNode) properties.path("matchExpressions");
        expressions.put("description", "Conditions on labels; all of them must hold, as must matchLabels.");
        ObjectNode requirement = (ObjectNode) expressions.path("items").path("properties");
        ((ObjectNode) requirement.path("key")).put("description", "Label key the condition tests.");
        ((ObjectNode) requirement.path("operator")).put("description",
                "In or NotIn (the label's value is, or is not, one of values), Exists or DoesNotExist.");
        ((ObjectNode) requirement.path("values")).put("description",
                "Values for In and NotIn; must be empty for Exists and DoesNotExist.");
    }

    /** {@code default: 500} becomes "... Default: 500." in the description too. */
    private static void appendDefaults(JsonNode schema) {
        if (schema.get("default") instanceof JsonNode value && schema.get("description") instanceof JsonNode text) {
            ((ObjectNode) schema).put("description", text.asText() + " Default: " + value.asText() + ".");
        }
        schema.path("properties").forEach(CrdPostProcessor::appendDefaults);
        if (schema.path("items").isObject()) {
            appendDefaults(schema.get("items"));
        }
        if (schema.path("additionalProperties").isObject()) {
            appendDefaults(schema.get("additionalProperties"));
        }
    }

    private static void dropStatusSubresource(ObjectNode version) {
        if (version.get("subresources") instanceof ObjectNode subresources) {
            subresources.remove("status");
        }
    }

    /** A copy with keys sorted (controller-gen's order) and integral doubles written as integers. */
    private static JsonNode sortedWholeNumbers(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.stream().sorted().forEach(name -> sorted.set(name, sortedWholeNumbers(node.get(name))));
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(sortedWholeNumbers(element)));
            return copy;
        }
        if (node.isFloatingPointNumber() && node.doubleValue() == Math.rint(node.doubleValue())) {
            return LongNode.valueOf(node.longValue());
        }
        return node;
    }
}
