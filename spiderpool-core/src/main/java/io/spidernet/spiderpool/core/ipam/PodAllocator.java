package io.spidernet.spiderpool.core.ipam;

import io.spidernet.spiderpool.core.allocation.AllocationEngine;
import io.spidernet.spiderpool.core.allocation.AllocationPlan;
import io.spidernet.spiderpool.core.allocation.AllocationTarget;
import io.spidernet.spiderpool.core.allocation.IpAllocation;
import io.spidernet.spiderpool.core.allocation.PodRef;
import io.spidernet.spiderpool.core.allocation.ReservedAddresses;
import io.spidernet.spiderpool.core.allocation.RouteAssembler;
import io.spidernet.spiderpool.core.annotation.PoolNames;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderReservedIP;
import io.spidernet.spiderpool.core.selection.PodFacts;
import io.spidernet.spiderpool.core.selection.Selection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The standard allocation path for one CNI ADD, from facts to answer: parse the annotations once,
 * resolve which pools the pod asks for, select candidates, allocate every NIC × family at once,
 * and attach gateways and routes. Fetching the facts is the caller's job; writing goes through the
 * engine's store.
 */
public final class PodAllocator {
    private final AllocationEngine engine;
    private final SpiderpoolConf conf;
    private final PodSelector selector;

    public PodAllocator(AllocationEngine engine, SpiderpoolConf conf, String spiderpoolNamespace, String clusterNetwork) {
        this.engine = engine;
        this.conf = conf;
        this.selector = new PodSelector(conf, spiderpoolNamespace, clusterNetwork);
    }

    /**
     * One ADD request.
     *
     * @param nic {@code CNI_IFNAME}
     * @param cniPools the CNI config's default pools; {@code cniCleanGateway} its clean_gateway
     */
    public record Request(String nic, PodRef pod, PodFacts facts, Map<String, String> podAnnotations,
                          Map<String, String> namespaceAnnotations, PoolNames cniPools, boolean cniCleanGateway) {}

    /** Snapshot of the cluster state selection runs against. */
    public record Snapshot(List<SpiderIPPool> pools, List<SpiderReservedIP> reservedIps) {}

    public IpamAnswer allocate(Request req, Snapshot snapshot) {
        PodSelector.Resolved resolved = selector.select(req, snapshot);
        Selection selection = resolved.selection();
        List<AllocationTarget> targets = new ArrayList<>();
        Set<String> cleanGateway = new HashSet<>();
        for (Selection.NicCandidates nic : selection.nics()) {
            for (IpFamily family : IpFamily.values()) {
                List<String> candidates = nic.candidates().get(family);
                if (candidates != null) {
                    targets.add(new AllocationTarget(nic.nic(), family, candidates));
                }
            }
            if (nic.cleanGateway()) {
                cleanGateway.add(nic.nic());
            }
        }
        List<IpAllocation> allocations = engine.allocate(new AllocationPlan(req.pod(), targets,
                ReservedAddresses.of(snapshot.reservedIps())));
        RouteAssembler.Routes routes = RouteAssembler.assemble(allocations, cleanGateway, resolved.annotations().routes());
        return new IpamAnswer(allocations, routes.routes(), routes.warnings(), selection, conf);
    }

    /**
     * The candidate pools this request would be served from, without allocating: a StatefulSet pod
     * restarted after its pool annotation changed must move to the new pools (upstream since v0.9.4).
     */
    public Selection select(Request req, Snapshot snapshot) {
        return selector.select(req, snapshot).selection();
    }
}
