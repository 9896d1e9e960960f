package io.spidernet.spiderpool.core.autopool;

import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.Collection;
import java.util.List;

/**
 * Which pools go with a deleted application: those labelled with its UID and
 * {@code ippool-reclaim=true}. Kept pools ({@code false}) stay for a re-created application of the
 * same kind and name. The caller deletes them; once they are gone the subnet drops their records
 * ({@link SubnetLedger#withoutPools} or {@link SubnetLedger#current}), and their IPs are free again.
 */
public final class AutoPoolReclaim {

    private AutoPoolReclaim() {}

    /** Names of the pools to delete, sorted. */
    public static List<String> poolsToDelete(String appUid, Collection<SpiderIPPool> pools) {
        return pools.stream()
                .filter(p -> p.isAutoCreated() && !p.isTerminating() && PoolOwnership.reclaimedWith(p, appUid))
                .map(p -> p.getMetadata().getName())
                .sorted()
                .toList();
    }
}
