package io.spidernet.spiderpool.core.annotation;

import static io.spidernet.spiderpool.core.annotation.AnnotationValues.item;

import com.fasterxml.jackson.databind.JsonNode;
import io.spidernet.spiderpool.core.annotation.AnnotationJson.Fields;
import io.spidernet.spiderpool.core.annotation.AnnotationValues.Invalid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The value of {@value SpiderpoolAnnotations#IPPOOLS}: pools for several NICs, all allocated in the
 * pod's first CNI ADD. Either every item names its interface or none does; without names, item
 * {@code i} is the pod's {@code i}-th NIC.
 *
 * @param items at least one, interface names unique
 * @param raw   the annotation value as written, quoted when {@link #requireListed} refuses a NIC
 */
public record PerNicPools(List<NicPools> items, String raw) {

    private static final String SHAPE =
            "a JSON array like [{\"interface\":\"eth0\",\"ipv4\":[\"pool1\"],\"cleangateway\":false}]";
    private static final List<String> FIELDS = List.of("interface", "ipv4", "ipv6", "cleangateway");

    public PerNicPools {
        items = List.copyOf(items);
        Objects.requireNonNull(raw, "raw");
        if (items.isEmpty()) {
            throw new IllegalArgumentException("at least one NIC is required");
        }
    }

    /** True when the items name their interfaces; false when they are addressed by position. */
    public boolean namesInterfaces() {
        return items.getFirst().interfaceName().isPresent();
    }

    /** The item for {@code nic} when the items name their interfaces. */
    public Optional<NicPools> find(String nic) {
        return items.stream().filter(i -> i.interfaceName().filter(nic::equals).isPresent()).findFirst();
    }

    /**
     * Refuses a CNI ADD for a NIC the annotation does not list. Only this step knows the NIC, so
     * it cannot be part of parsing; unnamed items never refuse (they go by position).
     */
    public void requireListed(String nic) {
        if (namesInterfaces() && find(nic).isEmpty()) {
            throw new AnnotationException(SpiderpoolAnnotations.IPPOOLS, raw, "interface \"" + nic
                    + "\" is not listed; add an item {\"interface\":\"" + nic + "\",...} for it");
        }
    }

    static PerNicPools parse(String raw) {
        List<JsonNode> nodes = AnnotationJson.parseArray(raw, SHAPE);
        if (nodes.isEmpty()) {
            throw new Invalid("it lists no NIC; give at least one item like "
                    + "[{\"interface\":\"eth0\",\"ipv4\":[\"pool1\"]}] or remove the annotation");
        }
        List<NicPools> items = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            items.add(parseItem(nodes.get(i), i));
        }
        checkInterfaces(items);
        return new PerNicPools(items, raw);
    }

    private static NicPools parseItem(JsonNode node, int index) {
        String where = item(index);
        Fields f = Fields.of(node, where, "an object like {\"interface\":\"eth0\",\"ipv4\":[\"pool1\"]}", FIELDS);
        Optional<String> nic = f.text("interface").map(n -> AnnotationValues.interfaceName(n, where));
        return new NicPools(nic, f.names("ipv4", "pool"), f.names("ipv6", "pool"),
                f.bool("cleangateway").orElse(false));
    }

    private static void checkInterfaces(List<NicPools> items) {
        boolean named = items.getFirst().interfaceName().isPresent();
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Optional<String> nic = items.get(i).interfaceName();
            if (nic.isPresent() != named) {
                throw new Invalid("either every item names \"interface\" or none does (item " + (i + 1)
                        + (named ? " has none" : " names \"" + nic.orElseThrow() + "\" but item 1 has none") + ")");
            }
            if (nic.isEmpty()) {
                continue;
            }
            Integer earlier = firstIndex.putIfAbsent(nic.get(), i);
            if (earlier != null) {
                throw new Invalid("interface \"" + nic.get() + "\" is listed twice (items " + (earlier + 1)
                        + " and " + (i + 1) + "); merge them into one item per NIC");
            }
        }
    }
}
