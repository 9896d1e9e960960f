package io.spidernet.spiderpool.agent.local;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spidernet.spiderpool.agent.ipam.EndpointRecord;
import io.spidernet.spiderpool.core.allocation.AllocatedIpsCodec;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything the local store persists, as one immutable value: per pool the ledger exactly as
 * upstream keeps it in {@code status.allocatedIPs} (through core's codec, never a format of our own)
 * and its version, and per workload its endpoint record. Changes return a new value, so a unit of
 * work can be dropped by not publishing it.
 *
 * @param resourceVersion the last version handed out; pool versions are taken from it so they
 *                        never repeat, also across restarts
 */
record LocalState(long resourceVersion, Map<String, PoolEntry> pools, Map<String, EndpointRecord> endpoints) {
    static final int FORMAT = 1;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    /** One pool's status as stored: the version it was written at and upstream's ledger string. */
    @JsonPropertyOrder({"resourceVersion", "allocatedIPCount", "allocatedIPs"})
    record PoolEntry(@JsonProperty("resourceVersion") String resourceVersion,
                     @JsonProperty("allocatedIPs") String allocatedIPs,
                     @JsonProperty("allocatedIPCount") Long allocatedIPCount) {}

    LocalState {
        pools = Collections.unmodifiableMap(pools);
        endpoints = Collections.unmodifiableMap(endpoints);
    }

    static LocalState empty() {
        return new LocalState(0, Map.of(), Map.of());
    }

    LocalState withPool(String name, String allocatedIPs, Long allocatedIPCount) {
        Map<String, PoolEntry> next = new HashMap<>(pools);
        next.put(name, new PoolEntry(Long.toString(resourceVersion + 1), allocatedIPs, allocatedIPCount));
        return new LocalState(resourceVersion + 1, next, endpoints);
    }

    LocalState withEndpoint(EndpointRecord endpoint) {
        Map<String, EndpointRecord> next = new HashMap<>(endpoints);
        next.put(endpoint.key(), endpoint);
        return new LocalState(resourceVersion, pools, next);
    }

    LocalState withoutEndpoint(String key) {
        if (!endpoints.containsKey(key)) {
            return this;
        }
        Map<String, EndpointRecord> next = new HashMap<>(endpoints);
        next.remove(key);
        return new LocalState(resourceVersion, pools, next);
    }

    byte[] encode() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("resourceVersion", resourceVersion);
        root.set("pools", JSON.valueToTree(pools));
        root.set("endpoints", JSON.valueToTree(endpoints));
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the local state", e);
        }
    }

    /** Decodes and checks every ledger, so a damaged file stops the agent instead of a later ADD. */
    static LocalState decode(byte[] bytes) throws IOException {
        JsonNode root = JSON.readTree(bytes);
        if (root == null || !root.isObject()) {
            throw new IOException("not a JSON object");
        }
        int format = root.path("format").asInt(-1);
        if (format != FORMAT) {
            throw new IOException("format " + root.path("format") + " is not " + FORMAT);
        }
        Map<String, PoolEntry> pools = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : root.path("pools").properties()) {
            PoolEntry entry = JSON.treeToValue(e.getValue(), PoolEntry.class);
            try {
                AllocatedIpsCodec.decode(entry.allocatedIPs());
            } catch (IllegalStateException bad) {
                throw new IOException("pool " + e.getKey() + ": " + bad.getMessage(), bad);
            }
            pools.put(e.getKey(), entry);
        }
        Map<String, EndpointRecord> endpoints = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : root.path("endpoints").properties()) {
            endpoints.put(e.getKey(), JSON.treeToValue(e.getValue(), EndpointRecord.class));
        }
        return new LocalState(root.path("resourceVersion").asLong(0), pools, endpoints);
    }
}
