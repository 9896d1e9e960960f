package io.spidernet.spiderpool.core.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Concurrent requests of one engine for one pool share reads and writes: no request of this
 * process ever loses a write race to another of the same process.
 */
class CoalescedAllocationTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 25;

    @Test
    void concurrentAllocationsInOneProcessNeverConflictAndShareWrites() throws Exception {
        FaultInjectingPoolStore store = new FaultInjectingPoolStore();
        store.put(Pools.pool("p", "10.0.0.0/16", List.of("10.0.0.1-10.0.3.254")));
        store.beforeWrite(name -> sleep()); // a write takes a while, as over the network
        AllocationEngine engine = new AllocationEngine(store, RetryPolicy.immediate(5), 5000);
        Set<IpAddress> got = ConcurrentHashMap.newKeySet();

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < PER_THREAD; i++) {
                        PodRef pod = new PodRef("ns", "p-" + thread + "-" + i, "uid-" + thread + "-" + i);
                        got.add(engine.allocate(new AllocationPlan(pod,
                                List.of(new AllocationTarget("eth0", IpFamily.V4, List.of("p"))), Map.of())).getFirst().address());
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        int allocations = THREADS * PER_THREAD;
        assertThat(got).hasSize(allocations);
        assertThat(PoolLedger.of(store.read("p").orElseThrow()).allocatedCount()).isEqualTo(allocations);
        assertThat(store.conflictCount()).isZero();
        assertThat(store.writeCount()).isLessThan(allocations);
        System.out.printf("%d allocations from %d threads: %d pool writes, %d conflicts%n",
                allocations, THREADS, store.writeCount(), store.conflictCount());
    }

    @Test
    void aWriteThatFailsFailsEveryChangeOfItsBatchInsteadOfLeavingTheOthersWaiting() throws Exception {
        FaultInjectingPoolStore store = new FaultInjectingPoolStore();
        store.put(Pools.pool("p", "10.0.0.0/24", List.of("10.0.0.1-10.0.0.200")));
        AllocationEngine engine = new AllocationEngine(store, RetryPolicy.immediate(5), 5000);
        CountDownLatch firstWriteHeld = new CountDownLatch(1);
        CountDownLatch letFirstWriteGo = new CountDownLatch(1);
        AtomicInteger writes = new AtomicInteger();
        store.beforeWrite(name -> {
            if (writes.incrementAndGet() == 1) {
                firstWriteHeld.countDown();
                await(letFirstWriteGo);
                return;
            }
            throw new IllegalStateException("the API server went away");
        });
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> first = pool.submit(() -> allocate(engine, "first"));
            firstWriteHeld.await();
            // two more queue while the first write is under way, and are written together after it
            List<Future<?>> batch = List.of(pool.submit(() -> allocate(engine, "a")), pool.submit(() -> allocate(engine, "b")));
            Thread.sleep(200);
            letFirstWriteGo.countDown();

            first.get(10, TimeUnit.SECONDS);
            for (Future<?> f : batch) {
                assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .hasRootCauseMessage("the API server went away");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static IpAllocation allocate(AllocationEngine engine, String name) {
        return engine.allocate(new AllocationPlan(new PodRef("ns", name, "uid-" + name),
                List.of(new AllocationTarget("eth0", IpFamily.V4, List.of("p"))), Map.of())).getFirst();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
