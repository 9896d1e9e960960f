package io.spidernet.spiderpool.cni.install;

import io.spidernet.spiderpool.core.cni.JsonReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a CNI network configuration file must be before it is put where the container runtime reads
 * it (pure): strict JSON, a {@code cniVersion} and {@code name}, and a {@code type} (a single
 * plugin, {@code .conf}) or a non-empty {@code plugins} list whose members each have a
 * {@code type} ({@code .conflist}); {@code .json} may be either, as libcni reads it.
 */
public final class CniConfRules {
    private CniConfRules() {}

    public static List<String> problems(String fileName, byte[] content, int maxBytes) {
        if (content.length > maxBytes) {
            return List.of("it has " + content.length + " bytes, more than " + maxBytes);
        }
        Map<String, Object> conf;
        try {
            conf = JsonReader.parseObject(content);
        } catch (RuntimeException e) {
            return List.of("it is not a JSON object: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        for (String key : List.of("cniVersion", "name")) {
            if (!(conf.get(key) instanceof String s) || s.isEmpty()) {
                problems.add("\"" + key + "\" must be a non-empty string");
            }
        }
        boolean single = conf.get("type") instanceof String t && !t.isEmpty();
        boolean list = conf.get("plugins") instanceof List<?> plugins && !plugins.isEmpty()
                && plugins.stream().allMatch(p -> p instanceof Map<?, ?> m && m.get("type") instanceof String t && !t.isEmpty());
        if (fileName.endsWith(".conflist") && !list) {
            problems.add("a .conflist needs \"plugins\": a non-empty list of objects, each with a \"type\"");
        } else if (fileName.endsWith(".conf") && !single) {
            problems.add("a .conf needs a \"type\" (for a plugin list, name the file .conflist)");
        } else if (!single && !list) {
            problems.add("it needs a \"type\" or a non-empty \"plugins\" list whose members each have a \"type\"");
        }
        return problems;
    }
}
