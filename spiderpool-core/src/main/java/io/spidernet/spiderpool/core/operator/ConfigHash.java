package io.spidernet.spiderpool.core.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.MapperFeature;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The agent pod template's hash: SHA-256 over its canonical JSON (keys sorted, nulls left out) and
 * the ConfigMap's data. The agent reads conf.yml once at start, so a conf.yml change must change the
 * template too; with the hash in a template annotation, the template changes exactly when either
 * does, and the DaemonSet's rolling update restarts the agents then and only then.
 */
public final class ConfigHash {
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private ConfigHash() {}

    /** @param template the pod template without the hash annotation ({@link AgentDaemonSet#podTemplate}) */
    public static String of(PodTemplateSpec template, Map<String, String> configData) {
        try {
            JsonNode tree = CANONICAL.valueToTree(template);
            String canonical = CANONICAL.writeValueAsString(CANONICAL.treeToValue(tree, Object.class))
                    + "\n" + CANONICAL.writeValueAsString(new TreeMap<>(configData));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the agent pod template cannot be written as JSON", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
