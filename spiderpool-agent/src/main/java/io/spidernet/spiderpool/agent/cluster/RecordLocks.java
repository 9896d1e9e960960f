package io.spidernet.spiderpool.agent.cluster;

import io.spidernet.spiderpool.agent.ipam.NodeApi;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Calls about one SpiderEndpoint record run one at a time in this agent (other agents are kept off by
 * the API's versions). Striped: a fixed number of locks, so the memory they take does not grow with
 * the pods served; two records sharing a stripe only wait for each other. How long each call waited
 * is reported (upstream's "limit duration" metrics).
 */
final class RecordLocks {
    private static final int STRIPES = 256;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    private final NodeApi.QueueWaits waits;

    RecordLocks(NodeApi.QueueWaits waits) {
        this.waits = waits;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    <T> T locked(NodeApi.Call call, String namespace, String name, Supplier<T> work) {
        ReentrantLock lock = locks[Math.floorMod(Objects.hash(namespace, name), STRIPES)];
        long queued = System.nanoTime();
        lock.lock();
        waits.waited(call, System.nanoTime() - queued);
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
