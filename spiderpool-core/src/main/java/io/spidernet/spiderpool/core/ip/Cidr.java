package io.spidernet.spiderpool.core.ip;

import java.math.BigInteger;

/**
 * An address and a prefix length as written ({@code 10.0.0.1/24} is kept as written so that
 * validation can tell the user the canonical form to use instead).
 */
public record Cidr(IpAddress address, int prefixLength) {

    public Cidr {
        if (prefixLength < 0 || prefixLength > address.family().bits()) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is out of range for " + address.family());
        }
    }

    public static Cidr parse(String text) {
        if (text == null) {
            throw new IpFormatException("null", "is not a CIDR");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IpFormatException(text, "is not a CIDR: it has no '/prefix' part");
        }
        IpAddress ip = IpAddress.parse(text.substring(0, slash));
        String p = text.substring(slash + 1);
        if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)
                || (p.length() > 1 && p.charAt(0) == '0')) {
            throw new IpFormatException(text, "is not a CIDR: '" + p + "' is not a prefix length");
        }
        int len = Integer.parseInt(p);
        if (len > ip.family().bits()) {
            throw new IpFormatException(text, "is not a CIDR: an " + ip.family() + " prefix is at most " + ip.family().bits());
        }
        return new Cidr(ip, len);
    }

    public static Cidr parse(String text, IpFamily expected) {
        Cidr c = parse(text);
        if (c.family() != expected) {
            throw new IpFormatException(text, "is an " + c.family() + " CIDR, expected " + expected);
        }
        return c;
    }

    public IpFamily family() {
        return address.family();
    }

    private BigInteger hostMask() {
        return BigInteger.ONE.shiftLeft(family().bits() - prefixLength).subtract(BigInteger.ONE);
    }

    public IpAddress first() {
        return IpAddress.of(family(), address.value().andNot(hostMask()));
    }

    public IpAddress last() {
        return IpAddress.of(family(), address.value().or(hostMask()));
    }

    /** True when no host bit is set: {@code 10.0.0.0/24}, not {@code 10.0.0.1/24}. */
    public boolean isCanonical() {
        return address.value().and(hostMask()).signum() == 0;
    }

    public Cidr canonical() {
        return new Cidr(first(), prefixLength);
    }

    public IpRange range() {
        return new IpRange(first(), last());
    }

    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(family().bits() - prefixLength);
    }

    public boolean contains(IpAddress ip) {
        return ip.family() == family() && range().contains(ip);
    }

    public boolean overlaps(Cidr other) {
        return other.family() == family() && range().overlaps(other.range());
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}
