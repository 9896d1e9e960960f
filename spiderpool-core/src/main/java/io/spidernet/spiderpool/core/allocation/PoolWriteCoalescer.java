package io.spidernet.spiderpool.core.allocation;

import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit per pool: changes that callers in this process submit for the same pool at the
 * same time share one read and one compare-and-set write, instead of racing each other into
 * conflicts. The first caller to find a pool idle becomes its committer: it drains every waiting
 * change, applies them in order to one ledger, writes once, and hands each caller its own
 * outcome. On a conflict (another process wrote) the whole batch is re-applied to a fresh read;
 * the changes are pure functions of the ledger, so that is always safe.
 */
final class PoolWriteCoalescer {
    private final PoolStore store;
    private final RetryPolicy retry;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    PoolWriteCoalescer(PoolStore store, RetryPolicy retry) {
        this.store = store;
        this.retry = retry;
    }

    /** What one change decides on the ledger it is given. */
    sealed interface Decision<R> {
        /** Write {@code next}; the caller gets {@code result} once the write is durable. */
        record Apply<R>(PoolLedger next, R result) implements Decision<R> {}

        /** Nothing to write (already held, refused, nothing to release): answer at once. */
        record Answer<R>(R result) implements Decision<R> {}
    }

    @FunctionalInterface
    interface Change<R> {
        Decision<R> decide(PoolLedger ledger);
    }

    /** The pool is gone, or kept changing under every write; then {@code result} is empty. */
    record Outcome<R>(Optional<R> result, boolean gone, boolean retriesExhausted) {}

    private static final class Lane {
        final Queue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
        final ReentrantLock committer = new ReentrantLock();
    }

    private static final class Pending<R> {
        final Change<R> change;
        final CompletableFuture<Outcome<R>> done = new CompletableFuture<>();
        /** The caller, woken when its outcome is in or when the lane is free for it to commit. */
        final Thread caller = Thread.currentThread();
        Decision<R> decision;

        Pending(Change<R> change) {
            this.change = change;
        }
    }

    /**
     * The longest a waiting caller sleeps before looking at the lane again on its own. Callers are
     * woken when their outcome is in or the lane frees up, so this only bounds the rare case of a
     * wake-up sent just before the caller parked; polling every few milliseconds instead cost a storm
     * of 64 waiting requests per agent most of the agent's CPU.
     */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    <R> Outcome<R> submit(String pool, Change<R> change) {
        Lane lane = lanes.computeIfAbsent(pool, p -> new Lane());
        Pending<R> mine = new Pending<>(change);
        lane.queue.add(mine);
        while (!mine.done.isDone()) {
            if (lane.committer.tryLock()) {
                try {
                    commitWaiting(pool, lane);
                } finally {
                    lane.committer.unlock();
                }
                // whoever queued while this batch was written becomes the next committer
                Pending<?> next = lane.queue.peek();
                if (next != null) {
                    LockSupport.unpark(next.caller);
                }
            } else {
                LockSupport.parkNanos(this, RECHECK_NANOS);
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a write of IPPool " + pool);
                }
            }
        }
        try {
            return mine.done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing IPPool " + pool, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private void commitWaiting(String pool, Lane lane) {
        List<Pending<?>> batch = new ArrayList<>();
        for (Pending<?> p; (p = lane.queue.poll()) != null; ) {
            batch.add(p);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            commit(pool, batch);
        } catch (RuntimeException e) {
            // a read or write that failed (the API unreachable, a pool that no longer parses) fails every
            // change of the batch: the callers besides this one were taken off the queue and would wait forever
            for (Pending<?> p : batch) {
                p.done.completeExceptionally(e);
                LockSupport.unpark(p.caller);
            }
        }
    }

    private void commit(String pool, List<Pending<?>> batch) {
        for (int n = 1; n <= retry.maxAttempts(); n++) {
            if (n > 1) {
                retry.pause(n - 1);
            }
            Optional<SpiderIPPool> read = store.read(pool);
            if (read.isEmpty()) {
                batch.forEach(p -> finish(p, true, false));
                return;
            }
            PoolLedger ledger = PoolLedger.of(read.get());
            boolean write = false;
            for (Pending<?> p : batch) {
                ledger = decide(p, ledger);
                write |= p.decision instanceof Decision.Apply;
            }
            if (!write) {
                batch.forEach(p -> finish(p, false, false));
                return;
            }
            switch (store.writeStatus(read.get(), ledger.toStatus())) {
                case PoolStore.WriteResult.Written w -> {
                    batch.forEach(p -> finish(p, false, false));
                    return;
                }
                case PoolStore.WriteResult.Gone g -> {
                    batch.forEach(p -> finish(p, true, false));
                    return;
                }
                case PoolStore.WriteResult.Conflict c -> {
                    // another process wrote: re-apply the whole batch to a fresh read
                }
            }
        }
        batch.forEach(p -> finish(p, false, true));
    }

    /** Applies one change; a change that throws fails alone and leaves the ledger as it was. */
    private static <R> PoolLedger decide(Pending<R> p, PoolLedger ledger) {
        p.decision = null;
        try {
            p.decision = p.change.decide(ledger);
        } catch (RuntimeException e) {
            p.done.completeExceptionally(e);
            LockSupport.unpark(p.caller);
            return ledger;
        }
        return p.decision instanceof Decision.Apply<R> apply ? apply.next() : ledger;
    }

    private static <R> void finish(Pending<R> p, boolean gone, boolean exhausted) {
        if (p.done.isDone()) {
            return;
        }
        Optional<R> result = Optional.empty();
        if (!gone && !exhausted && p.decision != null) {
            result = Optional.of(switch (p.decision) {
                case Decision.Apply<R> a -> a.result();
                case Decision.Answer<R> a -> a.result();
            });
        }
        p.done.complete(new Outcome<>(result, gone, exhausted));
        LockSupport.unpark(p.caller);
    }
}
