package io.spidernet.spiderpool.core.ip;

import java.math.BigInteger;
import java.util.Objects;

/**
 * One IPv4 or IPv6 address as an unsigned number. Parsing is strict in the way Go's
 * {@code net.ParseIP} is (dotted quads without leading zeros, no zones, no brackets) so that a
 * manifest accepted here is accepted by upstream Spiderpool and the other way round; printing is
 * canonical (RFC 5952 for IPv6), which is what upstream writes into pool status.
 */
public record IpAddress(IpFamily family, BigInteger value) implements Comparable<IpAddress> {

    public IpAddress {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(value, "value");
        if (value.signum() < 0 || value.compareTo(family.maxValue()) > 0) {
            throw new IllegalArgumentException(value + " is outside the " + family + " address space");
        }
    }

    public static IpAddress of(IpFamily family, BigInteger value) {
        return new IpAddress(family, value);
    }

    public static IpAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IpFormatException(String.valueOf(text), "is not an IP address: it is empty");
        }
        return text.indexOf(':') >= 0 ? parseV6(text) : parseV4(text);
    }

    /** Parses and checks the family, for fields whose family is fixed by the pool. */
    public static IpAddress parse(String text, IpFamily expected) {
        IpAddress ip = parse(text);
        if (ip.family != expected) {
            throw new IpFormatException(text, "is an " + ip.family + " address, expected " + expected);
        }
        return ip;
    }

    public boolean isV4() {
        return family == IpFamily.V4;
    }

    public IpAddress plus(long delta) {
        return new IpAddress(family, value.add(BigInteger.valueOf(delta)));
    }

    @Override
    public int compareTo(IpAddress o) {
        int f = family.compareTo(o.family);
        return f != 0 ? f : value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return family == IpFamily.V4 ? formatV4(value.longValue()) : formatV6(value);
    }

    /**
     * What {@code parse(text, V4).value()} gives, with the same errors, but without building objects:
     * a pool's ledger turns thousands of addresses into numbers on every allocation.
     */
    public static long parseV4Value(String text) {
        return text == null ? parse(text, IpFamily.V4).value().longValueExact() : parseV4Value(text, 0, text.length());
    }

    /** {@link #parseV4Value(String)} of {@code text[from, to)}, without cutting it out first. */
    public static long parseV4Value(String text, int from, int to) {
        long v = 0;
        int octets = 0;
        int i = from;
        while (i < to && octets < 4) {
            int start = i;
            int octet = 0;
            while (i < to && i - start < 3 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                octet = octet * 10 + (text.charAt(i++) - '0');
            }
            boolean leadingZero = i - start > 1 && text.charAt(start) == '0';
            if (i == start || leadingZero || octet > 255) {
                break;
            }
            v = (v << 8) | octet;
            octets++;
            if (octets < 4 && i < to && text.charAt(i) == '.') {
                i++;
            } else {
                break;
            }
        }
        if (octets == 4 && i == to) {
            return v;
        }
        // not a plain dotted quad: parse says why (or, for an odd but valid form, what it is)
        return parse(text.substring(from, to), IpFamily.V4).value().longValueExact();
    }

    private static IpAddress parseV4(String text) {
        long v = parseDottedQuad(text, text);
        return new IpAddress(IpFamily.V4, BigInteger.valueOf(v));
    }

    private static long parseDottedQuad(String part, String whole) {
        String[] octets = part.split("\\.", -1);
        if (octets.length != 4) {
            throw new IpFormatException(whole, "is not an IP address: an IPv4 address has four dot-separated numbers");
        }
        long v = 0;
        for (String o : octets) {
            if (o.isEmpty() || o.length() > 3 || !o.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IpFormatException(whole, "is not an IP address: '" + o + "' is not a number from 0 to 255");
            }
            if (o.length() > 1 && o.charAt(0) == '0') {
                throw new IpFormatException(whole, "is not an IP address: '" + o + "' has a leading zero");
            }
            int n = Integer.parseInt(o);
            if (n > 255) {
                throw new IpFormatException(whole, "is not an IP address: " + n + " is above 255");
            }
            v = (v << 8) | n;
        }
        return v;
    }

    private static IpAddress parseV6(String text) {
        if (text.indexOf('%') >= 0) {
            throw new IpFormatException(text, "is not an IP address: a zone index ('%...') is not allowed here");
        }
        String s = text;
        int[] groups = new int[8];
        long tailV4 = -1L;
        int lastColon = s.lastIndexOf(':');
        if (s.indexOf('.', lastColon) >= 0) {
            tailV4 = parseDottedQuad(s.substring(lastColon + 1), text);
            s = s.substring(0, lastColon + 1) + "0:0";
        }
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            throw new IpFormatException(text, "is not an IP address: '::' may appear only once");
        }
        String head = dbl >= 0 ? s.substring(0, dbl) : s;
        String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
        String[] h = head.isEmpty() ? new String[0] : head.split(":", -1);
        String[] t = tail.isEmpty() ? new String[0] : tail.split(":", -1);
        if (dbl < 0 && h.length != 8 || dbl >= 0 && h.length + t.length > 7) {
            throw new IpFormatException(text, "is not an IP address: an IPv6 address has eight groups (or '::')");
        }
        for (int i = 0; i < h.length; i++) {
            groups[i] = hexGroup(h[i], text);
        }
        for (int i = 0; i < t.length; i++) {
            groups[8 - t.length + i] = hexGroup(t[i], text);
        }
        BigInteger v = BigInteger.ZERO;
        for (int g : groups) {
            v = v.shiftLeft(16).or(BigInteger.valueOf(g));
        }
        if (tailV4 >= 0) {
            v = v.shiftRight(32).shiftLeft(32).or(BigInteger.valueOf(tailV4));
        }
        return new IpAddress(IpFamily.V6, v);
    }

    private static int hexGroup(String g, String whole) {
        if (g.isEmpty() || g.length() > 4) {
            throw new IpFormatException(whole, "is not an IP address: '" + g + "' is not a group of 1 to 4 hex digits");
        }
        int v = 0;
        for (int i = 0; i < g.length(); i++) {
            int d = Character.digit(g.charAt(i), 16);
            if (d < 0) {
                throw new IpFormatException(whole, "is not an IP address: '" + g + "' is not hexadecimal");
            }
            v = (v << 4) | d;
        }
        return v;
    }

    private static String formatV4(long v) {
        return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }

    private static String formatV6(BigInteger value) {
        int[] g = new int[8];
        for (int i = 7; i >= 0; i--) {
            g[7 - i] = value.shiftRight(16 * i).intValue() & 0xffff;
        }
        // RFC 5952: compress the longest run of at least two zero groups, the first one on a tie
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
