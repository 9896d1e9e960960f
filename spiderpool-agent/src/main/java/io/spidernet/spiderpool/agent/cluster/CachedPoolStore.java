package io.spidernet.spiderpool.agent.cluster;

import io.spidernet.spiderpool.agent.kubernetes.KubernetesPoolStore;
import io.spidernet.spiderpool.core.allocation.PoolStore;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Pools read from the informer instead of the API server. A cached pool may be behind; that is safe
 * because every write is still a compare-and-set on the version read, and cheap because a pool is
 * read from the API only after its write lost (409), the one moment the cache is known to be behind.
 * The pool each successful write returned is served until the informer has it.
 */
public final class CachedPoolStore implements PoolStore {
    private final KubernetesPoolStore api;
    private final Function<String, Optional<SpiderIPPool>> informer;
    private final VersionedCopies<SpiderIPPool> ownWrites = new VersionedCopies<>();
    private final Set<String> stale = ConcurrentHashMap.newKeySet();

    public CachedPoolStore(KubernetesPoolStore api, Function<String, Optional<SpiderIPPool>> informer) {
        this.api = api;
        this.informer = informer;
    }

    @Override
    public Optional<SpiderIPPool> read(String poolName) {
        if (!stale.remove(poolName)) {
            Optional<SpiderIPPool> cached = ownWrites.newest(poolName, informer.apply(poolName));
            if (cached.isPresent()) {
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
            case WriteResult.Conflict c -> stale.add(name);
            case WriteResult.Gone g -> {
                ownWrites.forget(name);
                stale.add(name);
            }
        }
        return result;
    }
}
