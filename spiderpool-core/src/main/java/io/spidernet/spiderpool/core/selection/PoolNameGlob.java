package io.spidernet.spiderpool.core.selection;

/**
 * Shell-glob matching of pool names, as in pool annotations ({@code "v4-pool-*"}): {@code *} any
 * run of characters, {@code ?} one character, {@code [abc]}, {@code [a-z]}, {@code [^a]} one of a
 * class, backslash escapes. The semantics of Go's {@code path.Match}, which upstream uses.
 */
public final class PoolNameGlob {
    private PoolNameGlob() {}

    public static boolean isPattern(String name) {
        return name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.indexOf('[') >= 0;
    }

    public static boolean matches(String pattern, String name) {
        return match(pattern, 0, name, 0);
    }

    private static boolean match(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                for (int k = si; k <= s.length(); k++) {
                    if (match(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length()) {
                return false;
            }
            if (c == '?') {
                pi++;
            } else if (c == '[') {
                int end = classEnd(p, pi);
                if (end < 0 || !classMatches(p.substring(pi + 1, end), s.charAt(si))) {
                    return false;
                }
                pi = end + 1;
            } else {
                if (c == '\\' && pi + 1 < p.length()) {
                    c = p.charAt(++pi);
                }
                if (c != s.charAt(si)) {
                    return false;
                }
                pi++;
            }
            si++;
        }
        return si == s.length();
    }

    private static int classEnd(String p, int open) {
        int i = open + 1;
        if (i < p.length() && p.charAt(i) == '^') {
            i++;
        }
        for (boolean first = true; i < p.length(); i++, first = false) {
            if (p.charAt(i) == '\\') {
                i++;
            } else if (p.charAt(i) == ']' && !first) {
                return i;
            }
        }
        return -1;
    }

    private static boolean classMatches(String body, char ch) {
        boolean negate = body.startsWith("^");
        String b = negate ? body.substring(1) : body;
        boolean hit = false;
        for (int i = 0; i < b.length(); i++) {
            char lo = b.charAt(i);
            if (lo == '\\' && i + 1 < b.length()) {
                lo = b.charAt(++i);
            }
            char hi = lo;
            if (i + 2 < b.length() && b.charAt(i + 1) == '-') {
                hi = b.charAt(i + 2);
                if (hi == '\\' && i + 3 < b.length()) {
                    hi = b.charAt(i + 3);
                    i++;
                }
                i += 2;
            }
            if (lo <= ch && ch <= hi) {
                hit = true;
            }
        }
        return hit != negate;
    }
}
