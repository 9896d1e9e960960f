package io.spidernet.spiderpool.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.spidernet.spiderpool.core.allocation.AllocatedIpsCodec;
import io.spidernet.spiderpool.core.allocation.AllocationEngine;
import io.spidernet.spiderpool.core.allocation.AllocationPlan;
import io.spidernet.spiderpool.core.allocation.AllocationTarget;
import io.spidernet.spiderpool.core.allocation.IpAllocation;
import io.spidernet.spiderpool.core.allocation.PodRef;
import io.spidernet.spiderpool.core.allocation.Pools;
import io.spidernet.spiderpool.core.allocation.RetryPolicy;
import io.spidernet.spiderpool.core.error.IpamException;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Writers racing on one pool through the API server's compare-and-set, with no lock of ours:
 * every allocation must get its own address. The 409 count is the baseline that coalescing
 * writes inside one agent (issue 4) has to bring down.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesPoolStoreConcurrencyTest {
    private static final int THREADS = 4;
    private static final int PER_THREAD = 25;
    /** How often one pod's ADD is retried after the engine's own retries ran out, as the kubelet would. */
    private static final int ADD_RETRIES = 20;

    KubernetesClient client;

    @Test
    void fourWritersTake100AddressesWithoutADuplicate() throws Exception {
        MockApi.installCrd(client);
        MockApi.create(client, Pools.pool("p100", "10.1.0.0/24", List.of("10.1.0.1-10.1.0.100")));
        KubernetesPoolStore store = new KubernetesPoolStore(client);
        AtomicInteger exhausted = new AtomicInteger();
        Set<String> addresses = ConcurrentHashMap.newKeySet();
        long started = System.nanoTime();

        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<List<String>>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    AllocationEngine engine = new AllocationEngine(store,
                            RetryPolicy.upstreamDefault(Thread::sleep, new Random(thread)), 5000);
                    List<String> mine = new ArrayList<>();
                    for (int i = 0; i < PER_THREAD; i++) {
                        mine.add(allocate(engine, new PodRef("default", "pod-" + thread + "-" + i, "uid-" + thread + "-" + i), exhausted));
                    }
                    return mine;
                }));
            }
            for (Future<List<String>> f : done) {
                addresses.addAll(f.get());
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;

        SpiderIPPool after = store.read("p100").orElseThrow();
        System.out.printf("KubernetesPoolStore concurrency: %d threads x %d allocations on one 100-address pool: "
                        + "%d status writes, %d 409 conflicts (%.2f per allocation), %d engine calls out of retries, %d ms%n",
                THREADS, PER_THREAD, store.writes(), store.conflicts(), store.conflicts() / 100.0, exhausted.get(), millis);
        assertThat(addresses).hasSize(THREADS * PER_THREAD);
        assertThat(AllocatedIpsCodec.decode(after.getStatus().getAllocatedIPs())).hasSize(100);
        assertThat(after.getStatus().getAllocatedIPCount()).isEqualTo(100L);
        assertThat(store.writes() - store.conflicts()).as("successful writes: one per allocation").isEqualTo(100);
    }

    /** The same load through one engine, as inside one agent: its group commit leaves no race to lose. */
    @Test
    void oneAgentsConcurrentRequestsShareWritesAndNeverConflict() throws Exception {
        MockApi.installCrd(client);
        MockApi.create(client, Pools.pool("p100", "10.1.0.0/24", List.of("10.1.0.1-10.1.0.100")));
        KubernetesPoolStore store = new KubernetesPoolStore(client);
        AllocationEngine engine = new AllocationEngine(store, RetryPolicy.upstreamDefault(Thread::sleep, new Random(1)), 5000);
        AtomicInteger exhausted = new AtomicInteger();
        Set<String> addresses = ConcurrentHashMap.newKeySet();
        long started = System.nanoTime();

        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < PER_THREAD; i++) {
                        addresses.add(allocate(engine, new PodRef("default", "pod-" + thread + "-" + i, "uid-" + thread + "-" + i), exhausted));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;

        System.out.printf("KubernetesPoolStore, one shared engine: %d threads x %d allocations: %d status writes, %d 409 conflicts, %d ms%n",
                THREADS, PER_THREAD, store.writes(), store.conflicts(), millis);
        assertThat(addresses).hasSize(THREADS * PER_THREAD);
        assertThat(store.conflicts()).isZero();
        assertThat(store.writes()).isLessThanOrEqualTo(THREADS * PER_THREAD);
    }

    private static String allocate(AllocationEngine engine, PodRef pod, AtomicInteger exhausted) {
        AllocationPlan plan = new AllocationPlan(pod, List.of(new AllocationTarget("eth0", IpFamily.V4, List.of("p100"))), Map.of());
        for (int n = 1; ; n++) {
            try {
                List<IpAllocation> got = engine.allocate(plan);
                return got.getFirst().address().toString();
            } catch (IpamException.RetriesExhausted e) {
                exhausted.incrementAndGet();
                if (n == ADD_RETRIES) {
                    throw e;
                }
            }
        }
    }
}
