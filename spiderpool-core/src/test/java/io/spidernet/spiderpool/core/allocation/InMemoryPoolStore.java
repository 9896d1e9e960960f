package io.spidernet.spiderpool.core.allocation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link PoolStore} in memory, with fault injection for tests: lose the next N write races, or
 * run a hook between a read and the write that follows it (another agent writing the pool).
 * Pools are deep-copied in and out, as with a real API server.
 */
public final class InMemoryPoolStore implements PoolStore {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Map<String, SpiderIPPool> pools = new TreeMap<>();
    private long version = 1;
    private final AtomicInteger conflictsToInject = new AtomicInteger();
    private volatile Consumer<String> beforeWrite = name -> { };
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger conflicts = new AtomicInteger();

    /** Creates or replaces a pool, giving it a fresh resourceVersion. */
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
        return pools.values().stream().map(InMemoryPoolStore::copy).toList();
    }

    /** The next {@code n} status writes fail with a conflict, as if another agent won each race. */
    public void conflictOnNextWrites(int n) {
        conflictsToInject.set(n);
    }

    /** Runs before every write, outside the store's lock, with the pool name. */
    public void beforeWrite(Consumer<String> hook) {
        beforeWrite = hook;
    }

    public int writeCount() {
        return writes.get();
    }

    public int conflictCount() {
        return conflicts.get();
    }

    @Override
    public synchronized Optional<SpiderIPPool> read(String poolName) {
        return Optional.ofNullable(pools.get(poolName)).map(InMemoryPoolStore::copy);
    }

    @Override
    public WriteResult writeStatus(SpiderIPPool basis, IPPoolStatus status) {
        String name = basis.getMetadata().getName();
        beforeWrite.accept(name);
        synchronized (this) {
            SpiderIPPool current = pools.get(name);
            if (current == null) {
                return new WriteResult.Gone();
            }
            if (conflictsToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                    || !current.getMetadata().getResourceVersion().equals(basis.getMetadata().getResourceVersion())) {
                conflicts.incrementAndGet();
                return new WriteResult.Conflict();
            }
            SpiderIPPool next = copy(current);
            next.setStatus(MAPPER.convertValue(status, IPPoolStatus.class));
            next.getMetadata().setResourceVersion(Long.toString(version++));
            pools.put(name, next);
            writes.incrementAndGet();
            return new WriteResult.Written(copy(next));
        }
    }

    private static SpiderIPPool copy(SpiderIPPool pool) {
        return MAPPER.convertValue(pool, SpiderIPPool.class);
    }
}
