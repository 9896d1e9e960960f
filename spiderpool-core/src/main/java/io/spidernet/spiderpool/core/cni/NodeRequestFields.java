package io.spidernet.spiderpool.core.cni;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The edge rules for what a caller of the agent's node API may put in a request: every string and
 * list it carries is checked here, once, before any lookup or allocation sees it. A name that can
 * never exist in Kubernetes is refused with a message naming the field, the value and the rule,
 * instead of becoming an API path or a log line; lengths are capped so that one request cannot
 * make the agent carry megabytes of identifiers around.
 *
 * <p>An empty value means "not given" except for the container ID and the interface name, which
 * the CNI spec requires; whether a pod must be named at all is the store's business (the local
 * store serves plain containers).
 */
public final class NodeRequestFields {
    /** Docker and containerd use 64 hex digits; the spec sets no bound, this one leaves room. */
    public static final int MAX_CONTAINER_ID = 256;
    /** PATH_MAX: the runtime gives a path to a namespace file. */
    public static final int MAX_NETNS_BYTES = 4096;
    public static final int MAX_LABEL = 63;
    public static final int MAX_SUBDOMAIN = 253;
    /** Kubernetes UIDs are 36-character UUIDs; anything much longer is not one. */
    public static final int MAX_UID = 128;
    /** Pools named per family in a netconf; upstream's charts name one or two. */
    public static final int MAX_POOLS = 64;
    /**
     * Valid attachments one GC may name: a node runs a few hundred containers, each with a few
     * NICs; a list far beyond that is not a node's, and the agent would hold it all in memory.
     */
    public static final int MAX_ATTACHMENTS = 65_536;
    /** A CNI network name (the netconf's "name"); the spec sets no bound, this one leaves room. */
    public static final int MAX_NETWORK_NAME = 253;
    /** How much of a refused value a message repeats. */
    static final int ECHO = 80;

    private NodeRequestFields() {}

    /** What each kind of field must look like. */
    public enum Rule {
        CONTAINER_ID(CniNames.NAME_RULE + ", at most " + MAX_CONTAINER_ID + " characters"),
        IF_NAME("at most " + CniNames.MAX_IFNAME_LENGTH + " bytes, no '/', ':' or whitespace, not '.' or '..'"),
        NETNS("a path of at most " + MAX_NETNS_BYTES + " bytes without NUL"),
        NAMESPACE("a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit,"
                + " at most " + MAX_LABEL + " characters"),
        POD_NAME("a DNS-1123 subdomain: dot-separated lower-case labels of letters, digits and '-', at most "
                + MAX_SUBDOMAIN + " characters"),
        POD_UID("letters, digits, '-', '_' and '.', at most " + MAX_UID + " characters (a Kubernetes UID)"),
        POOL_NAME("a SpiderIPPool name: a DNS-1123 subdomain of at most " + MAX_SUBDOMAIN + " characters"),
        NETWORK_NAME("a CNI network name (the netconf's \"name\"): " + CniNames.NAME_RULE + ", at most "
                + MAX_NETWORK_NAME + " characters");

        private final String text;

        Rule(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        boolean required() {
            return this == CONTAINER_ID || this == IF_NAME;
        }

        /** Whether a non-empty value satisfies the rule. */
        boolean accepts(String v) {
            return switch (this) {
                case CONTAINER_ID -> v.length() <= MAX_CONTAINER_ID && CniNames.isValidName(v);
                case NETWORK_NAME -> v.length() <= MAX_NETWORK_NAME && CniNames.isValidName(v);
                case IF_NAME -> CniNames.interfaceNameProblem(v) == null;
                case NETNS -> v.indexOf('\0') < 0 && v.getBytes(StandardCharsets.UTF_8).length <= MAX_NETNS_BYTES;
                case NAMESPACE -> v.length() <= MAX_LABEL && isLabel(v);
                case POD_NAME, POOL_NAME -> isSubdomain(v);
                case POD_UID -> v.length() <= MAX_UID && v.chars().allMatch(c -> isAlnum(c) || c == '-' || c == '_' || c == '.');
            };
        }
    }

    /** One field of a request: its wire name (as the caller knows it), its value and its rule. */
    public record Field(String name, String value, Rule rule) {}

    /** A list field of a request: each element follows {@code rule}, at most {@link #MAX_POOLS} of them. */
    public record ListField(String name, List<String> values, Rule rule) {}

    /** Why a request is refused, ready to be the failure's message. */
    public record Refusal(String field, String value, String rule) {
        public String message() {
            return field + " " + value + " is not valid: " + rule + "; fix the caller (CNI_ARGS, the netconf or the"
                    + " runtime) to send a valid one";
        }
    }

    /**
     * GC's valid attachments: at most {@link #MAX_ATTACHMENTS}, each a well-formed container ID and
     * interface name (both required, as at ADD). The refusal names the entry by its index.
     */
    public static Optional<Refusal> checkAttachments(String name, List<CniAttachment> attachments) {
        if (attachments.size() > MAX_ATTACHMENTS) {
            return Optional.of(new Refusal(name, "(" + attachments.size() + " entries)", "at most " + MAX_ATTACHMENTS
                    + " entries"));
        }
        for (int i = 0; i < attachments.size(); i++) {
            CniAttachment a = attachments.get(i);
            String entry = name + "[" + i + "]";
            Optional<Refusal> r = check(entry + ".container_id", a.containerId(), Rule.CONTAINER_ID)
                    .or(() -> check(entry + ".if_name", a.ifName(), Rule.IF_NAME));
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    /** The first field that breaks its rule, or empty when the request may proceed. */
    public static Optional<Refusal> check(List<Field> fields, List<ListField> lists) {
        for (Field f : fields) {
            Optional<Refusal> r = check(f.name(), f.value(), f.rule());
            if (r.isPresent()) {
                return r;
            }
        }
        for (ListField l : lists) {
            if (l.values().size() > MAX_POOLS) {
                return Optional.of(new Refusal(l.name(), "(" + l.values().size() + " entries)",
                        "at most " + MAX_POOLS + " entries"));
            }
            for (int i = 0; i < l.values().size(); i++) {
                Optional<Refusal> r = check(l.name() + "[" + i + "]", l.values().get(i), l.rule());
                if (r.isPresent()) {
                    return r;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Refusal> check(String name, String value, Rule rule) {
        if (value == null || value.isEmpty()) {
            return rule.required() ? Optional.of(new Refusal(name, "(empty)", "it is required; " + rule.text()))
                    : Optional.empty();
        }
        return rule.accepts(value) ? Optional.empty() : Optional.of(new Refusal(name, echo(value), rule.text()));
    }

    /** The value quoted, cut short and with control characters escaped, so a message stays one short line. */
    static String echo(String value) {
        StringBuilder s = new StringBuilder("'");
        value.codePoints().limit(ECHO).forEach(c -> {
            if (Character.isISOControl(c)) {
                s.append(String.format("\\u%04x", c));
            } else {
                s.appendCodePoint(c);
            }
        });
        s.append('\'');
        if (value.length() > ECHO) {
            s.append("... (").append(value.length()).append(" characters)");
        }
        return s.toString();
    }

    private static boolean isSubdomain(String v) {
        if (v.length() > MAX_SUBDOMAIN) {
            return false;
        }
        for (String label : v.split("\\.", -1)) {
            if (!isLabel(label)) {
                return false;
            }
        }
        return true;
    }

    /** {@code [a-z0-9]([-a-z0-9]*[a-z0-9])?} (the length is checked by the caller). */
    private static boolean isLabel(String v) {
        if (v.isEmpty() || v.charAt(0) == '-' || v.charAt(v.length() - 1) == '-') {
            return false;
        }
        return v.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-');
    }

    private static boolean isAlnum(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
