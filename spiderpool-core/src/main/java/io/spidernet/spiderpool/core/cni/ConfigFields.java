package io.spidernet.spiderpool.core.cni;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed reads from one object of a network config. A value of the wrong type is a code-7 error
 * that names the key (with its path, e.g. {@code ipam.clean_gateway}), shows the value, says the
 * expected type and how to write it. JSON {@code null} counts as absent, as in Go's decoder, so
 * templating tools that emit {@code null} for unset values keep working. Public so that every
 * plugin's config (IPAM, ifacer, coordinator) is read with the same rules and messages.
 */
public final class ConfigFields {
    /** The JSON types a field can demand, each with how to write it. */
    enum Expected {
        STRING("a string", "put the value in double quotes"),
        BOOLEAN("a boolean", "write true or false, without quotes"),
        WHOLE_NUMBER("a whole number", "write digits only, without quotes or decimal point, e.g. 100"),
        STRING_LIST("a list of strings", "write a JSON array of quoted names, e.g. [\"default-v4-ippool\"]"),
        OBJECT("an object", "write a JSON object, e.g. {\"type\": \"spiderpool\"}"),
        ATTACHMENT_LIST("a list of {\"containerID\", \"ifname\"} objects",
                "the runtime writes it, e.g. [{\"containerID\": \"3c1e9f0a7b\", \"ifname\": \"eth0\"}]");

        final String noun;
        final String howTo;

        Expected(String noun, String howTo) {
            this.noun = noun;
            this.howTo = howTo;
        }
    }

    private static final int SHOWN_VALUE_MAX = 64;

    private final Map<String, Object> map;
    private final String path;

    /** {@code path} prefixes keys in messages: "" for the top level, "ipam." for the ipam block. */
    public ConfigFields(Map<String, Object> map, String path) {
        this.map = map;
        this.path = path;
    }

    public String string(String key, String dflt) {
        Object v = map.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof String s) {
            return s;
        }
        throw wrongType(key, v, Expected.STRING);
    }

    public boolean bool(String key, boolean dflt) {
        Object v = map.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw wrongType(key, v, Expected.BOOLEAN);
    }

    /** A whole number from 0 to {@link Integer#MAX_VALUE}; a decimal or exponent is refused as Go does. */
    public int nonNegativeInt(String key, int dflt) {
        return intInRange(key, dflt, 0, Integer.MAX_VALUE);
    }

    /** A whole number from {@code min} to {@code max}; the message of a value outside names both ends. */
    public int intInRange(String key, int dflt, int min, int max) {
        Object v = map.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Long n)) {
            throw wrongType(key, v, Expected.WHOLE_NUMBER);
        }
        if (n < min || n > max) {
            throw new CniError.InvalidNetworkConfig(
                    "\"" + path + key + "\" is " + n + " but must be from " + min + " to " + max,
                    "change \"" + path + key + "\" in the network configuration");
        }
        return n.intValue();
    }

    /** Absent means an empty list. */
    public List<String> stringList(String key) {
        Object v = map.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> items)) {
            throw wrongType(key, v, Expected.STRING_LIST);
        }
        List<String> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof String s)) {
                throw new CniError.InvalidNetworkConfig(
                        "\"" + path + key + "\" must be " + Expected.STRING_LIST.noun + ", but item " + (i + 1)
                                + " is " + describe(items.get(i)),
                        Expected.STRING_LIST.howTo);
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    /**
     * A list of {@code {"containerID": …, "ifname": …}} objects (GC's valid attachments); absent
     * means an empty list. Each member must be a non-empty string; the agent checks their form.
     */
    List<CniAttachment> attachments(String key) {
        Object v = map.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> items)) {
            throw wrongType(key, v, Expected.ATTACHMENT_LIST);
        }
        List<CniAttachment> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String at = key + "[" + i + "]";
            if (!(items.get(i) instanceof Map<?, ?>)) {
                throw wrongType(at, items.get(i), Expected.ATTACHMENT_LIST);
            }
            ConfigFields item = new ConfigFields(object(items, i), path + at + ".");
            String containerId = item.string("containerID", "");
            String ifName = item.string("ifname", "");
            if (containerId.isEmpty() || ifName.isEmpty()) {
                throw item.missing(containerId.isEmpty() ? "containerID" : "ifname",
                        "every valid attachment names its container ID and interface name, as given at ADD");
            }
            out.add(new CniAttachment(containerId, ifName));
        }
        return List.copyOf(out);
    }

    @SuppressWarnings("unchecked") // JsonReader builds every object as Map<String, Object>
    private static Map<String, Object> object(List<?> items, int i) {
        return (Map<String, Object>) items.get(i);
    }

    /** The nested object, or null when the key is absent. */
    public Map<String, Object> object(String key) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Map<?, ?>) {
            @SuppressWarnings("unchecked") // JsonReader builds every object as Map<String, Object>
            Map<String, Object> m = (Map<String, Object>) v;
            return m;
        }
        throw wrongType(key, v, Expected.OBJECT);
    }

    /** A whole number of either sign, or null when absent (for settings whose absence means "inherit"). */
    public Long optionalLong(String key) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Long n) {
            return n;
        }
        throw wrongType(key, v, Expected.WHOLE_NUMBER);
    }

    /** A boolean, or null when absent. */
    public Boolean optionalBool(String key) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw wrongType(key, v, Expected.BOOLEAN);
    }

    /** Like {@link #stringList} but null when absent, so "not given" and "given empty" differ. */
    public List<String> optionalStringList(String key) {
        return map.get(key) == null ? null : stringList(key);
    }

    /** A list of objects, or null when absent; an item that is not an object is named by its position. */
    public List<Map<String, Object>> optionalObjectList(String key, String example) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> items)) {
            throw new CniError.InvalidNetworkConfig(
                    "\"" + path + key + "\" must be a list of objects, but it is " + describe(v),
                    "write a JSON array of objects, e.g. " + example);
        }
        List<Map<String, Object>> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Map<?, ?>)) {
                throw new CniError.InvalidNetworkConfig(
                        "\"" + path + key + "\" must be a list of objects, but item " + (i + 1) + " is "
                                + describe(items.get(i)),
                        "write a JSON array of objects, e.g. " + example);
            }
            @SuppressWarnings("unchecked") // JsonReader builds every object as Map<String, Object>
            Map<String, Object> m = (Map<String, Object>) items.get(i);
            out.add(m);
        }
        return out;
    }

    /** The network's {@code name}: required, and of the spec's characters (it names cache files and logs). */
    public String networkName() {
        String name = string("name", "");
        if (name.isEmpty()) {
            throw missing("name", "the network's name, e.g. \"macvlan-conf\"");
        }
        if (!CniNames.isValidName(name)) {
            throw new CniError.InvalidNetworkConfig("network name \"" + name + "\" has invalid characters",
                    "a network name must be " + CniNames.NAME_RULE);
        }
        return name;
    }

    public CniError.InvalidNetworkConfig missing(String key, String what) {
        return new CniError.InvalidNetworkConfig("the network configuration has no \"" + path + key + "\"",
                "add \"" + path + key + "\": " + what);
    }

    private CniError.InvalidNetworkConfig wrongType(String key, Object value, Expected expected) {
        return new CniError.InvalidNetworkConfig(
                "\"" + path + key + "\" must be " + expected.noun + ", but it is " + describe(value),
                expected.howTo);
    }

    /** The value as the user wrote it (JSON, shortened), with its JSON type in words. */
    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        String json = JsonWriter.write(value);
        if (json.length() > SHOWN_VALUE_MAX) {
            json = json.substring(0, SHOWN_VALUE_MAX) + "…";
        }
        if (value instanceof String) {
            return "the string " + json;
        }
        return value instanceof Boolean ? "the boolean " + json : "the number " + json;
    }
}
