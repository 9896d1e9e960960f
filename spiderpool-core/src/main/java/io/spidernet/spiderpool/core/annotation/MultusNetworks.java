package io.spidernet.spiderpool.core.annotation;

import static io.spidernet.spiderpool.core.annotation.AnnotationValues.item;

import com.fasterxml.jackson.databind.JsonNode;
import io.spidernet.spiderpool.core.annotation.AnnotationValues.Invalid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The pod's Multus selection: {@value SpiderpoolAnnotations#MULTUS_DEFAULT_NETWORK} for the first
 * NIC and {@value SpiderpoolAnnotations#MULTUS_NETWORKS} for the others. Both accept Multus' two
 * forms, a comma list of {@code [namespace/]name[@interface]} or a JSON array of selection objects.
 * The rules are Multus' own and no stricter: Multus has already accepted these values before our
 * plugin runs, so refusing more would only break pods Multus wired up. JSON fields other than
 * name, namespace and interface belong to Multus and are ignored here.
 */
public record MultusNetworks(Optional<NetworkSelection> defaultNetwork, List<NetworkSelection> networks) {

    private static final String SHAPE = "a comma list like \"ns1/net1@net1,net2\" or a JSON array like "
            + "[{\"name\":\"net1\",\"namespace\":\"ns1\",\"interface\":\"net1\"}]";
    // Multus requires DNS-1123 labels in the comma form
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final int MAX_INTERFACE_NAME = 15;

    public MultusNetworks {
        Objects.requireNonNull(defaultNetwork, "defaultNetwork");
        networks = List.copyOf(networks);
    }

    public static MultusNetworks none() {
        return new MultusNetworks(Optional.empty(), List.of());
    }

    /** Parses both annotations; empty values count as absent, as in Multus. */
    public static MultusNetworks parse(Map<String, String> podAnnotations) {
        Map<String, String> a = podAnnotations == null ? Map.of() : podAnnotations;
        Optional<NetworkSelection> def = AnnotationValues
                .read(a, SpiderpoolAnnotations.MULTUS_DEFAULT_NETWORK, MultusNetworks::parseDefault)
                .flatMap(o -> o);
        List<NetworkSelection> nets = AnnotationValues
                .read(a, SpiderpoolAnnotations.MULTUS_NETWORKS, MultusNetworks::parseList)
                .orElse(List.of());
        return new MultusNetworks(def, nets);
    }

    /**
     * The selection behind an additional NIC: the entry whose interface (by default
     * {@code net<position>}) is {@code nic}, or, for NICs addressed by position, entry {@code nic - 1}.
     */
    public Optional<NetworkSelection> forInterface(String nic) {
        for (int i = 0; i < networks.size(); i++) {
            NetworkSelection n = networks.get(i);
            String ifName = n.interfaceName().orElse("net" + (i + 1));
            if (ifName.equals(nic) || Integer.toString(i + 1).equals(nic)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    private static Optional<NetworkSelection> parseDefault(String raw) {
        List<NetworkSelection> list = parseList(raw);
        if (list.size() > 1) {
            throw new Invalid("it names " + list.size() + " networks; the default network is exactly one, "
                    + "e.g. \"kube-system/macvlan\"");
        }
        return list.stream().findFirst();
    }

    static List<NetworkSelection> parseList(String raw) {
        String trimmed = raw.strip();
        if (trimmed.isEmpty()) {
            return List.of();
        }
        // Multus' own test for the JSON form
        boolean json = trimmed.chars().anyMatch(c -> c == '[' || c == '{' || c == '"');
        return json ? parseJson(raw) : parseCommaList(trimmed);
    }

    private static List<NetworkSelection> parseJson(String raw) {
        List<JsonNode> nodes = AnnotationJson.parseArray(raw, SHAPE);
        List<NetworkSelection> out = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode n = nodes.get(i);
            String where = item(i);
            if (!n.isObject()) {
                throw new Invalid(where + "must be an object like {\"name\":\"net1\"}, not " + n);
            }
            String name = jsonText(n, "name", where).orElse("");
            if (name.isEmpty()) {
                throw new Invalid(where + "\"name\" is missing; name the NetworkAttachmentDefinition");
            }
            out.add(new NetworkSelection(jsonText(n, "namespace", where).filter(s -> !s.isEmpty()), name,
                    jsonText(n, "interface", where).filter(s -> !s.isEmpty())));
        }
        return List.copyOf(out);
    }

    private static Optional<String> jsonText(JsonNode object, String field, String where) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new Invalid(where + "\"" + field + "\" must be a string in quotes, not " + v);
        }
        return Optional.of(v.asText());
    }

    private static List<NetworkSelection> parseCommaList(String raw) {
        String[] parts = raw.split(",", -1);
        List<NetworkSelection> out = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            out.add(parseElement(parts[i].strip(), item(i)));
        }
        return List.copyOf(out);
    }

    private static NetworkSelection parseElement(String text, String where) {
        String[] slash = text.split("/", -1);
        if (slash.length > 2) {
            throw new Invalid(where + "\"" + text + "\" has more than one '/'; write namespace/name@interface");
        }
        String ns = slash.length == 2 ? slash[0].strip() : "";
        String[] at = slash[slash.length - 1].split("@", -1);
        if (at.length > 2) {
            throw new Invalid(where + "\"" + text + "\" has more than one '@'; write namespace/name@interface");
        }
        String name = at[0].strip();
        String nic = at.length == 2 ? at[1].strip() : "";
        if (name.isEmpty()) {
            throw new Invalid(where + "no network name is given; write namespace/name@interface"
                    + " and remove stray commas");
        }
        for (String label : List.of(ns, name)) {
            if (!label.isEmpty() && !LABEL.matcher(label).matches()) {
                throw new Invalid(where + "\"" + label + "\" is not a valid name: use lower-case letters, digits"
                        + " and '-', starting and ending with a letter or digit");
            }
        }
        if (nic.length() > MAX_INTERFACE_NAME || nic.chars().anyMatch(c -> c == '/' || Character.isWhitespace(c))) {
            throw new Invalid(where + "\"" + nic + "\" is not a valid interface name: use at most "
                    + MAX_INTERFACE_NAME + " characters without '/' or spaces");
        }
        return new NetworkSelection(Optional.of(ns).filter(s -> !s.isEmpty()), name,
                Optional.of(nic).filter(s -> !s.isEmpty()));
    }
}
