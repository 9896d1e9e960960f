package io.spidernet.spiderpool.netlink;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Addresses as netlink carries them: 4 or 16 raw bytes in network order, the family said elsewhere. */
final class InetBytes {
    private InetBytes() {}

    /** 4 for AF_INET, 16 for AF_INET6, -1 for anything else. */
    static int length(int family) {
        return family == RouteNetlink.AF_INET ? 4 : family == RouteNetlink.AF_INET6 ? 16 : -1;
    }

    /** The address in attribute {@code type}, or null when it is absent or not {@code family}'s length. */
    static InetAddress attribute(NetlinkAttributes attrs, int type, int family) {
        byte[] raw = attrs.bytes(type);
        if (raw == null || raw.length != length(family)) {
            return null;
        }
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte array is always an address", e);
        }
    }

    /** Refuses an address of the other family, naming the field: the kernel would only say EINVAL. */
    static void requireFamily(String what, InetAddress address, int family) {
        if (address != null && IpPrefix.family(address) != family) {
            throw new IllegalArgumentException(what + " " + address.getHostAddress() + " is not an "
                    + (family == RouteNetlink.AF_INET ? "IPv4" : "IPv6") + " address like the rest of the entry");
        }
    }
}
