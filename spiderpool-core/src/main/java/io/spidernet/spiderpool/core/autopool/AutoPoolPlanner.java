package io.spidernet.spiderpool.core.autopool;

import io.spidernet.spiderpool.core.allocation.AllocatedIpsCodec;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ip.IpSet;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Plans one auto-pool: finds the pool the demand owns or inherits, resizes its IPs within the
 * subnet, and says what to write. Pure: the caller hands in a consistent snapshot of the subnet,
 * the pools and the reserved IPs, and performs the writes in the order {@link AutoPoolPlan} gives.
 */
public final class AutoPoolPlanner {

    private AutoPoolPlanner() {}

    /**
     * @param subnet   the SpiderSubnet the demand names (the caller looks it up by {@code d.subnet()})
     * @param pools    every SpiderIPPool
     * @param reserved the union of SpiderReservedIPs per family ({@code ReservedAddresses.of})
     * @throws AutoPoolException.InsufficientSubnetIps when the subnet cannot supply the growth
     * @throws AutoPoolException.InvalidRequest when the subnet is of the other family, or another
     *         pool already has the name this one needs
     */
    public static AutoPoolPlan plan(PoolDemand d, SpiderSubnet subnet, Collection<SpiderIPPool> pools,
                                    Map<IpFamily, IpSet> reserved) {
        SubnetLedger ledger = SubnetLedger.of(subnet, pools, reserved);
        if (ledger.family() != d.family()) {
            throw new AutoPoolException.InvalidRequest(d.app() + " names SpiderSubnet " + d.subnet() + " for " + d.family()
                    + " on " + d.nic() + ", but that subnet is " + ledger.family() + "; name it under \""
                    + (ledger.family() == IpFamily.V4 ? "ipv4" : "ipv6") + "\" instead", null);
        }
        Optional<PoolOwnership.Claimed> claimed = PoolOwnership.find(d, pools);
        String name = claimed.map(c -> c.pool().getMetadata().getName()).orElseGet(d::poolName);
        if (claimed.isEmpty()) {
            refuseNameTaken(d, name, pools);
        }
        Optional<SpiderIPPool> pool = claimed.map(PoolOwnership.Claimed::pool);
        IpSet inPool = pool.map(p -> IpSet.parse(d.family(), orEmpty(p.getSpec().getIps()))).orElse(IpSet.empty(d.family()));
        Optional<IpSet> recorded = ledger.recorded(name);
        IpSet current = recorded.map(inPool::union).orElse(inPool);
        Optional<AutoPoolPlan.Repair> repair = recorded.filter(r -> !r.equals(inPool))
                .or(() -> pool.isPresent() && recorded.isEmpty() && !inPool.isEmpty() ? Optional.of(IpSet.empty(d.family()))
                        : Optional.empty())
                .map(r -> new AutoPoolPlan.Repair(r, inPool));

        LowestFirstResizer.Outcome outcome = LowestFirstResizer.resize(d.subnet(), name, current,
                ledger.freeFor(name), allocated(pool, d.family()), d.size());
        IpSet ips = outcome instanceof LowestFirstResizer.Outcome.Resized r ? r.ips() : current;
        Optional<String> blocked = outcome instanceof LowestFirstResizer.Outcome.ShrinkBlocked b
                ? Optional.of(b.reason()) : Optional.empty();

        SubnetStatusWrite status = ledger.withPool(name, ips, Optional.of(d.app()));
        Optional<SubnetStatusWrite> subnetWrite = status.differsFrom(subnet.getStatus()) ? Optional.of(status) : Optional.empty();
        Optional<PoolWrite> poolWrite = pool.isEmpty()
                ? Optional.of(new PoolWrite.Create(AutoPoolTemplate.newPool(d, subnet, ips)))
                : update(d, pool.get(), ips);
        return new AutoPoolPlan(name, ips, subnetWrite, poolWrite, repair, blocked);
    }

    private static Optional<PoolWrite> update(PoolDemand d, SpiderIPPool pool, IpSet ips) {
        Map<String, String> labels = AutoPoolTemplate.labels(d, pool.getSpec().getSubnet());
        Map<String, String> annotations = AutoPoolTemplate.annotations(d);
        boolean same = contains(pool.getMetadata().getLabels(), labels)
                && contains(pool.getMetadata().getAnnotations(), annotations)
                && IpSet.parse(d.family(), orEmpty(pool.getSpec().getIps())).equals(ips)
                && orEmpty(pool.getSpec().getIps()).equals(ips.toStrings());
        return same ? Optional.empty()
                : Optional.of(new PoolWrite.Update(pool.getMetadata().getName(), labels, annotations, ips.toStrings()));
    }

    private static void refuseNameTaken(PoolDemand d, String name, Collection<SpiderIPPool> pools) {
        pools.stream().filter(p -> name.equals(p.getMetadata().getName())).findFirst().ifPresent(p -> {
            String owner = PoolOwnership.label(p, SpiderpoolAnnotations.LABEL_OWNER_SPIDER_SUBNET);
            throw new AutoPoolException.InvalidRequest("IPPool " + name + " that " + d.app() + " needs for " + d.nic() + " "
                    + d.family() + " already exists but is not this application's pool from SpiderSubnet " + d.subnet()
                    + (owner == null ? "" : " (it belongs to SpiderSubnet " + owner + ")")
                    + "; delete or rename that IPPool", null);
        });
    }

    private static IpSet allocated(Optional<SpiderIPPool> pool, IpFamily family) {
        if (pool.isEmpty() || pool.get().getStatus() == null) {
            return IpSet.empty(family);
        }
        List<IpAddress> held = AllocatedIpsCodec.decode(pool.get().getStatus().getAllocatedIPs()).keySet().stream()
                .map(ip -> IpAddress.parse(ip, family)).toList();
        return IpSet.ofAddresses(family, held);
    }

    private static boolean contains(Map<String, String> have, Map<String, String> want) {
        return have != null && want.entrySet().stream().allMatch(e -> Objects.equals(have.get(e.getKey()), e.getValue()));
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }
}
