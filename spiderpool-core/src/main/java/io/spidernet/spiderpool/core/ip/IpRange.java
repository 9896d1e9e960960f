package io.spidernet.spiderpool.core.ip;

import java.math.BigInteger;

/** An inclusive range of addresses of one family; written {@code a} or {@code a-b} in manifests. */
public record IpRange(IpAddress first, IpAddress last) implements Comparable<IpRange> {

    public IpRange {
        if (first.family() != last.family()) {
            throw new IllegalArgumentException("range " + first + "-" + last + " mixes IPv4 and IPv6");
        }
        if (first.compareTo(last) > 0) {
            throw new IllegalArgumentException("range " + first + "-" + last + " ends before it starts");
        }
    }

    public static IpRange single(IpAddress ip) {
        return new IpRange(ip, ip);
    }

    /** Parses {@code 10.0.0.1} or {@code 10.0.0.1-10.0.0.9}, the two forms upstream accepts in {@code ips}. */
    public static IpRange parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IpFormatException(String.valueOf(text), "is not an IP or IP range: it is empty");
        }
        int dash = text.indexOf('-');
        if (dash < 0) {
            return single(IpAddress.parse(text));
        }
        IpAddress a = IpAddress.parse(text.substring(0, dash));
        IpAddress b = IpAddress.parse(text.substring(dash + 1));
        if (a.family() != b.family()) {
            throw new IpFormatException(text, "is not an IP range: it mixes IPv4 and IPv6");
        }
        if (a.compareTo(b) > 0) {
            throw new IpFormatException(text, "is not an IP range: it ends before it starts (write " + b + "-" + a + ")");
        }
        return new IpRange(a, b);
    }

    public static IpRange parse(String text, IpFamily expected) {
        IpRange r = parse(text);
        if (r.family() != expected) {
            throw new IpFormatException(text, "is " + r.family() + ", expected " + expected);
        }
        return r;
    }

    public IpFamily family() {
        return first.family();
    }

    public BigInteger size() {
        return last.value().subtract(first.value()).add(BigInteger.ONE);
    }

    public boolean contains(IpAddress ip) {
        return ip.family() == family() && first.compareTo(ip) <= 0 && ip.compareTo(last) <= 0;
    }

    public boolean overlaps(IpRange o) {
        return o.family() == family() && first.compareTo(o.last) <= 0 && o.first.compareTo(last) <= 0;
    }

    @Override
    public int compareTo(IpRange o) {
        int c = first.compareTo(o.first);
        return c != 0 ? c : last.compareTo(o.last);
    }

    @Override
    public String toString() {
        return first.equals(last) ? first.toString() : first + "-" + last;
    }
}
