package io.spidernet.spiderpool.core.cni;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CNI spec versions this plugin speaks: upstream Spiderpool's four plus 1.1.0 (the GC and
 * STATUS verbs; its result keeps 1.0.0's shape, the new route attributes are optional and this
 * plugin sets none). 0.1.0/0.2.0 (a different result shape) are not offered.
 */
public enum CniVersion {
    V0_3_0("0.3.0"),
    V0_3_1("0.3.1"),
    V0_4_0("0.4.0"),
    V1_0_0("1.0.0"),
    V1_1_0("1.1.0");

    /**
     * Used where no usable version was given (error replies, VERSION without input). Still 1.0.0:
     * it is the newest version every runtime of the 1.x line reads, and an error or a VERSION reply
     * has the same shape in 1.1.0.
     */
    public static final CniVersion LATEST = V1_0_0;

    private final String text;

    CniVersion(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /** Results up to 0.4.0 tag each IP with "version" ("4"/"6"); 1.0.0 dropped the field. */
    public boolean ipsCarryVersion() {
        return compareTo(V1_0_0) < 0;
    }

    /** GC and STATUS arrived with 1.1.0; a configuration of an older version does not define them. */
    public boolean definesGcAndStatus() {
        return compareTo(V1_1_0) >= 0;
    }

    /** The supported versions as the spec writes them, oldest first. */
    public static List<String> supported() {
        List<String> texts = new ArrayList<>(values().length);
        for (CniVersion v : values()) {
            texts.add(v.text);
        }
        return texts;
    }

    /** The version for this exact text, or null; no trimming or prefix matching. */
    public static CniVersion find(String text) {
        for (CniVersion v : values()) {
            if (v.text.equals(text)) {
                return v;
            }
        }
        return null;
    }

    /** Like {@link #find} but an unsupported or missing version is a code-1 error. */
    public static CniVersion parse(String text) {
        CniVersion v = find(text);
        if (v != null) {
            return v;
        }
        String shown = text == null || text.isEmpty() ? "(none: runtimes read a missing cniVersion as 0.1.0)"
                : "\"" + text + "\"";
        throw new CniError.IncompatibleVersion(
                "incompatible CNI version " + shown + ": spiderpool supports " + String.join(", ", supported()),
                "set \"cniVersion\" in the network configuration (the conflist or the NetworkAttachmentDefinition)"
                        + " to one of the supported versions");
    }

    /**
     * The version to answer in, read leniently from a config that may be broken: a supported
     * cniVersion if there is one, else {@link #LATEST}. Error replies use it, so that a runtime
     * gets its own version back whenever that is possible.
     */
    public static CniVersion replyVersionFor(String config) {
        CniVersion v = find(declaredIn(config));
        return v == null ? LATEST : v;
    }

    /** The top-level string {@code cniVersion} of a JSON object, or null if there is none. */
    public static String declaredIn(String config) {
        if (config == null || config.isBlank()) {
            return null;
        }
        try {
            Object v = JsonReader.parseObject(config).get("cniVersion");
            return v instanceof String s ? s : null;
        } catch (JsonSyntaxException e) {
            return null;
        }
    }

    /**
     * The VERSION reply. The spec asks to echo the caller's cniVersion (even one this plugin does
     * not support: the runtime then sees it missing from the list); without one, {@link #LATEST}.
     */
    public static String versionReply(String requestedVersion) {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("cniVersion", requestedVersion == null || requestedVersion.isEmpty() ? LATEST.text : requestedVersion);
        reply.put("supportedVersions", supported());
        return JsonWriter.write(reply);
    }

    @Override
    public String toString() {
        return text;
    }
}
