package io.spidernet.spiderpool.core.allocation;

import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.Optional;

/**
 * Where pools live: the Kubernetes API or a directory on the node. The allocation engine does
 * not know which. Atomicity is the store's contract, not a lock the caller takes: a status write
 * succeeds only if the pool is still at the version it was read at.
 */
public interface PoolStore {

    /** The current pool, read fresh (never from a cache that may lag a write). */
    Optional<SpiderIPPool> read(String poolName);

    /**
     * Replaces the status of the pool if its {@code metadata.resourceVersion} still equals the one of
     * {@code basis} (the pool as read); otherwise nothing is written.
     */
    WriteResult writeStatus(SpiderIPPool basis, IPPoolStatus status);

    /** The outcome of a compare-and-set write. */
    sealed interface WriteResult {
        /** Written; {@code pool} is the pool as stored now, with its new version. */
        record Written(SpiderIPPool pool) implements WriteResult {}

        /** Someone wrote in between: re-read and decide again. */
        record Conflict() implements WriteResult {}

        /** The pool was deleted in between. */
        record Gone() implements WriteResult {}
    }
}
