package io.spidernet.spiderpool.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.spidernet.spiderpool.core.ip.IpFamily;

/**
 * {@code spec.ipVersion}: the integers 4 and 6 on the wire (upstream's int64 enum), a family here.
 */
public enum IpVersion {
    IPV4(4),
    IPV6(6);

    private final int number;

    IpVersion(int number) {
        this.number = number;
    }

    @JsonValue
    public int number() {
        return number;
    }

    @JsonCreator
    public static IpVersion ofNumber(long number) {
        if (number == 4) {
            return IPV4;
        }
        if (number == 6) {
            return IPV6;
        }
        throw new IllegalArgumentException("ipVersion must be 4 or 6, got " + number);
    }

    public static IpVersion of(IpFamily family) {
        return family == IpFamily.V4 ? IPV4 : IPV6;
    }

    public IpFamily family() {
        return this == IPV4 ? IpFamily.V4 : IpFamily.V6;
    }
}
