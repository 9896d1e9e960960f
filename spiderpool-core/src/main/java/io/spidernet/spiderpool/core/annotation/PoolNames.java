package io.spidernet.spiderpool.core.annotation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spidernet.spiderpool.core.annotation.AnnotationJson.Fields;
import java.util.List;

/**
 * Pool names per family, as written: names may be shell-style patterns ({@code *}, {@code ?},
 * {@code [...]}) which the selection step expands against the pools of that family.
 */
public record PoolNames(List<String> ipv4, List<String> ipv6) {

    static final String SHAPE = "a JSON object like {\"ipv4\":[\"pool1\"],\"ipv6\":[\"pool2\"]}";
    private static final List<String> FIELDS = List.of("ipv4", "ipv6");

    public PoolNames {
        ipv4 = List.copyOf(ipv4);
        ipv6 = List.copyOf(ipv6);
    }

    public static PoolNames none() {
        return new PoolNames(List.of(), List.of());
    }

    public boolean isEmpty() {
        return ipv4.isEmpty() && ipv6.isEmpty();
    }

    /** The value of {@value SpiderpoolAnnotations#IPPOOL}. */
    static PoolNames parse(String raw) {
        JsonNode node = AnnotationJson.parse(raw, SHAPE);
        if (node instanceof ObjectNode object) {
            // the annotation once had an "interface" field; upstream still accepts and ignores it (the
            // annotation is for the NIC being added), so manifests carrying it keep working
            object.remove("interface");
        }
        Fields f = Fields.of(node, "", SHAPE, FIELDS);
        return new PoolNames(f.names("ipv4", "pool"), f.names("ipv6", "pool"));
    }
}
