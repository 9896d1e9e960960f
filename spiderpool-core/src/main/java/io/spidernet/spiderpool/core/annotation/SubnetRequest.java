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
 * One NIC's request for an auto-created pool, from {@value SpiderpoolAnnotations#SUBNET} or one
 * item of {@value SpiderpoolAnnotations#SUBNETS}. Only the first subnet of each family list counts,
 * as upstream; later entries are accepted and ignored so that upstream manifests keep working.
 * At least one family is present.
 */
public record SubnetRequest(String interfaceName, Optional<String> ipv4Subnet, Optional<String> ipv6Subnet) {

    private static final List<String> FIELDS = List.of("interface", "ipv4", "ipv6");
    private static final String ITEM_SHAPE = "{\"interface\":\"eth0\",\"ipv4\":[\"subnet1\"],\"ipv6\":[\"subnet2\"]}";
    private static final String SINGLE_SHAPE = "a JSON object like " + ITEM_SHAPE;
    private static final String LIST_SHAPE = "a JSON array like [" + ITEM_SHAPE + "]";

    public SubnetRequest {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(ipv4Subnet, "ipv4Subnet");
        Objects.requireNonNull(ipv6Subnet, "ipv6Subnet");
        if (ipv4Subnet.isEmpty() && ipv6Subnet.isEmpty()) {
            throw new IllegalArgumentException("a subnet request names at least one subnet");
        }
    }

    /** The value of {@value SpiderpoolAnnotations#SUBNET}; the interface defaults to eth0. */
    static SubnetRequest parseSingle(String raw) {
        JsonNode node = AnnotationJson.parse(raw, SINGLE_SHAPE);
        Fields f = Fields.of(node, "", SINGLE_SHAPE, FIELDS);
        String nic = f.text("interface").orElse(SpiderpoolAnnotations.DEFAULT_INTERFACE);
        return request(f, AnnotationValues.interfaceName(nic, ""), "");
    }

    /** The value of {@value SpiderpoolAnnotations#SUBNETS}: interfaces named, NICs and subnets distinct. */
    static List<SubnetRequest> parseList(String raw) {
        List<JsonNode> nodes = AnnotationJson.parseArray(raw, LIST_SHAPE);
        if (nodes.isEmpty()) {
            throw new Invalid("it lists no NIC; give at least one item like [" + ITEM_SHAPE
                    + "] or remove the annotation");
        }
        List<SubnetRequest> requests = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            String where = item(i);
            Fields f = Fields.of(nodes.get(i), where, "an object like " + ITEM_SHAPE, FIELDS);
            String nic = AnnotationValues.interfaceName(f.require("interface", "net1"), where);
            requests.add(request(f, nic, where));
        }
        checkDistinct(requests);
        return List.copyOf(requests);
    }

    private static SubnetRequest request(Fields f, String nic, String where) {
        Optional<String> v4 = f.names("ipv4", "subnet").stream().findFirst();
        Optional<String> v6 = f.names("ipv6", "subnet").stream().findFirst();
        if (v4.isEmpty() && v6.isEmpty()) {
            throw new Invalid(where + "no subnet is given; name one in \"ipv4\" or \"ipv6\", e.g. \"ipv4\":[\"subnet1\"]");
        }
        return new SubnetRequest(nic, v4, v6);
    }

    // two NICs from one subnet would get two auto-pools owning the same addresses
    private static void checkDistinct(List<SubnetRequest> requests) {
        Map<String, Integer> nics = new HashMap<>();
        Map<String, Integer> v4 = new HashMap<>();
        Map<String, Integer> v6 = new HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            SubnetRequest r = requests.get(i);
            int index = i;
            distinct(nics, r.interfaceName(), index, "interface");
            r.ipv4Subnet.ifPresent(s -> distinct(v4, s, index, "IPv4 subnet"));
            r.ipv6Subnet.ifPresent(s -> distinct(v6, s, index, "IPv6 subnet"));
        }
    }

    private static void distinct(Map<String, Integer> seen, String name, int index, String what) {
        Integer earlier = seen.putIfAbsent(name, index);
        if (earlier != null) {
            throw new Invalid(what + " \"" + name + "\" is used by items " + (earlier + 1) + " and " + (index + 1)
                    + "; give each NIC its own " + (what.equals("interface") ? "item" : "subnet"));
        }
    }
}
