package io.spidernet.spiderpool.core.allocation;

import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ip.IpSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the engine needs for one pod: who, which NIC × family targets (all of them: the
 * request is all-or-nothing), and the addresses reserved cluster-wide by SpiderReservedIPs.
 */
public record AllocationPlan(PodRef pod, List<AllocationTarget> targets, Map<IpFamily, IpSet> reserved) {
    public AllocationPlan {
        targets = List.copyOf(targets);
        reserved = reserved.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(reserved));
    }

    public IpSet reserved(IpFamily family) {
        return reserved.getOrDefault(family, IpSet.empty(family));
    }
}
