package io.spidernet.spiderpool.core.ip;

/** A string that is not the IP, CIDR or range it should be; the message quotes it and says why. */
public final class IpFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public IpFormatException(String value, String problem) {
        super("'" + value + "' " + problem);
    }
}
