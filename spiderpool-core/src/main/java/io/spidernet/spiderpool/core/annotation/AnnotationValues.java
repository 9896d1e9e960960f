package io.spidernet.spiderpool.core.annotation;

import io.spidernet.spiderpool.core.ip.IpFormatException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Shared plumbing for the parsers: they report only what is wrong ({@link Invalid}); {@link #read}
 * adds the key and raw value once, so no parser has to thread them through.
 */
final class AnnotationValues {

    /** What is wrong with a value, before the key and value are known. */
    static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(String problem) {
            super(problem, null, false, false);
        }
    }

    // Linux refuses longer names (IFNAMSIZ is 16 including the terminating NUL)
    private static final int MAX_INTERFACE_NAME = 15;

    private AnnotationValues() {}

    /** Parses {@code key} if present; a missing annotation is empty, a bad one an {@link AnnotationException}. */
    static <T> Optional<T> read(Map<String, String> annotations, String key, Function<String, T> parser) {
        String raw = annotations.get(key);
        if (raw == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(raw));
        } catch (Invalid | IpFormatException e) {
            throw new AnnotationException(key, raw, e.getMessage());
        }
    }

    /** The kernel's rules for a NIC name, checked here so a typo fails at parse time, not in netlink. */
    static String interfaceName(String name, String where) {
        if (name.isEmpty()) {
            throw new Invalid(where + "the interface name is empty; name the NIC, e.g. \"eth0\"");
        }
        boolean bad = name.length() > MAX_INTERFACE_NAME || name.equals(".") || name.equals("..")
                || name.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c) || c < 0x20);
        if (bad) {
            throw new Invalid(where + "\"" + name + "\" is not a valid interface name: use at most "
                    + MAX_INTERFACE_NAME + " characters without '/', ':' or spaces");
        }
        return name;
    }

    /** "item 2: " for the second element of an array, so messages count the way users read. */
    static String item(int index) {
        return "item " + (index + 1) + ": ";
    }
}
