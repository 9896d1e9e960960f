package io.spidernet.spiderpool.core.allocation;

import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ip.IpSet;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.HashMap;

/**
 * One version of a pool seen as a ledger: the addresses it may hand out and who holds which.
 * Immutable; changes return a new ledger whose {@link #toStatus} is the next status to write.
 */
public final class PoolLedger {
    private final SpiderIPPool pool;
    private final IpFamily family;
    private final Cidr subnet;
    private final IpSet allowed;
    private final Map<String, AllocationRecord> records;
    private final IpSet allocated;

    private PoolLedger(SpiderIPPool pool, IpFamily family, Cidr subnet, IpSet allowed,
                       Map<String, AllocationRecord> records, IpSet allocated) {
        this.pool = pool;
        this.family = family;
        this.subnet = subnet;
        this.allowed = allowed;
        this.records = records;
        this.allocated = allocated;
    }

    /** Reads a pool; fails with a message naming the pool when its spec cannot be used. */
    public static PoolLedger of(SpiderIPPool pool) {
        String name = pool.getMetadata().getName();
        IPPoolSpec spec = pool.getSpec();
        IpFamily family = pool.family()
                .orElseThrow(() -> new IllegalStateException("IPPool " + name + " has no spec.ipVersion"));
        Cidr subnet = Cidr.parse(spec.getSubnet(), family);
        IpSet allowed = IpSet.parse(family, spec.getIps()).subtract(IpSet.parse(family, spec.getExcludeIPs()));
        IPPoolStatus status = pool.getStatus();
        Map<String, AllocationRecord> records =
                AllocatedIpsCodec.decode(status == null ? null : status.getAllocatedIPs());
        List<IpAddress> ips = new ArrayList<>(records.size());
        for (String ip : records.keySet()) {
            ips.add(IpAddress.parse(ip, family));
        }
        return new PoolLedger(pool, family, subnet, allowed, records, IpSet.ofAddresses(family, ips));
    }

    public String name() {
        return pool.getMetadata().getName();
    }

    public SpiderIPPool pool() {
        return pool;
    }

    public IpFamily family() {
        return family;
    }

    public Cidr subnet() {
        return subnet;
    }

    /** {@code ips} minus {@code excludeIPs}; reserved addresses are the caller's to subtract. */
    public IpSet allowed() {
        return allowed;
    }

    public IpSet allocated() {
        return allocated;
    }

    public int allocatedCount() {
        return records.size();
    }

    public Map<String, AllocationRecord> records() {
        return java.util.Collections.unmodifiableMap(records);
    }

    /** The address this pod UID already holds here: one address per pod per pool. */
    public Optional<IpAddress> addressOf(String podUid) {
        for (Map.Entry<String, AllocationRecord> e : records.entrySet()) {
            if (podUid.equals(e.getValue().podUid())) {
                return Optional.of(IpAddress.parse(e.getKey(), family));
            }
        }
        return Optional.empty();
    }

    public PoolLedger withAllocation(IpAddress ip, AllocationRecord record) {
        Map<String, AllocationRecord> next = new HashMap<>(records);
        next.put(ip.toString(), record);
        return new PoolLedger(pool, family, subnet, allowed, next, allocated.with(ip));
    }

    /** Drops every record of this UID (normally one). */
    public PoolLedger withoutUid(String podUid) {
        Map<String, AllocationRecord> next = new HashMap<>(records);
        IpSet nextAllocated = allocated;
        for (Map.Entry<String, AllocationRecord> e : records.entrySet()) {
            if (podUid.equals(e.getValue().podUid())) {
                next.remove(e.getKey());
                nextAllocated = nextAllocated.without(IpAddress.parse(e.getKey(), family));
            }
        }
        return new PoolLedger(pool, family, subnet, allowed, next, nextAllocated);
    }

    /**
     * Drops the record of {@code ip} if it still belongs to {@code podUid}: the garbage collector frees
     * what it judged, never an address that changed hands since.
     */
    public PoolLedger withoutAddress(String ip, String podUid) {
        AllocationRecord held = records.get(ip);
        if (held == null || !podUid.equals(held.podUid())) {
            return this;
        }
        Map<String, AllocationRecord> next = new HashMap<>(records);
        next.remove(ip);
        return new PoolLedger(pool, family, subnet, allowed, next, allocated.without(IpAddress.parse(ip, family)));
    }

    /**
     * Moves the records of {@code oldUid} to {@code now}: the addresses of a StatefulSet replica or a
     * KubeVirt VM pass to the pod that takes over its slot, without being freed in between.
     */
    public PoolLedger withUidRebound(String oldUid, AllocationRecord now) {
        Map<String, AllocationRecord> next = new HashMap<>(records);
        for (Map.Entry<String, AllocationRecord> e : records.entrySet()) {
            if (oldUid.equals(e.getValue().podUid())) {
                next.put(e.getKey(), now);
            }
        }
        return new PoolLedger(pool, family, subnet, allowed, next, allocated);
    }

    /** The status to write: the new ledger and its count; the controller-owned total is kept. */
    public IPPoolStatus toStatus() {
        IPPoolStatus old = pool.getStatus();
        return new IPPoolStatus(AllocatedIpsCodec.encode(records),
                old == null ? null : old.getTotalIPCount(), (long) records.size());
    }
}
