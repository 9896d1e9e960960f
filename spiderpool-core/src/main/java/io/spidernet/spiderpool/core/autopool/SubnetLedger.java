package io.spidernet.spiderpool.core.autopool;

import io.spidernet.spiderpool.core.allocation.ControlledIpPoolsCodec;
import io.spidernet.spiderpool.core.allocation.ControlledIpPoolsCodec.ControlledPool;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ip.IpSet;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.model.SubnetSpec;
import java.math.BigInteger;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which IPs of a subnet are spoken for, read from its {@code status.controlledIPPools} and the pools
 * that exist. A record naming a pool that no longer exists (a delete that never reached the subnet)
 * is dirty and ignored, so its IPs are free again (I00022); the next write leaves it out. The one
 * exception is the record of the pool being planned, which a previous round may have written
 * without getting to create the pool.
 *
 * <p>That is safe only while one worker plans a subnet at a time, which the controller's work queue
 * guarantees: the record a worker writes before creating its pool is never seen by another worker
 * in that gap.
 */
public final class SubnetLedger {
    private final String subnetName;
    private final IpFamily family;
    private final IpSet total;
    private final IpSet reserved;
    private final Map<String, ControlledPool> records;
    private final Map<String, IpSet> poolSpecs;

    private SubnetLedger(String subnetName, IpFamily family, IpSet total, IpSet reserved,
                         Map<String, ControlledPool> records, Map<String, IpSet> poolSpecs) {
        this.subnetName = subnetName;
        this.family = family;
        this.total = total;
        this.reserved = reserved;
        this.records = records;
        this.poolSpecs = poolSpecs;
    }

    /**
     * @param pools    every SpiderIPPool (at least every one of the subnet's CIDR); others are ignored
     * @param reserved the union of SpiderReservedIPs per family ({@code ReservedAddresses.of})
     * @throws IllegalArgumentException when the subnet's spec or status cannot be read
     */
    public static SubnetLedger of(SpiderSubnet subnet, Collection<SpiderIPPool> pools, Map<IpFamily, IpSet> reserved) {
        SubnetSpec spec = subnet.getSpec();
        Cidr cidr = Cidr.parse(spec.getSubnet());
        IpFamily family = cidr.family();
        IpSet total = IpSet.parse(family, orEmpty(spec.getIps())).subtract(IpSet.parse(family, orEmpty(spec.getExcludeIPs())));
        Map<String, IpSet> specs = new LinkedHashMap<>();
        for (SpiderIPPool p : pools) {
            if (sameCidr(p, cidr)) {
                specs.put(p.getMetadata().getName(), IpSet.parse(family, orEmpty(p.getSpec().getIps())));
            }
        }
        String stored = subnet.getStatus() == null ? null : subnet.getStatus().getControlledIPPools();
        Map<String, ControlledPool> records = new LinkedHashMap<>(ControlledIpPoolsCodec.decode(stored));
        return new SubnetLedger(subnet.getMetadata().getName(), family, total, reserved.getOrDefault(family,
                IpSet.empty(family)), records, specs);
    }

    public String subnetName() {
        return subnetName;
    }

    public IpFamily family() {
        return family;
    }

    /** The subnet's IPs: spec.ips minus spec.excludeIPs. */
    public IpSet total() {
        return total;
    }

    /** What the subnet recorded for the pool; empty when it has no (live) record of it. */
    public Optional<IpSet> recorded(String pool) {
        return Optional.ofNullable(liveRecords(pool).get(pool)).map(r -> IpSet.parse(family, r.ips()));
    }

    /**
     * IPs no pool but {@code pool} may take: the subnet's IPs minus every other pool's record and
     * spec.ips (a spec ahead of or behind its record still holds its IPs) minus reserved IPs.
     */
    public IpSet freeFor(String pool) {
        IpSet held = IpSet.empty(family);
        for (Map.Entry<String, ControlledPool> r : liveRecords(pool).entrySet()) {
            if (!r.getKey().equals(pool)) {
                held = held.union(IpSet.parse(family, r.getValue().ips()));
            }
        }
        for (Map.Entry<String, IpSet> s : poolSpecs.entrySet()) {
            if (!s.getKey().equals(pool)) {
                held = held.union(s.getValue());
            }
        }
        return total.subtract(held).subtract(reserved);
    }

    /** The status after handing {@code ips} to {@code pool} (and dropping dirty records). */
    public SubnetStatusWrite withPool(String pool, IpSet ips, Optional<Application> app) {
        Map<String, ControlledPool> next = liveRecords(pool);
        next.put(pool, new ControlledPool(ips.toStrings(), app.map(Application::recordValue)));
        return write(next);
    }

    /** The status once {@code deleted} pools are gone, e.g. after reclaiming an application's pools. */
    public SubnetStatusWrite withoutPools(Collection<String> deleted) {
        Map<String, ControlledPool> next = liveRecords(null);
        next.keySet().removeAll(Set.copyOf(deleted));
        return write(next);
    }

    /** The status as it should be now: dirty records dropped, counts recomputed. */
    public SubnetStatusWrite current() {
        return write(liveRecords(null));
    }

    /** Names of the pools the subnet records (live ones only). */
    public Set<String> recordedPools() {
        return liveRecords(null).keySet().stream().collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Records of existing pools, plus the record of {@code planned} even while its pool does not
     * exist: a previous round wrote the record and was interrupted before creating the pool.
     */
    private Map<String, ControlledPool> liveRecords(String planned) {
        Map<String, ControlledPool> live = new LinkedHashMap<>();
        records.forEach((name, r) -> {
            if (poolSpecs.containsKey(name) || name.equals(planned)) {
                live.put(name, r);
            }
        });
        return live;
    }

    private SubnetStatusWrite write(Map<String, ControlledPool> next) {
        long handed = 0;
        for (ControlledPool r : next.values()) {
            handed = Math.addExact(handed, count(IpSet.parse(family, r.ips())));
        }
        return new SubnetStatusWrite(ControlledIpPoolsCodec.encode(next), handed, count(total));
    }

    // the status counts are int64 like upstream's; an IPv6 subnet listing more IPs than that is capped
    private static long count(IpSet ips) {
        return ips.size().min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    }

    private static boolean sameCidr(SpiderIPPool p, Cidr cidr) {
        if (p.getSpec() == null || p.getSpec().getSubnet() == null || p.getMetadata() == null) {
            return false;
        }
        try {
            return Cidr.parse(p.getSpec().getSubnet()).equals(cidr);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }
}
