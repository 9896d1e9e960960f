package io.spidernet.spiderpool.controller.reconcile;

import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One writer per SpiderSubnet at a time, across the subnet reconciler and every application
 * reconciler (each JOSDK controller has its own workers). An auto-pool round writes the subnet's
 * record before it creates the pool; a subnet reconcile in that gap would see a record without a
 * pool, drop it as dirty (I00022) and let the IPs go to someone else. The version check on the
 * status cannot see that, so the rounds are serialised here. In memory suffices: only the lease
 * holder runs reconcilers.
 */
@Singleton
public class SubnetLocks {
    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public <T> T with(String subnet, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(subnet, s -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
