package io.spidernet.spiderpool.core.ip;

import java.math.BigInteger;

/** IPv4 or IPv6; {@link #version()} is the number used in {@code spec.ipVersion}. */
public enum IpFamily {
    V4(4, 32),
    V6(6, 128);

    private final int version;
    private final int bits;
    private final BigInteger max;

    IpFamily(int version, int bits) {
        this.version = version;
        this.bits = bits;
        this.max = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    }

    public int version() {
        return version;
    }

    public int bits() {
        return bits;
    }

    /** The highest address value of the family (all bits set). */
    public BigInteger maxValue() {
        return max;
    }

    /** The default route destination of the family, as upstream writes it. */
    public String defaultRouteDst() {
        return this == V4 ? "0.0.0.0/0" : "::/0";
    }

    public static IpFamily ofVersion(long version) {
        if (version == 4) {
            return V4;
        }
        if (version == 6) {
            return V6;
        }
        throw new IllegalArgumentException("ipVersion must be 4 or 6, got " + version);
    }

    @Override
    public String toString() {
        return this == V4 ? "IPv4" : "IPv6";
    }
}
