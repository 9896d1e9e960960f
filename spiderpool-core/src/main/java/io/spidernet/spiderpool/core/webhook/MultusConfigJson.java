package io.spidernet.spiderpool.core.webhook;

import static io.spidernet.spiderpool.core.webhook.Rules.PASS;
import static io.spidernet.spiderpool.core.webhook.Rules.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * The two JSON strings of a SpiderMultusConfig: {@code customCNI}, used verbatim as the NAD's config,
 * and each {@code chainCNIJsonData} entry, one plugin appended to the rendered chain. Upstream checks
 * the first only for JSON syntax and reads each of the second as libcni does (an object with a
 * non-empty {@code type}).
 */
final class MultusConfigJson {
    /** Plugins a chain may add; far more than any network chains, and a bound on what one object can ask for. */
    static final int MAX_CHAIN_PLUGINS = 32;
    private static final ObjectMapper JSON = new ObjectMapper();

    private MultusConfigJson() {}

    static List<FieldError> customCni(String customCni) {
        if (customCni == null || customCni.isEmpty()) {
            return PASS;  // an empty custom config renders a NAD without spec.config, as upstream
        }
        try {
            JSON.readTree(customCni);
            return PASS;
        } catch (JsonProcessingException e) {
            return fail(FieldError.invalid("spec.customCNI", null, "is not valid JSON (" + e.getOriginalMessage()
                    + "); write the whole CNI configuration as JSON, e.g. {\"cniVersion\":\"0.3.1\",\"name\":\"net1\",\"plugins\":[...]}"));
        }
    }

    static List<FieldError> chain(List<String> entries) {
        if (entries == null) {
            return PASS;
        }
        if (entries.size() > MAX_CHAIN_PLUGINS) {
            return fail(FieldError.invalid("spec.chainCNIJsonData", String.valueOf(entries.size()), "has " + entries.size()
                    + " plugins; at most " + MAX_CHAIN_PLUGINS + " can be chained"));
        }
        for (int i = 0; i < entries.size(); i++) {
            String at = "spec.chainCNIJsonData[" + i + "]";
            JsonNode plugin;
            try {
                plugin = entries.get(i) == null ? null : JSON.readTree(entries.get(i));
            } catch (JsonProcessingException e) {
                return fail(FieldError.invalid(at, null, "is not valid JSON (" + e.getOriginalMessage() + "); write one plugin"
                        + " as a JSON object, e.g. {\"type\":\"tuning\",\"sysctl\":{\"net.core.somaxconn\":\"4096\"}}"));
            }
            if (plugin == null || !plugin.isObject()) {
                return fail(FieldError.invalid(at, null, "is not a JSON object; each entry is one plugin's configuration,"
                        + " e.g. {\"type\":\"tuning\"}, not a list or a value"));
            }
            JsonNode type = plugin.get("type");
            if (type == null || !type.isTextual() || type.asText().isEmpty()) {
                return fail(FieldError.required(at + ".type", "is required; name the plugin the entry configures, e.g."
                        + " \"type\":\"tuning\""));
            }
        }
        return PASS;
    }
}
