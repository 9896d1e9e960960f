package io.spidernet.spiderpool.core.selection;

import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.error.IpamException;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the pool names a pod asks for into ordered candidates: wildcards expanded, every pool run
 * through {@link PoolFilters}, the survivors sorted by how specific their affinity is (a stable
 * sort, so equally specific pools keep the order the user wrote — upstream's sort is not stable).
 * A pure function over snapshots: the adapter fetches pools and pod facts first.
 */
public final class CandidateSelector {
    private CandidateSelector() {}

    public record Request(PodFacts pod, PoolSource source, List<NicRequest> nics, String spiderpoolNamespace,
                          boolean matchMasterSubnet, List<IpAddress> masterAddresses) {
        public Request {
            nics = List.copyOf(nics);
            masterAddresses = masterAddresses == null ? List.of() : List.copyOf(masterAddresses);
        }
    }

    /** Upstream's specificity order: a pool wins at the first criterion only one side has. */
    static final Comparator<SpiderIPPool> SPECIFICITY = Comparator
            .comparing((SpiderIPPool p) -> p.getSpec().getPodAffinity() == null)
            .thenComparing(p -> isEmpty(p.getSpec().getNodeName()))
            .thenComparing(p -> p.getSpec().getNodeAffinity() == null)
            .thenComparing(p -> isEmpty(p.getSpec().getNamespaceName()))
            .thenComparing(p -> p.getSpec().getNamespaceAffinity() == null)
            .thenComparing(p -> isEmpty(p.getSpec().getMultusName()));

    public static Selection select(Request req, Collection<SpiderIPPool> pools, SpiderpoolConf conf) {
        Map<String, SpiderIPPool> byName = new TreeMap<>();
        for (SpiderIPPool p : pools) {
            byName.put(p.getMetadata().getName(), p);
        }
        List<Selection.NicCandidates> out = new ArrayList<>();
        List<Selection.Rejection> rejections = new ArrayList<>();
        for (NicRequest nic : req.nics()) {
            Map<IpFamily, List<String>> perFamily = new EnumMap<>(IpFamily.class);
            for (IpFamily family : IpFamily.values()) {
                if (nic.pools(family).isEmpty() || !conf.enabled(family)) {
                    continue; // a NIC may ask for one family only; a disabled family is ignored
                }
                List<Selection.Rejection> refused = new ArrayList<>();
                List<String> ok = candidates(req, nic, family, byName, refused);
                rejections.addAll(refused);
                if (ok.isEmpty()) {
                    throw noPool(req, nic, family, refused);
                }
                perFamily.put(family, ok);
            }
            if (perFamily.isEmpty()) {
                throw new IpamException.NoAvailablePool("pod " + req.pod() + " NIC " + nic.nic() + " names no pool of an enabled"
                        + " family (" + req.source().description() + ": IPv4 " + nic.ipv4Pools() + ", IPv6 "
                        + nic.ipv6Pools() + "; enabled: IPv4=" + conf.enableIPv4() + ", IPv6=" + conf.enableIPv6() + ")",
                        List.of());
            }
            out.add(new Selection.NicCandidates(nic.nic(), nic.cleanGateway(), perFamily));
        }
        return new Selection(req.source(), out, rejections);
    }

    private static List<String> candidates(Request req, NicRequest nic, IpFamily family, Map<String, SpiderIPPool> byName,
                                           List<Selection.Rejection> refused) {
        PoolFilters.Context ctx = new PoolFilters.Context(req.pod(), nic, family, req.spiderpoolNamespace(),
                req.matchMasterSubnet(), req.masterAddresses());
        List<SpiderIPPool> kept = new ArrayList<>();
        for (Map.Entry<String, Optional<SpiderIPPool>> e : expand(nic, family, byName).entrySet()) {
            if (e.getValue().isEmpty()) {
                refused.add(new Selection.Rejection(e.getKey(), nic.nic(), family, PoolNameGlob.isPattern(e.getKey())
                        ? "matches no " + family + " IPPool" : "does not exist"));
                continue;
            }
            Optional<String> why = PoolFilters.refusal(e.getValue().get(), ctx);
            if (why.isPresent()) {
                refused.add(new Selection.Rejection(e.getKey(), nic.nic(), family, why.get()));
            } else {
                kept.add(e.getValue().get());
            }
        }
        kept.sort(SPECIFICITY); // List.sort is stable
        return kept.stream().map(p -> p.getMetadata().getName()).toList();
    }

    /**
     * Names in the user's order, wildcards replaced by the matching pools of the family (by name);
     * an empty Optional marks a name or pattern that found nothing. A name listed twice is an error.
     */
    private static Map<String, Optional<SpiderIPPool>> expand(NicRequest nic, IpFamily family, Map<String, SpiderIPPool> byName) {
        Map<String, Optional<SpiderIPPool>> out = new LinkedHashMap<>();
        Set<String> explicit = new HashSet<>();
        for (String name : nic.pools(family)) {
            if (!PoolNameGlob.isPattern(name)) {
                if (!explicit.add(name)) {
                    throw new IpamException.WrongInput("IPPool " + name + " is listed twice for NIC " + nic.nic()
                            + " (" + family + "); list each pool once");
                }
                out.putIfAbsent(name, Optional.ofNullable(byName.get(name)));
                continue;
            }
            boolean any = false;
            for (SpiderIPPool p : byName.values()) {
                String poolName = p.getMetadata().getName();
                if (p.family().orElse(null) == family && PoolNameGlob.matches(name, poolName)) {
                    out.putIfAbsent(poolName, Optional.of(p));
                    any = true;
                }
            }
            if (!any) {
                out.putIfAbsent(name, Optional.empty());
            }
        }
        return out;
    }

    private static IpamException.NoAvailablePool noPool(Request req, NicRequest nic, IpFamily family,
                                                        List<Selection.Rejection> refused) {
        return new IpamException.NoAvailablePool("every " + family + " candidate for pod " + req.pod() + " NIC "
                + nic.nic() + " was refused (candidates " + nic.pools(family) + " from " + req.source().description()
                + ")", refused.stream().map(Selection.Rejection::toString).toList());
    }

    private static boolean isEmpty(List<String> l) {
        return l == null || l.isEmpty();
    }
}
