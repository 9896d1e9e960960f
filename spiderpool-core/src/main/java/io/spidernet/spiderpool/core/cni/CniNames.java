package io.spidernet.spiderpool.core.cni;

import java.nio.charset.StandardCharsets;

/**
 * The spec's syntax rules for names: network names and container IDs share one character rule,
 * interface names follow the kernel's. Checked here so a bad value fails with a message naming
 * it, instead of deep inside netlink.
 */
public final class CniNames {
    /** The kernel's IFNAMSIZ (16) minus the terminating NUL. */
    public static final int MAX_IFNAME_LENGTH = 15;

    public static final String NAME_RULE = "a letter or digit followed by letters, digits, '_', '.' or '-'";

    private CniNames() {}

    /** Network name or container ID: {@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}. */
    public static boolean isValidName(String s) {
        if (s == null || s.isEmpty() || !isAsciiAlnum(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isAsciiAlnum(c) && c != '_' && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** Why the kernel would refuse this interface name, or null if it is fine. */
    public static String interfaceNameProblem(String name) {
        if (name.isEmpty()) {
            return "it is empty";
        }
        // the kernel counts bytes, not characters
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_IFNAME_LENGTH) {
            return "it is longer than " + MAX_IFNAME_LENGTH + " bytes";
        }
        if (name.equals(".") || name.equals("..")) {
            return "'.' and '..' are not interface names";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':' || Character.isWhitespace(c)) {
                return "it contains '/', ':' or whitespace";
            }
        }
        return null;
    }

    private static boolean isAsciiAlnum(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
