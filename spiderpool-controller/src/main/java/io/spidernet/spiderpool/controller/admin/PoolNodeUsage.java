package io.spidernet.spiderpool.controller.admin;

import io.spidernet.spiderpool.core.allocation.AllocationRecord;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pool's allocations per node. The ledger names the holder of each address, not its node; the
 * holder's SpiderEndpoint does ({@code status.current.node}, for the pod instance of that uid). Every
 * node the pool is limited to by name is listed, with 0 when it holds none, so that a node-bound
 * pool shows its idle nodes; records with no endpoint of their uid count under node "".
 */
final class PoolNodeUsage {
    private PoolNodeUsage() {
    }

    /** Node to count, sorted by node; {@code nodeOfUid} maps a pod uid to its endpoint's node. */
    static Map<String, Long> of(Collection<AllocationRecord> records, Map<String, String> nodeOfUid, List<String> nodeNames) {
        Map<String, Long> counts = new TreeMap<>();
        nodeNames.forEach(n -> counts.put(n, 0L));
        for (AllocationRecord r : records) {
            counts.merge(nodeOfUid.getOrDefault(r.podUid(), ""), 1L, Long::sum);
        }
        return counts;
    }
}
