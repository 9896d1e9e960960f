package io.spidernet.spiderpool.core.allocation;

import io.spidernet.spiderpool.core.error.IpamException;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpSet;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Allocates a pod's addresses against a {@link PoolStore}. For each NIC × family target it tries
 * the candidate pools in order; in a pool it first returns what the pod already holds (a retried
 * ADD must get the same address), else takes the lowest free address with a compare-and-set
 * write, re-reading on conflict; concurrent requests of this engine for the same pool share one
 * read and one write ({@link PoolWriteCoalescer}). The whole plan is all-or-nothing: when one target fails, what
 * this call wrote is released again, so a pod whose second pool is empty does not drain the first.
 */
public final class AllocationEngine {
    private final RetryPolicy retry;
    private final int maxAllocatedIps;
    private final PoolWriteCoalescer coalescer;

    public AllocationEngine(PoolStore store, RetryPolicy retry, int maxAllocatedIps) {
        this.retry = retry;
        this.maxAllocatedIps = maxAllocatedIps;
        this.coalescer = new PoolWriteCoalescer(store, retry);
    }

    public List<IpAllocation> allocate(AllocationPlan plan) {
        List<IpAllocation> done = new ArrayList<>();
        try {
            for (AllocationTarget target : plan.targets()) {
                done.add(allocateTarget(plan, target, done));
            }
            return List.copyOf(done);
        } catch (RuntimeException e) {
            List<String> written = done.stream().filter(IpAllocation::fresh).map(IpAllocation::pool).toList();
            try {
                release(plan.pod(), written);
            } catch (RuntimeException rollback) {
                // the first failure is what the user must see; the leak is left to garbage collection
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }

    /**
     * Removes every record of this pod's UID from the named pools; records of other UIDs (a newer
     * pod with the same name) are left alone. Missing pools are skipped: release never fails
     * because something is already gone.
     *
     * @return the addresses released, per pool
     */
    public List<PoolAddress> release(PodRef pod, Collection<String> poolNames) {
        List<PoolAddress> released = new ArrayList<>();
        for (String pool : poolNames.stream().distinct().toList()) {
            releaseFromPool(pod.uid(), pool).ifPresent(released::add);
        }
        return released;
    }

    /**
     * Removes the given records from pool {@code poolName}, each only while its address is still
     * recorded under the pod UID it was judged under: an address that changed hands since stays.
     * Garbage collection frees what it judged this way, through the same coalesced writes as CNI DEL.
     *
     * @param ipToUid address (as the ledger writes it) to the pod UID it was judged under
     * @return the addresses freed; none when the pool is gone
     * @throws IpamException.RetriesExhausted when every write lost a race to another writer
     */
    public List<PoolAddress> releaseRecords(String poolName, Map<String, String> ipToUid) {
        PoolWriteCoalescer.Outcome<List<PoolAddress>> out = coalescer.submit(poolName, ledger -> {
            PoolLedger next = ledger;
            List<PoolAddress> freed = new ArrayList<>();
            for (Map.Entry<String, String> e : ipToUid.entrySet()) {
                Optional<AllocationRecord> held = next.recordOf(e.getKey());
                if (held.isPresent() && e.getValue().equals(held.get().podUid())) {
                    next = next.withoutAddress(e.getKey(), e.getValue());
                    freed.add(new PoolAddress(poolName, IpAddress.parse(e.getKey(), ledger.family())));
                }
            }
            return freed.isEmpty() ? new PoolWriteCoalescer.Decision.Answer<>(List.of())
                    : new PoolWriteCoalescer.Decision.Apply<>(next, List.copyOf(freed));
        });
        if (out.retriesExhausted()) {
            throw new IpamException.RetriesExhausted("freeing " + ipToUid.size() + " records of IPPool " + poolName
                    + " lost " + retry.maxAttempts() + " consecutive write races");
        }
        return out.result().orElse(List.of());
    }

    /**
     * Hands the addresses {@code oldUid} holds in {@code poolNames} to {@code now} (a StatefulSet or
     * KubeVirt pod taking over its predecessor's slot). A pool where {@code now} already holds the
     * record counts as rebound, so a retried ADD is harmless.
     *
     * @return the pools where neither UID holds a record any more (garbage collection freed it, or the
     *         pool is gone): the caller must allocate there afresh
     */
    public List<String> rebind(String oldUid, PodRef now, Collection<String> poolNames) {
        List<String> lost = new ArrayList<>();
        for (String pool : poolNames.stream().distinct().toList()) {
            PoolWriteCoalescer.Outcome<Boolean> out = coalescer.submit(pool, ledger -> {
                if (ledger.addressOf(now.uid()).isPresent()) {
                    return new PoolWriteCoalescer.Decision.Answer<>(true);
                }
                if (ledger.addressOf(oldUid).isEmpty()) {
                    return new PoolWriteCoalescer.Decision.Answer<>(false);
                }
                return new PoolWriteCoalescer.Decision.Apply<>(ledger.withUidRebound(oldUid, AllocationRecord.of(now)), true);
            });
            if (out.retriesExhausted()) {
                throw new IpamException.RetriesExhausted("handing the addresses of pod UID " + oldUid + " to " + now
                        + " in IPPool " + pool + " lost " + retry.maxAttempts() + " consecutive write races; retry the ADD");
            }
            if (out.gone() || !out.result().orElse(false)) {
                lost.add(pool);
            }
        }
        return lost;
    }

    /** A pool and an address in it. */
    public record PoolAddress(String pool, IpAddress address) {}

    /**
     * @param earlier what this plan gave the NICs before this one: a pool already serving another NIC
     *                of the pod is skipped, because a pool holds one address per pod UID and would hand
     *                that NIC's address out again (upstream does, giving two NICs one address)
     */
    private IpAllocation allocateTarget(AllocationPlan plan, AllocationTarget target, List<IpAllocation> earlier) {
        List<String> refusals = new ArrayList<>();
        boolean onlyConflicts = !target.candidates().isEmpty();
        boolean onlyShared = !target.candidates().isEmpty();
        for (String poolName : target.candidates()) {
            Optional<IpAllocation> sharing = earlier.stream()
                    .filter(e -> e.pool().equals(poolName) && !e.nic().equals(target.nic())).findFirst();
            if (sharing.isPresent()) {
                refusals.add("IPPool " + poolName + ": already gives NIC " + sharing.get().nic() + " its address, and a pool"
                        + " holds one address per pod; give NIC " + target.nic() + " a pool of its own");
                onlyConflicts = false;
                continue;
            }
            onlyShared = false;
            Attempt a = attempt(plan, target, poolName);
            if (a instanceof Attempt.Got got) {
                return got.allocation();
            }
            Attempt.Refused r = (Attempt.Refused) a;
            refusals.add("IPPool " + poolName + ": " + r.reason());
            onlyConflicts &= r.conflict();
        }
        String what = "pod " + plan.pod() + " NIC " + target.nic() + " (" + target.family() + ") found no address in "
                + (target.candidates().isEmpty() ? "any pool: no candidate pools" : "its candidate pools " + target.candidates());
        if (onlyConflicts) {
            throw new IpamException.RetriesExhausted(what + "; " + String.join("; ", refusals));
        }
        if (onlyShared) {
            throw new IpamException.WrongInput(what + ": " + String.join("; ", refusals));
        }
        throw new IpamException.IpUsedOut(what, refusals);
    }

    private sealed interface Attempt {
        record Got(IpAllocation allocation) implements Attempt {}

        record Refused(String reason, boolean conflict) implements Attempt {}
    }

    private Attempt attempt(AllocationPlan plan, AllocationTarget target, String poolName) {
        PoolWriteCoalescer.Outcome<Attempt> out = coalescer.submit(poolName, ledger -> decide(plan, target, ledger));
        if (out.gone()) {
            return new Attempt.Refused("does not exist", false);
        }
        if (out.retriesExhausted()) {
            return new Attempt.Refused("changed under " + retry.maxAttempts() + " consecutive writes (retries exhausted)", true);
        }
        return out.result().orElseThrow();
    }

    /** The decision for one target in one version of the pool; pure, so a batch can re-run it. */
    private PoolWriteCoalescer.Decision<Attempt> decide(AllocationPlan plan, AllocationTarget target, PoolLedger ledger) {
        if (ledger.family() != target.family()) {
            return refuse("is " + ledger.family() + ", not " + target.family());
        }
        Optional<IpAddress> held = ledger.addressOf(plan.pod().uid());
        if (held.isPresent()) {
            return new PoolWriteCoalescer.Decision.Answer<>(new Attempt.Got(allocation(target, ledger, held.get(), false)));
        }
        IpSet usable = ledger.allowed().subtract(plan.reserved(target.family()));
        Optional<IpAddress> free = LowestFreeAddressPicker.pick(usable, ledger.allocated());
        if (free.isEmpty()) {
            return refuse(exhausted(ledger, usable));
        }
        if (ledger.allocatedCount() >= maxAllocatedIps) {
            return refuse("holds " + ledger.allocatedCount() + " allocations, the most one pool may hold ("
                    + maxAllocatedIps + "); add another pool to the candidates");
        }
        PoolLedger next = ledger.withAllocation(free.get(), AllocationRecord.of(plan.pod()));
        return new PoolWriteCoalescer.Decision.Apply<>(next, new Attempt.Got(allocation(target, ledger, free.get(), true)));
    }

    private static PoolWriteCoalescer.Decision<Attempt> refuse(String reason) {
        return new PoolWriteCoalescer.Decision.Answer<>(new Attempt.Refused(reason, false));
    }

    private static String exhausted(PoolLedger ledger, IpSet usable) {
        BigInteger reserved = ledger.allowed().size().subtract(usable.size());
        return "all " + usable.size() + " usable addresses are allocated (" + ledger.allocatedCount() + " records"
                + (reserved.signum() > 0 ? ", " + reserved + " more reserved by SpiderReservedIP" : "")
                + "); add addresses to spec.ips or another pool to the candidates";
    }

    private static IpAllocation allocation(AllocationTarget target, PoolLedger ledger, IpAddress ip, boolean fresh) {
        return new IpAllocation(target.nic(), target.family(), ip, ledger.subnet(), ledger.name(),
                ledger.pool().getSpec().getGateway(), ledger.pool().getSpec().getRoutes(), fresh);
    }

    private Optional<PoolAddress> releaseFromPool(String uid, String poolName) {
        PoolWriteCoalescer.Outcome<Optional<PoolAddress>> out = coalescer.submit(poolName, ledger -> {
            Optional<IpAddress> held = ledger.addressOf(uid);
            if (held.isEmpty()) {
                return new PoolWriteCoalescer.Decision.Answer<>(Optional.empty());
            }
            return new PoolWriteCoalescer.Decision.Apply<>(ledger.withoutUid(uid),
                    Optional.of(new PoolAddress(poolName, held.get())));
        });
        if (out.retriesExhausted()) {
            throw new IpamException.RetriesExhausted("releasing pod UID " + uid + " from IPPool " + poolName
                    + " lost " + retry.maxAttempts() + " consecutive write races; garbage collection will free it");
        }
        return out.result().flatMap(r -> r);
    }
}
