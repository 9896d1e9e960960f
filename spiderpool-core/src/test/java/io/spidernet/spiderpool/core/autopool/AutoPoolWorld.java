package io.spidernet.spiderpool.core.autopool;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.spidernet.spiderpool.core.allocation.AllocatedIpsCodec;
import io.spidernet.spiderpool.core.allocation.AllocationRecord;
import io.spidernet.spiderpool.core.allocation.ReservedAddresses;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ip.IpSet;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.ReservedIPSpec;
import io.spidernet.spiderpool.core.model.Route;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderReservedIP;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.model.SubnetSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory cluster of subnets, pools and reserved IPs that plays the reconciler: it plans every
 * demand of an application and applies the writes in the plan's order (subnet, then pool).
 */
final class AutoPoolWorld {
    final Map<String, SpiderSubnet> subnets = new LinkedHashMap<>();
    final Map<String, SpiderIPPool> pools = new LinkedHashMap<>();
    final List<SpiderReservedIP> reserved = new ArrayList<>();
    SpiderpoolConf conf = SpiderpoolConf.defaults();

    SpiderSubnet subnet(String name, String cidr, String... ips) {
        SpiderSubnet s = new SpiderSubnet();
        s.setMetadata(new ObjectMetaBuilder().withName(name).withUid("uid-" + name).build());
        SubnetSpec spec = new SubnetSpec();
        spec.setSubnet(cidr);
        spec.setIpVersion(cidr.contains(":") ? IpVersion.of(IpFamily.V6) : IpVersion.of(IpFamily.V4));
        spec.setIps(new ArrayList<>(List.of(ips)));
        spec.setGateway(cidr.contains(":") ? "fd00::1" : cidr.substring(0, cidr.lastIndexOf('.')) + ".1");
        spec.setRoutes(List.of(new Route(cidr.contains(":") ? "fd10::/64" : "10.99.0.0/16", spec.getGateway())));
        s.setSpec(spec);
        subnets.put(name, s);
        return s;
    }

    void reserve(String... ips) {
        SpiderReservedIP r = new SpiderReservedIP();
        r.setMetadata(new ObjectMetaBuilder().withName("reserved-" + reserved.size()).build());
        ReservedIPSpec spec = new ReservedIPSpec();
        spec.setIpVersion(ips[0].contains(":") ? IpVersion.of(IpFamily.V6) : IpVersion.of(IpFamily.V4));
        spec.setIps(List.of(ips));
        r.setSpec(spec);
        reserved.add(r);
    }

    /** Plans and applies every pool the application wants; returns the plans. */
    List<AutoPoolPlan> reconcile(AppWorkload app) {
        List<AutoPoolPlan> plans = new ArrayList<>();
        for (PoolDemand d : PoolDemands.of(app, conf)) {
            AutoPoolPlan plan = plan(d);
            apply(d.subnet(), plan);
            plans.add(plan);
        }
        return plans;
    }

    AutoPoolPlan plan(PoolDemand d) {
        return AutoPoolPlanner.plan(d, subnets.get(d.subnet()), pools.values(), ReservedAddresses.of(reserved));
    }

    void apply(String subnet, AutoPoolPlan plan) {
        plan.subnetWrite().ifPresent(w -> subnets.get(subnet).setStatus(w.toStatus()));
        applyPoolOnly(plan);
    }

    void applyPoolOnly(AutoPoolPlan plan) {
        plan.poolWrite().ifPresent(w -> {
            switch (w) {
                case PoolWrite.Create c -> pools.put(c.poolName(), c.pool());
                case PoolWrite.Update u -> u.applyTo(pools.get(u.poolName()));
            }
        });
    }

    /** The application is deleted: its reclaimable pools go, then each subnet drops their records. */
    List<String> delete(AppWorkload app) {
        List<String> gone = AutoPoolReclaim.poolsToDelete(app.app().uid(), pools.values());
        gone.forEach(pools::remove);
        for (SpiderSubnet s : subnets.values()) {
            s.setStatus(SubnetLedger.of(s, pools.values(), ReservedAddresses.of(reserved)).withoutPools(gone).toStatus());
        }
        return gone;
    }

    /** A pod takes {@code ip} from the pool. */
    void allocate(String pool, String... ips) {
        SpiderIPPool p = pools.get(pool);
        Map<String, AllocationRecord> records = new HashMap<>(AllocatedIpsCodec.decode(
                p.getStatus() == null ? null : p.getStatus().getAllocatedIPs()));
        for (String ip : ips) {
            records.put(ip, new AllocationRecord("ns/pod-" + ip, "uid-" + ip));
        }
        p.setStatus(new IPPoolStatus(AllocatedIpsCodec.encode(records), null, (long) records.size()));
    }

    IpSet free(String subnet) {
        return SubnetLedger.of(subnets.get(subnet), pools.values(), ReservedAddresses.of(reserved)).freeFor("");
    }

    IpSet ipsOf(String pool) {
        SpiderIPPool p = pools.get(pool);
        return IpSet.parse(p.family().orElseThrow(), p.getSpec().getIps());
    }

    IpSet recorded(String subnet, String pool) {
        SpiderSubnet s = subnets.get(subnet);
        return SubnetLedger.of(s, pools.values(), ReservedAddresses.of(reserved)).recorded(pool)
                .orElse(IpSet.empty(s.getSpec().getIpVersion().family()));
    }

    static IpSet ips(IpFamily family, String... entries) {
        return IpSet.parse(family, List.of(entries));
    }
}
