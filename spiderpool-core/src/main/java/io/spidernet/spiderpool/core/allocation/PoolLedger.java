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

/**
 * One version of a pool seen as a ledger: the addresses it may hand out and who holds which.
 * Immutable; changes return a new ledger whose {@link #toStatus} is the next status to write.
 */
public final class PoolLedger {
    private final SpiderIPPool pool;
    private final IpFamily family;
    private final Cidr subnet;
    private final IpSet allowed;
    private final LedgerRecords records;
    private final IpSet allocated;

    private PoolLedger(SpiderIPPool pool, IpFamily family, Cidr subnet, IpSet allowed,
                       LedgerRecords records, IpSet allocated) {
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
        LedgerRecords records = AllocatedIpsCodec.decodeRecords(status == null ? null : status.getAllocatedIPs());
        return new PoolLedger(pool, family, subnet, allowed, records, allocatedOf(family, records));
    }

    /** IPv4 addresses are sorted as longs: no big-number objects for thousands of records. */
    private static IpSet allocatedOf(IpFamily family, LedgerRecords records) {
        int n = records.size();
        if (family == IpFamily.V4) {
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                values[i] = records.v4Value(i);
            }
            return IpSet.ofLongs(family, values);
        }
        List<IpAddress> ips = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ips.add(IpAddress.parse(records.ip(i), family));
        }
        return IpSet.ofAddresses(family, ips);
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

    /** Unmodifiable, in the order the status lists them; built on first call. */
    public Map<String, AllocationRecord> records() {
        return records.asMap();
    }

    /** The record of this address (as the ledger writes it), if any; a binary search, no map. */
    public Optional<AllocationRecord> recordOf(String ip) {
        return Optional.ofNullable(records.get(ip));
    }

    /** The address this pod UID already holds here: one address per pod per pool. */
    public Optional<IpAddress> addressOf(String podUid) {
        int i = records.indexOfUid(podUid);
        return i < 0 ? Optional.empty() : Optional.of(IpAddress.parse(records.ip(i), family));
    }

    public PoolLedger withAllocation(IpAddress ip, AllocationRecord record) {
        return new PoolLedger(pool, family, subnet, allowed, records.with(ip.toString(), record), allocated.with(ip));
    }

    /** Drops every record of this UID (normally one). */
    public PoolLedger withoutUid(String podUid) {
        IpSet nextAllocated = allocated;
        for (int i = 0; i < records.size(); i++) {
            if (podUid.equals(records.record(i).podUid())) {
                nextAllocated = nextAllocated.without(IpAddress.parse(records.ip(i), family));
            }
        }
        return new PoolLedger(pool, family, subnet, allowed, records.without(r -> podUid.equals(r.podUid())),
                nextAllocated);
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
        return new PoolLedger(pool, family, subnet, allowed, records.without(ip),
                allocated.without(IpAddress.parse(ip, family)));
    }

    /**
     * Moves the records of {@code oldUid} to {@code now}: the addresses of a StatefulSet replica or a
     * KubeVirt VM pass to the pod that takes over its slot, without being freed in between.
     */
    public PoolLedger withUidRebound(String oldUid, AllocationRecord now) {
        return new PoolLedger(pool, family, subnet, allowed, records.replacing(r -> oldUid.equals(r.podUid()), now),
                allocated);
    }

    /** The status to write: the new ledger and its count; the controller-owned total is kept. */
    public IPPoolStatus toStatus() {
        IPPoolStatus old = pool.getStatus();
        return new IPPoolStatus(AllocatedIpsCodec.encode(records),
                old == null ? null : old.getTotalIPCount(), (long) records.size());
    }
}
