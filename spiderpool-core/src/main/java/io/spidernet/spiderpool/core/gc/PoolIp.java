package io.spidernet.spiderpool.core.gc;

import io.spidernet.spiderpool.core.model.IPAllocationDetail;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One address of one pool, without prefix length: what a release names. */
public record PoolIp(String pool, String ip) {
    public PoolIp {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(ip, "ip");
    }

    /**
     * Every address an endpoint records for its pod ({@code status.current.ips}), each NIC's IPv4 and
     * IPv6 with its pool. An address without a pool (or a pool without an address) names nothing to free.
     */
    public static List<PoolIp> of(SpiderEndpoint endpoint) {
        List<PoolIp> out = new ArrayList<>();
        if (endpoint.getStatus() == null || endpoint.getStatus().current() == null
                || endpoint.getStatus().current().ips() == null) {
            return out;
        }
        for (IPAllocationDetail nic : endpoint.getStatus().current().ips()) {
            add(out, nic.ipv4Pool(), nic.ipv4());
            add(out, nic.ipv6Pool(), nic.ipv6());
        }
        return out;
    }

    private static void add(List<PoolIp> out, String pool, String cidr) {
        if (pool == null || pool.isBlank() || cidr == null || cidr.isBlank()) {
            return;
        }
        int slash = cidr.indexOf('/');
        out.add(new PoolIp(pool, slash < 0 ? cidr : cidr.substring(0, slash)));
    }

    @Override
    public String toString() {
        return ip + " of pool " + pool;
    }
}
