package io.spidernet.spiderpool.core.allocation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The one codec of a subnet's {@code status.controlledIPPools} string: pool name → the IPs the
 * subnet handed to it and, for an application's pool, which application. Encodes as upstream's Go
 * {@code json.Marshal} does (compact, pool names in string order, {@code application} omitted when
 * absent), so subnets written by either implementation compare equal.
 */
public final class ControlledIpPoolsCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = new JsonFactory();

    private ControlledIpPoolsCodec() {}

    /**
     * @param ips         entries as in a pool's spec.ips: {@code a} or {@code a-b}
     * @param application {@code <group>_<version>_<Kind>_<ns>_<name>} for auto-created pools
     */
    public record ControlledPool(List<String> ips, Optional<String> application) {
        public ControlledPool {
            ips = List.copyOf(ips);
            Objects.requireNonNull(application, "application");
        }
    }

    /**
     * Null or blank decodes to no pools.
     *
     * @throws IllegalArgumentException when the string is not a JSON object; the message continues
     *         a sentence about the field ("is not JSON: …")
     */
    public static Map<String, ControlledPool> decode(String controlledIPPools) {
        Map<String, ControlledPool> out = new LinkedHashMap<>();
        if (controlledIPPools == null || controlledIPPools.isBlank()) {
            return out;
        }
        JsonNode root;
        try {
            root = JSON.readTree(controlledIPPools);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isNull()) {
            return out;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("is not a JSON object but " + root.getNodeType());
        }
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            List<String> ips = new ArrayList<>();
            e.getValue().path("ips").forEach(ip -> ips.add(ip.asText()));
            JsonNode app = e.getValue().path("application");
            out.put(e.getKey(), new ControlledPool(ips, app.isTextual() ? Optional.of(app.asText()) : Optional.empty()));
        }
        return out;
    }

    /** No pools encodes to null, so the field is omitted as upstream does. */
    public static String encode(Map<String, ControlledPool> pools) {
        if (pools.isEmpty()) {
            return null;
        }
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeStartObject();
            for (Map.Entry<String, ControlledPool> e : new TreeMap<>(pools).entrySet()) {
                g.writeObjectFieldStart(e.getKey());
                g.writeArrayFieldStart("ips");
                for (String ip : e.getValue().ips()) {
                    g.writeString(ip);
                }
                g.writeEndArray();
                if (e.getValue().application().isPresent()) {
                    g.writeStringField("application", e.getValue().application().get());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode controlledIPPools", e);
        }
        return w.toString();
    }
}
