package io.spidernet.spiderpool.core.allocation;

import io.spidernet.spiderpool.core.ip.IpFamily;
import java.util.List;

/** One address to find: for a NIC and family, the candidate pools in the order to try them. */
public record AllocationTarget(String nic, IpFamily family, List<String> candidates) {
    public AllocationTarget {
        candidates = List.copyOf(candidates);
    }
}
