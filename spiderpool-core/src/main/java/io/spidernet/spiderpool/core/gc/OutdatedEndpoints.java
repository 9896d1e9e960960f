package io.spidernet.spiderpool.core.gc;

import io.spidernet.spiderpool.core.allocation.AllocationRecord;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The optional clean-up of endpoints nothing refers to any more ({@code enableCleanOutdatedEndpoint}):
 * an endpoint is outdated when none of the pools it records still holds a record for its
 * {@code <namespace>/<name>}. The pod-based rules never reach such an endpoint, because they start
 * from pool records and it has none left.
 */
public final class OutdatedEndpoints {
    private OutdatedEndpoints() {}

    /**
     * @param recordsOfPool the records of a pool's {@code status.allocatedIPs}; empty when the pool is gone
     * @return why the endpoint should be deleted, or empty to keep it. An endpoint that records no
     *         address at all is kept: conflict clean-up empties the list of a live pod's endpoint.
     */
    public static Optional<String> outdated(SpiderEndpoint endpoint, GcSettings settings,
                                            Function<String, Collection<AllocationRecord>> recordsOfPool) {
        if (!settings.gcIpEnabled() || !settings.cleanOutdatedEndpoint()) {
            return Optional.empty();
        }
        Set<String> pools = new LinkedHashSet<>();
        PoolIp.of(endpoint).forEach(a -> pools.add(a.pool()));
        if (pools.isEmpty()) {
            return Optional.empty();
        }
        String key = endpoint.getMetadata().getNamespace() + "/" + endpoint.getMetadata().getName();
        for (String pool : pools) {
            if (recordsOfPool.apply(pool).stream().anyMatch(r -> key.equals(r.pod()))) {
                return Optional.empty();
            }
        }
        return Optional.of("SpiderEndpoint " + key + " is outdated: none of its pools " + pools
                + " still has a record for " + key);
    }
}
