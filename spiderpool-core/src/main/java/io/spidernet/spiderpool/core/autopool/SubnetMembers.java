package io.spidernet.spiderpool.core.autopool;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.spidernet.spiderpool.core.allocation.ControlledIpPoolsCodec;
import io.spidernet.spiderpool.core.allocation.ControlledIpPoolsCodec.ControlledPool;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ip.IpSet;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.webhook.IPPoolMutator;
import io.spidernet.spiderpool.core.webhook.Mutation;
import java.math.BigInteger;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pools a SpiderSubnet controls, seen from the subnet: which pool of its CIDR it should adopt,
 * and the {@code status} that lists them. Auto-pools are recorded as the subnet last handed IPs to
 * them (the record is written before the pool, so it is the truth mid-round); adopted manual pools
 * by the part of their IPs inside the subnet. Pools that no longer exist drop out (I00022).
 */
public final class SubnetMembers {

    private SubnetMembers() {}

    /** What to do with a pool of the subnet's CIDR that no subnet controls yet. */
    public sealed interface Adoption {
        /** Write this copy: controller reference, owner label, gateway and routes where the pool had none. */
        record Adopt(SpiderIPPool pool) implements Adoption {}

        /** The pool stays an orphan until the user changes what {@code reason} says. */
        record Refuse(String reason) implements Adoption {}
    }

    /**
     * Whether the subnet should adopt {@code pool}: a manual pool of its CIDR without a controller.
     * The admission webhook adopts pools created after the subnet; this adopts those created before.
     * The adopted copy comes from {@link IPPoolMutator}, so both ways give the same pool.
     *
     * @return empty when the pool is not a candidate (another CIDR, auto-created, controlled, terminating)
     */
    public static Optional<Adoption> adoption(SpiderSubnet subnet, SpiderIPPool pool, SpiderpoolConf conf) {
        if (!conf.enableSpiderSubnet() || pool.isAutoCreated() || pool.isTerminating() || !sameCidr(pool, subnet)
                || controller(pool).isPresent()) {
            return Optional.empty();
        }
        String name = subnet.getMetadata().getName();
        IpSet total = totalOf(subnet);
        IpSet outside = poolTotal(pool, total.family()).subtract(total);
        if (!outside.isEmpty()) {
            return Optional.of(new Adoption.Refuse("IPPool " + pool.getMetadata().getName() + " has the CIDR of SpiderSubnet "
                    + name + " but holds " + outside.toStrings() + ", which the subnet does not offer (its spec.ips minus"
                    + " spec.excludeIPs); add them to the subnet's spec.ips or remove them from the pool's spec.ips,"
                    + " and the subnet adopts the pool"));
        }
        Mutation<SpiderIPPool> adopted = new IPPoolMutator(conf).mutate(pool, List.of(subnet));
        if (!adopted.warnings().isEmpty()) {
            return Optional.of(new Adoption.Refuse(String.join("; ", adopted.warnings())));
        }
        return Optional.of(new Adoption.Adopt(adopted.object()));
    }

    /** Whether the pool's controller reference names this subnet. */
    public static boolean controlledBy(SpiderIPPool pool, SpiderSubnet subnet) {
        return controller(pool).filter(r -> "SpiderSubnet".equals(r.getKind()))
                .filter(r -> subnet.getMetadata().getName().equals(r.getName()))
                .filter(r -> r.getUid() == null || subnet.getMetadata().getUid() == null
                        || r.getUid().equals(subnet.getMetadata().getUid()))
                .isPresent();
    }

    /**
     * The status the subnet should have: one record per existing pool it controls (terminating ones
     * too: they hold their IPs until they are gone), counts recomputed.
     *
     * @throws IllegalArgumentException when the subnet's spec or stored status cannot be read
     */
    public static SubnetStatusWrite status(SpiderSubnet subnet, Collection<SpiderIPPool> pools) {
        IpSet total = totalOf(subnet);
        String stored = subnet.getStatus() == null ? null : subnet.getStatus().getControlledIPPools();
        Map<String, ControlledPool> recorded = ControlledIpPoolsCodec.decode(stored);
        Map<String, ControlledPool> next = new LinkedHashMap<>();
        for (SpiderIPPool p : pools) {
            if (!sameCidr(p, subnet) || !controlledBy(p, subnet)) {
                continue;
            }
            String name = p.getMetadata().getName();
            ControlledPool record = p.isAutoCreated() && recorded.containsKey(name) ? recorded.get(name)
                    : new ControlledPool(poolTotal(p, total.family()).intersect(total).toStrings(), application(p));
            next.put(name, record);
        }
        long handed = 0;
        for (ControlledPool r : next.values()) {
            handed = Math.addExact(handed, count(IpSet.parse(total.family(), r.ips())));
        }
        return new SubnetStatusWrite(ControlledIpPoolsCodec.encode(next), handed, count(total));
    }

    private static Optional<String> application(SpiderIPPool p) {
        if (!p.isAutoCreated()) {
            return Optional.empty();
        }
        Map<String, String> l = p.getMetadata().getLabels();
        return Optional.of(l.get(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_GV) + "_"
                + l.get(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_KIND) + "_"
                + l.get(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_NAMESPACE) + "_"
                + l.get(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_NAME));
    }

    private static Optional<OwnerReference> controller(SpiderIPPool pool) {
        List<OwnerReference> refs = pool.getMetadata() == null ? null : pool.getMetadata().getOwnerReferences();
        return refs == null ? Optional.empty() : refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
    }

    private static IpSet totalOf(SpiderSubnet subnet) {
        return SubnetLedger.of(subnet, List.of(), Map.of()).total();
    }

    private static IpSet poolTotal(SpiderIPPool pool, IpFamily family) {
        return IpSet.parse(family, orEmpty(pool.getSpec().getIps())).subtract(IpSet.parse(family, orEmpty(pool.getSpec().getExcludeIPs())));
    }

    private static boolean sameCidr(SpiderIPPool p, SpiderSubnet s) {
        if (p.getSpec() == null || p.getSpec().getSubnet() == null || s.getSpec() == null || s.getSpec().getSubnet() == null) {
            return false;
        }
        try {
            return Cidr.parse(p.getSpec().getSubnet()).equals(Cidr.parse(s.getSpec().getSubnet()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // int64 like upstream's counts; an IPv6 subnet listing more IPs than that is capped
    private static long count(IpSet ips) {
        return ips.size().min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }
}
