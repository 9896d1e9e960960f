package io.spidernet.spiderpool.agent.cluster;

import io.spidernet.spiderpool.kube.KubernetesPoolStore;
import io.spidernet.spiderpool.core.allocation.PoolStore;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Pools read from the informer instead of the API server. A cached pool may be behind; that is safe
 * because every write is still a compare-and-set on the version read. After a write lost (409) the
 * cache is known to be behind the version it was read at; the winning write is then usually in the
 * informer within milliseconds, so the read waits for it briefly and serves it; only when it does
 * not arrive is the pool read from the API. The pool each successful write returned is served until the informer has it.
 */
public final class CachedPoolStore implements PoolStore {
    /** How long a read after a lost write waits for the informer to deliver the winner before asking the API. */
    private static final long CATCH_UP_NANOS = TimeUnit.MILLISECONDS.toNanos(30);
    private static final long CATCH_UP_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final KubernetesPoolStore api;
    private final Function<String, Optional<SpiderIPPool>> informer;
    private final VersionedCopies<SpiderIPPool> ownWrites;
    /** Pools whose last write lost, with the version that write was based on. */
    private final Map<String, String> stale = new ConcurrentHashMap<>();

    /** With copies of its own writes that only reads drop (for tests driving {@code informer} by hand). */
    public CachedPoolStore(KubernetesPoolStore api, Function<String, Optional<SpiderIPPool>> informer) {
        this(api, informer, new VersionedCopies<>(informer));
    }

    /** @param ownWrites copies of this store's writes, dropped when the informer delivers them ({@link ClusterCaches}) */
    CachedPoolStore(KubernetesPoolStore api, Function<String, Optional<SpiderIPPool>> informer,
                    VersionedCopies<SpiderIPPool> ownWrites) {
        this.api = api;
        this.informer = informer;
        this.ownWrites = ownWrites;
    }

    @Override
    public Optional<SpiderIPPool> read(String poolName) {
        Optional<SpiderIPPool> cached = ownWrites.newest(poolName, informer.apply(poolName));
        String lostAt = stale.remove(poolName);
        if (cached.isPresent() && lostAt == null) {
            return cached;
        }
        if (cached.isPresent() && VersionedCopies.comparable(lostAt)) {
            // the winning write is on its way to the informer; a short wait for it spares the API server a read
            long deadline = System.nanoTime() + CATCH_UP_NANOS;
            while (!VersionedCopies.newer(cached.get(), lostAt) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(CATCH_UP_POLL_NANOS);
                cached = ownWrites.newest(poolName, informer.apply(poolName));
                if (cached.isEmpty()) {
                    break;
                }
            }
            if (cached.isPresent() && VersionedCopies.newer(cached.get(), lostAt)) {
                return cached;
            }
        }
        Optional<SpiderIPPool> fresh = api.read(poolName);
        fresh.ifPresentOrElse(p -> ownWrites.put(poolName, p), () -> ownWrites.forget(poolName));
        return fresh;
    }

    @Override
    public WriteResult writeStatus(SpiderIPPool basis, IPPoolStatus status) {
        String name = basis.getMetadata().getName();
        WriteResult result = api.writeStatus(basis, status);
        switch (result) {
            case WriteResult.Written w -> ownWrites.put(name, w.pool());
            case WriteResult.Conflict c -> stale.put(name, basis.getMetadata().getResourceVersion());
            case WriteResult.Gone g -> {
                ownWrites.forget(name);
                stale.put(name, basis.getMetadata().getResourceVersion());
            }
        }
        return result;
    }
}
