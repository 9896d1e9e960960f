package io.spidernet.spiderpool.core.reconcile;

import io.spidernet.spiderpool.core.allocation.PoolLedger;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the controller owes one SpiderIPPool: its {@code status.totalIPCount} (the controller's field;
 * agents keep the ledger and its count), an {@code allocatedIPCount} of 0 until the first allocation,
 * and the finalizer dropped once a terminating pool holds no address.
 *
 * @param totalIPCount     the total to write, empty when the status already has it
 * @param allocatedIPCount the count to initialise, empty when the status already has one
 * @param finalizers       the finalizers to leave on a terminating pool that is empty, empty otherwise
 * @param problem          why nothing can be computed (the spec or ledger does not parse), empty when fine
 */
public record IPPoolStatusPlan(Optional<Long> totalIPCount, Optional<Long> allocatedIPCount,
                               Optional<List<String>> finalizers, Optional<String> problem) {

    /** The largest count {@code totalIPCount} (an int64) can say; a /64 holds more. */
    static final BigInteger MAX_COUNT = BigInteger.valueOf(Long.MAX_VALUE);

    public static IPPoolStatusPlan of(SpiderIPPool pool) {
        PoolLedger ledger;
        try {
            ledger = PoolLedger.of(pool);
        } catch (RuntimeException e) {
            return new IPPoolStatusPlan(Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of("SpiderIPPool " + pool.getMetadata().getName() + " cannot be counted: " + e.getMessage()));
        }
        IPPoolStatus status = pool.getStatus();
        long total = totalOf(ledger);
        Optional<Long> writeTotal = status != null && status.getTotalIPCount() != null && status.getTotalIPCount() == total
                ? Optional.empty() : Optional.of(total);
        Optional<Long> initCount = status != null && status.getAllocatedIPCount() != null
                ? Optional.empty() : Optional.of((long) ledger.allocatedCount());
        return new IPPoolStatusPlan(writeTotal, initCount, finalizersOnceEmpty(pool, ledger), Optional.empty());
    }

    public boolean statusChanges() {
        return totalIPCount.isPresent() || allocatedIPCount.isPresent();
    }

    /**
     * Saturates at {@link Long#MAX_VALUE}: an IPv6 pool of a /64 or wider has more addresses than the
     * int64 field holds, and "more than 9.2 quintillion" is the honest answer there (D00017).
     */
    static long totalOf(PoolLedger ledger) {
        return ledger.allowed().size().min(MAX_COUNT).longValueExact();
    }

    private static Optional<List<String>> finalizersOnceEmpty(SpiderIPPool pool, PoolLedger ledger) {
        List<String> current = pool.getMetadata().getFinalizers();
        if (pool.getMetadata().getDeletionTimestamp() == null || ledger.allocatedCount() > 0 || current == null
                || !current.contains(SpiderpoolGroup.FINALIZER)) {
            return Optional.empty();
        }
        List<String> rest = new ArrayList<>(current);
        rest.remove(SpiderpoolGroup.FINALIZER);
        return Optional.of(List.copyOf(rest));
    }
}
