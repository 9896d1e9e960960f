package io.spidernet.spiderpool.core.annotation;

import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.NS_DEFAULT_IPV4_IPPOOL;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.NS_DEFAULT_IPV6_IPPOOL;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A namespace's default pools, from {@value SpiderpoolAnnotations#NS_DEFAULT_IPV4_IPPOOL} and
 * {@value SpiderpoolAnnotations#NS_DEFAULT_IPV6_IPPOOL}. Names may be patterns; an absent annotation
 * is an empty list.
 */
public record NamespaceDefaults(List<String> ipv4, List<String> ipv6) {

    private static final String SHAPE = "a JSON array of pool names like [\"pool1\",\"pool2\"]";

    public NamespaceDefaults {
        ipv4 = List.copyOf(ipv4);
        ipv6 = List.copyOf(ipv6);
    }

    public static NamespaceDefaults parse(Map<String, String> namespaceAnnotations) {
        Map<String, String> a = namespaceAnnotations == null ? Map.of() : namespaceAnnotations;
        return new NamespaceDefaults(
                AnnotationValues.read(a, NS_DEFAULT_IPV4_IPPOOL, NamespaceDefaults::parseNames).orElse(List.of()),
                AnnotationValues.read(a, NS_DEFAULT_IPV6_IPPOOL, NamespaceDefaults::parseNames).orElse(List.of()));
    }

    public boolean isEmpty() {
        return ipv4.isEmpty() && ipv6.isEmpty();
    }

    public PoolNames pools() {
        return new PoolNames(ipv4, ipv6);
    }

    private static List<String> parseNames(String raw) {
        JsonNode node = AnnotationJson.parse(raw, SHAPE);
        if (!node.isArray()) {
            throw new AnnotationValues.Invalid("it must be " + SHAPE + ", not " + node);
        }
        return AnnotationJson.names(node, "", "the list", "pool");
    }
}
