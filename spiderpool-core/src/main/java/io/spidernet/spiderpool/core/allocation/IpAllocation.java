package io.spidernet.spiderpool.core.allocation;

import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.model.Route;
import java.util.List;

/**
 * An address a NIC holds, with what came with its pool.
 *
 * @param fresh true when this request wrote it, false when the pod already held it (a retried ADD)
 */
public record IpAllocation(String nic, IpFamily family, IpAddress address, Cidr subnet, String pool,
                           String gateway, List<Route> poolRoutes, boolean fresh) {
    public IpAllocation {
        poolRoutes = poolRoutes == null ? List.of() : List.copyOf(poolRoutes);
    }

    /** The address with the pool's prefix length, as CNI results and upstream's IpConfig carry it. */
    public String addressWithPrefix() {
        return address + "/" + subnet.prefixLength();
    }
}
