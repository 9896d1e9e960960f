package io.spidernet.spiderpool.core.coordinator;

import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;

/**
 * A route as the coordinator writes and reads it.
 *
 * @param table 254 is main
 * @param dst   null for a default route
 * @param via   gateway, null for a scope-link route
 * @param dev   the output link's name
 * @param src   preferred source, null for none
 */
public record RouteSpec(int table, Cidr dst, IpAddress via, String dev, Scope scope, IpAddress src) {
    public static final int MAIN = 254;

    public enum Scope {
        UNIVERSE, LINK, HOST
    }

    public boolean isDefault() {
        return dst == null || dst.prefixLength() == 0;
    }
}
