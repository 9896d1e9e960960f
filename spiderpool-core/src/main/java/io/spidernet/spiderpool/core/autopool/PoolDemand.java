package io.spidernet.spiderpool.core.autopool;

import io.spidernet.spiderpool.core.annotation.PoolIpNumber;
import io.spidernet.spiderpool.core.ip.IpFamily;
import java.util.Objects;

/**
 * One auto-pool an application wants: one per (application, NIC, family).
 *
 * @param ipNumber what the pool carries in its ippool-ip-number annotation (the default filled in)
 * @param reclaim  delete the pool with the application
 * @param size     how many IPs the pool should hold now
 */
public record PoolDemand(Application app, String nic, IpFamily family, String subnet, PoolIpNumber ipNumber,
                         boolean reclaim, int size) {

    public PoolDemand {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(nic, "nic");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(ipNumber, "ipNumber");
    }

    /** The name a new pool for this demand gets. */
    public String poolName() {
        return AutoPoolNames.of(app, nic, family);
    }
}
