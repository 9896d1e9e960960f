package io.spidernet.spiderpool.core.allocation;

import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link MemoryPoolStore} with faults for tests: lose the next N write races, or run a hook
 * between a read and the write that follows it (another agent writing the pool meanwhile).
 */
public final class FaultInjectingPoolStore implements PoolStore {
    private final MemoryPoolStore store = new MemoryPoolStore();
    private final AtomicInteger conflictsToInject = new AtomicInteger();
    private volatile Consumer<String> beforeWrite = name -> { };
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger conflicts = new AtomicInteger();

    public SpiderIPPool put(SpiderIPPool pool) {
        return store.put(pool);
    }

    public void delete(String name) {
        store.delete(name);
    }

    public List<SpiderIPPool> list() {
        return store.list();
    }

    /** The next {@code n} status writes fail with a conflict, as if another agent won each race. */
    public void conflictOnNextWrites(int n) {
        conflictsToInject.set(n);
    }

    /** Runs before every write with the pool name. */
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
    public Optional<SpiderIPPool> read(String poolName) {
        return store.read(poolName);
    }

    @Override
    public WriteResult writeStatus(SpiderIPPool basis, IPPoolStatus status) {
        beforeWrite.accept(basis.getMetadata().getName());
        if (conflictsToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            conflicts.incrementAndGet();
            return new WriteResult.Conflict();
        }
        WriteResult r = store.writeStatus(basis, status);
        switch (r) {
            case WriteResult.Written w -> writes.incrementAndGet();
            case WriteResult.Conflict c -> conflicts.incrementAndGet();
            case WriteResult.Gone g -> { }
        }
        return r;
    }
}
