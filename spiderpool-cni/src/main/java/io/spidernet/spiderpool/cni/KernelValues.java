package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.coordinator.RouteSpec;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.netlink.IpPrefix;
import io.spidernet.spiderpool.netlink.Route;
import io.spidernet.spiderpool.netlink.RouteNetlink;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Between core's address values (what the planner speaks) and the JDK's (what the netlink module
 * speaks, as it depends on nothing of ours). Byte for byte, never through text.
 */
final class KernelValues {
    private KernelValues() {}

    static IpAddress ip(InetAddress address) {
        IpFamily family = address instanceof Inet4Address ? IpFamily.V4 : IpFamily.V6;
        return IpAddress.of(family, new BigInteger(1, address.getAddress()));
    }

    static InetAddress inet(IpAddress ip) {
        byte[] raw = new byte[ip.family().bits() / 8];
        byte[] value = ip.value().toByteArray();
        // BigInteger may carry a leading sign byte or be shorter than the address: right-align it
        int n = Math.min(value.length, raw.length);
        System.arraycopy(value, value.length - n, raw, raw.length - n, n);
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    static Cidr cidr(IpPrefix prefix) {
        return new Cidr(ip(prefix.address()), prefix.prefixLength());
    }

    static IpPrefix prefix(Cidr cidr) {
        return new IpPrefix(inet(cidr.address()), cidr.prefixLength());
    }

    static int af(IpFamily family) {
        return family == IpFamily.V4 ? RouteNetlink.AF_INET : RouteNetlink.AF_INET6;
    }

    static int scope(RouteSpec.Scope scope) {
        return switch (scope) {
            case UNIVERSE -> Route.RT_SCOPE_UNIVERSE;
            case LINK -> Route.RT_SCOPE_LINK;
            case HOST -> Route.RT_SCOPE_HOST;
        };
    }

    /** Site and nowhere scopes do not occur on unicast routes the coordinator reads; they read as universe. */
    static RouteSpec.Scope scope(int scope) {
        return switch (scope) {
            case Route.RT_SCOPE_LINK -> RouteSpec.Scope.LINK;
            case Route.RT_SCOPE_HOST -> RouteSpec.Scope.HOST;
            default -> RouteSpec.Scope.UNIVERSE;
        };
    }
}
