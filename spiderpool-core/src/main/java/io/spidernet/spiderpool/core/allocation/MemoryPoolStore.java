package io.spidernet.spiderpool.core.allocation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Pools held in memory with API-server semantics: every write bumps {@code resourceVersion},
 * a status write at a stale version is a conflict, and pools are deep-copied in and out so a
 * caller can never change stored state behind the store's back. Used for dry runs and as the
 * working set of the node-local store.
 */
public final class MemoryPoolStore implements PoolStore {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Map<String, SpiderIPPool> pools = new TreeMap<>();
    private long version = 1;

    /** Creates or replaces a pool (spec and status as given) and returns it with its new version. */
    public synchronized SpiderIPPool put(SpiderIPPool pool) {
        SpiderIPPool copy = copy(pool);
        copy.getMetadata().setResourceVersion(Long.toString(version++));
        pools.put(copy.getMetadata().getName(), copy);
        return copy(copy);
    }

    public synchronized void delete(String name) {
        pools.remove(name);
    }

    public synchronized List<SpiderIPPool> list() {
        return pools.values().stream().map(MemoryPoolStore::copy).toList();
    }

    @Override
    public synchronized Optional<SpiderIPPool> read(String poolName) {
        return Optional.ofNullable(pools.get(poolName)).map(MemoryPoolStore::copy);
    }

    @Override
    public synchronized WriteResult writeStatus(SpiderIPPool basis, IPPoolStatus status) {
        String name = basis.getMetadata().getName();
        SpiderIPPool current = pools.get(name);
        if (current == null) {
            return new WriteResult.Gone();
        }
        if (!current.getMetadata().getResourceVersion().equals(basis.getMetadata().getResourceVersion())) {
            return new WriteResult.Conflict();
        }
        SpiderIPPool next = copy(current);
        next.setStatus(MAPPER.convertValue(status, IPPoolStatus.class));
        next.getMetadata().setResourceVersion(Long.toString(version++));
        pools.put(name, next);
        return new WriteResult.Written(copy(next));
    }

    private static SpiderIPPool copy(SpiderIPPool pool) {
        return MAPPER.convertValue(pool, SpiderIPPool.class);
    }
}
