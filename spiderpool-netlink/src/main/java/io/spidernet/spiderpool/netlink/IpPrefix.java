package io.spidernet.spiderpool.netlink;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address with a prefix length, as netlink carries them: {@code 192.0.2.7/24} on an interface,
 * {@code 10.96.0.0/12} as a route's destination. The address keeps its host bits (an interface
 * address needs them); {@link #network()} clears them. JDK types only: this module depends on
 * nothing of ours.
 */
public record IpPrefix(InetAddress address, int prefixLength) {
    public IpPrefix {
        if (address == null) {
            throw new IllegalArgumentException("address is null");
        }
        if (prefixLength < 0 || prefixLength > bits(address)) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is out of range for " + address.getHostAddress());
        }
    }

    /** A single host: /32 for IPv4, /128 for IPv6. */
    public static IpPrefix host(InetAddress address) {
        return new IpPrefix(address, bits(address));
    }

    /** Parses {@code a.b.c.d/n} or {@code x::y/n}; a bare address is a host prefix. Literal addresses only (no DNS). */
    public static IpPrefix parse(String text) {
        int slash = text.indexOf('/');
        InetAddress address = literal(slash < 0 ? text : text.substring(0, slash));
        if (slash < 0) {
            return host(address);
        }
        try {
            return new IpPrefix(address, Integer.parseInt(text.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no numeric prefix length");
        }
    }

    /** An IPv4 or IPv6 literal; never a name lookup. */
    public static InetAddress literal(String text) {
        boolean v4 = text.matches("[0-9.]+");
        boolean v6 = !v4 && text.contains(":") && text.matches("[0-9a-fA-F:.]+");
        if (!v4 && !v6) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
        try {
            // getByName does not resolve a literal; the checks above keep it from ever seeing a name
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
    }

    /** AF_INET (2) or AF_INET6 (10). */
    public int family() {
        return family(address);
    }

    public static int family(InetAddress address) {
        return address instanceof Inet4Address ? RouteNetlink.AF_INET : RouteNetlink.AF_INET6;
    }

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    /** The prefix with the host bits cleared: 192.0.2.7/24 → 192.0.2.0/24. */
    public IpPrefix network() {
        byte[] raw = address.getAddress();
        for (int bit = prefixLength; bit < raw.length * 8; bit++) {
            raw[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return new IpPrefix(InetAddress.getByAddress(raw), prefixLength);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int bits(InetAddress address) {
        return address.getAddress().length * 8;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength;
    }
}
