package io.spidernet.spiderpool.core.allocation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one codec of a pool's {@code status.allocatedIPs} string. The output is byte-for-byte what
 * upstream's Go {@code json.Marshal} of its map writes (compact, keys in string order), so pools
 * written by either implementation compare equal and a no-op write is recognisable.
 */
public final class AllocatedIpsCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final TypeReference<TreeMap<String, AllocationRecord>> TYPE = new TypeReference<>() {};

    private AllocatedIpsCodec() {}

    /** Null or blank (upstream omits the field when empty) decodes to an empty map. */
    public static TreeMap<String, AllocationRecord> decode(String allocatedIPs) {
        if (allocatedIPs == null || allocatedIPs.isBlank()) {
            return new TreeMap<>();
        }
        try {
            TreeMap<String, AllocationRecord> m = MAPPER.readValue(allocatedIPs, TYPE);
            return m == null ? new TreeMap<>() : m;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("status.allocatedIPs is not the JSON object Spiderpool writes: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Empty encodes to null, so the field is omitted as upstream does. */
    public static String encode(Map<String, AllocationRecord> records) {
        if (records.isEmpty()) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(new TreeMap<>(records));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode allocatedIPs", e);
        }
    }
}
