package io.spidernet.spiderpool.core.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spidernet.spiderpool.core.allocation.ControlledIpPoolsCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads only what the webhooks need from the two JSON-in-a-string status fields: which IPs a pool
 * has handed out, and which IPs a subnet has handed to each pool. Deliberately minimal and private
 * to this package: the allocation package owns the codecs that write these fields, and the subnet
 * record is read through its codec.
 */
final class StatusRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusRecords() {}

    /** {@code status.allocatedIPs}: IP → {@code ns/name} of the pod holding it. Malformed JSON throws IllegalArgumentException. */
    static Map<String, String> allocatedIps(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : objectEntries(json)) {
            out.put(e.getKey(), e.getValue().path("pod").asText(""));
        }
        return out;
    }

    /** {@code status.controlledIPPools}: pool name → its pre-allocated {@code ips} entries. */
    static Map<String, List<String>> controlledPoolIps(String json) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        ControlledIpPoolsCodec.decode(json).forEach((pool, record) -> out.put(pool, record.ips()));
        return out;
    }

    private static Iterable<Map.Entry<String, JsonNode>> objectEntries(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isNull()) {
            return List.of();
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("is not a JSON object but " + root.getNodeType());
        }
        return root.properties();
    }
}
