package io.spidernet.spiderpool.controller.admin;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.spidernet.spiderpool.api.controller.v1.Candidate;
import io.spidernet.spiderpool.api.controller.v1.Choice;
import io.spidernet.spiderpool.api.controller.v1.ExplainAllocationRequest;
import io.spidernet.spiderpool.api.controller.v1.ExplainAllocationResponse;
import io.spidernet.spiderpool.api.controller.v1.GcPreviewRequest;
import io.spidernet.spiderpool.api.controller.v1.GcPreviewResponse;
import io.spidernet.spiderpool.api.controller.v1.NodeUsage;
import io.spidernet.spiderpool.api.controller.v1.PoolUsage;
import io.spidernet.spiderpool.api.controller.v1.PoolUsageRequest;
import io.spidernet.spiderpool.api.controller.v1.PoolUsageResponse;
import io.spidernet.spiderpool.api.controller.v1.Rejection;
import io.spidernet.spiderpool.api.controller.v1.SubnetUsage;
import io.spidernet.spiderpool.api.controller.v1.TriggerGcResponse;
import io.spidernet.spiderpool.controller.gc.GarbageCollector;
import io.spidernet.spiderpool.controller.gc.GcStats;
import io.spidernet.spiderpool.core.allocation.PodRef;
import io.spidernet.spiderpool.core.allocation.PoolLedger;
import io.spidernet.spiderpool.core.allocation.ReservedAddresses;
import io.spidernet.spiderpool.core.annotation.PoolNames;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.autopool.SubnetLedger;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.error.IpamException;
import io.spidernet.spiderpool.core.gc.GcPreviewRow;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ip.IpSet;
import io.spidernet.spiderpool.core.ipam.AllocationPreview;
import io.spidernet.spiderpool.core.ipam.PodAllocator;
import io.spidernet.spiderpool.core.ipam.PodSelector;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderReservedIP;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.selection.PodFacts;
import io.spidernet.spiderpool.core.selection.PodFacts.TopController;
import io.spidernet.spiderpool.core.selection.Selection;
import io.spidernet.spiderpool.core.workload.ClusterFacts;
import io.spidernet.spiderpool.kube.KubeReads;
import io.spidernet.spiderpool.kube.OwnerLookup;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The controller's admin API: pool usage, and the explain-allocation dry run, which runs the agent's
 * own selection (core's {@link PodSelector}) on the pod as the API server has it and previews the
 * address the engine would pick, writing nothing.
 */
public final class AdminService {
    private final KubernetesClient client;
    private final PodSelector selector;
    private final GarbageCollector gc;
    private final OwnerLookup owners;

    public AdminService(KubernetesClient client, SpiderpoolConf conf, String spiderpoolNamespace, String clusterNetwork,
                        GarbageCollector gc) {
        this.client = client;
        this.gc = gc;
        this.owners = OwnerLookup.fromApi(client);
        this.selector = new PodSelector(conf, spiderpoolNamespace, clusterNetwork);
    }

    /** Thrown for a pod that is not there; the gRPC adapter answers NOT_FOUND. */
    public static final class PodNotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PodNotFound(String message) {
            super(message);
        }
    }

    public ExplainAllocationResponse explain(ExplainAllocationRequest req) {
        String ns = req.getPodNamespace();
        String name = req.getPodName();
        Pod pod = KubeReads.orAbsent(() -> client.pods().inNamespace(ns).withName(name).get())
                .orElseThrow(() -> new PodNotFound("pod " + ns + "/" + name + " does not exist"));
        TopController top = owners.topController(pod);
        String node = ClusterFacts.nodeOf(pod, null);
        Optional<Namespace> namespace = KubeReads.orAbsent(() -> client.namespaces().withName(ns).get());
        PodFacts facts = ClusterFacts.of(pod, namespace, node == null ? Optional.empty()
                : KubeReads.orAbsent(() -> client.nodes().withName(node).get()), top, "");
        Map<String, String> nsAnnotations = namespace.map(n -> n.getMetadata().getAnnotations()).filter(a -> a != null)
                .orElse(Map.of());
        PodAllocator.Request request = new PodAllocator.Request(
                req.getIfName().isEmpty() ? SpiderpoolAnnotations.DEFAULT_INTERFACE : req.getIfName(),
                new PodRef(ns, name, pod.getMetadata().getUid()), facts,
                pod.getMetadata().getAnnotations() == null ? Map.of() : pod.getMetadata().getAnnotations(), nsAnnotations,
                new PoolNames(req.getDefaultIpv4IppoolList(), req.getDefaultIpv6IppoolList()), false);
        PodAllocator.Snapshot snapshot = new PodAllocator.Snapshot(client.resources(SpiderIPPool.class).list().getItems(),
                client.resources(SpiderReservedIP.class).list().getItems());
        ExplainAllocationResponse.Builder out = ExplainAllocationResponse.newBuilder();
        Selection selection;
        try {
            selection = selector.select(request, snapshot).selection();
        } catch (IpamException e) {
            return out.setRefused(e.getMessage()).build();
        }
        for (Selection.NicCandidates nic : selection.nics()) {
            nic.candidates().forEach((family, pools) -> pools.forEach(pool -> out.addCandidates(Candidate.newBuilder()
                    .setNic(nic.nic()).setIpVersion(family.version()).setPool(pool))));
        }
        selection.rejections().forEach(r -> out.addRejections(Rejection.newBuilder().setPool(r.pool()).setReason(r.reason())
                .setNic(r.nic() == null ? "" : r.nic()).setIpVersion(r.family() == null ? 0 : r.family().version())));
        AllocationPreview.Result preview = AllocationPreview.of(selection, snapshot);
        preview.passedOver().forEach(p -> out.addRejections(Rejection.newBuilder().setPool(p.pool()).setReason(p.reason())
                .setNic(p.nic()).setIpVersion(p.family().version())));
        preview.choices().forEach(c -> out.addWouldUse(Choice.newBuilder().setNic(c.nic()).setIpVersion(c.family().version())
                .setPool(c.pool()).setIp(c.address().toString())));
        if (preview.choices().isEmpty()) {
            out.setRefused("every candidate pool of pod " + ns + "/" + name + " is full; add addresses to a candidate's"
                    + " spec.ips or another pool to its candidates");
        }
        return out.build();
    }

    public PoolUsageResponse usage(PoolUsageRequest req) {
        PoolUsageResponse.Builder out = PoolUsageResponse.newBuilder();
        List<SpiderIPPool> pools = client.resources(SpiderIPPool.class).list().getItems();
        Map<String, String> nodeOfUid = endpointNodes();
        for (SpiderIPPool pool : pools) {
            String name = pool.getMetadata().getName();
            if (!req.getPoolNamesList().isEmpty() && !req.getPoolNamesList().contains(name)) {
                continue;
            }
            PoolLedger ledger = PoolLedger.of(pool);
            List<String> nodeNames = pool.getSpec().getNodeName() == null ? List.of() : pool.getSpec().getNodeName();
            PoolUsage.Builder usage = PoolUsage.newBuilder().setName(name).setIpVersion(ledger.family().version())
                    .setSubnet(ledger.subnet().toString()).setTotalIpCount(ledger.allowed().size().toString())
                    .setAllocatedIpCount(ledger.allocatedCount())
                    .setFreeIpCount(ledger.allowed().subtract(ledger.allocated()).size().toString())
                    .setDisabled(Boolean.TRUE.equals(pool.getSpec().getDisable()))
                    .addAllNodeNames(nodeNames).setNodeAffinity(pool.getSpec().getNodeAffinity() != null);
            PoolNodeUsage.of(ledger.records().values(), nodeOfUid, nodeNames).forEach((node, count) ->
                    usage.addNodes(NodeUsage.newBuilder().setNode(node).setAllocatedIpCount(count)));
            out.addPools(usage);
        }
        if (req.getPoolNamesList().isEmpty()) {
            Map<IpFamily, IpSet> reserved = ReservedAddresses.of(client.resources(SpiderReservedIP.class).list().getItems());
            for (SpiderSubnet subnet : client.resources(SpiderSubnet.class).list().getItems()) {
                SubnetLedger ledger = SubnetLedger.of(subnet, pools, reserved);
                IpSet handedOut = IpSet.empty(ledger.family());
                for (String pool : ledger.recordedPools()) {
                    handedOut = handedOut.union(ledger.recorded(pool).orElse(IpSet.empty(ledger.family())));
                }
                out.addSubnets(SubnetUsage.newBuilder().setName(ledger.subnetName()).setIpVersion(ledger.family().version())
                        .setSubnet(subnet.getSpec().getSubnet()).setTotalIpCount(ledger.total().size().toString())
                        .setAllocatedIpCount(handedOut.size().toString())
                        // a name no pool has: what a new pool of this subnet could be given
                        .setFreeIpCount(ledger.freeFor("").size().toString())
                        .setPoolCount(ledger.recordedPools().size()));
            }
        }
        return out.build();
    }

    /** The node of every SpiderEndpoint's current pod instance, by that instance's uid. */
    private Map<String, String> endpointNodes() {
        Map<String, String> nodes = new HashMap<>();
        for (SpiderEndpoint ep : client.resources(SpiderEndpoint.class).inAnyNamespace().list().getItems()) {
            if (ep.getStatus() != null && ep.getStatus().current() != null && ep.getStatus().current().uid() != null
                    && ep.getStatus().current().node() != null) {
                nodes.put(ep.getStatus().current().uid(), ep.getStatus().current().node());
            }
        }
        return nodes;
    }

    /** What a scan would do now; on a follower from the API, on the leader from its caches. */
    public GcPreviewResponse gcPreview(GcPreviewRequest req) {
        List<GcPreviewRow> rows = req.getReleasesOnly() ? GcPreviewRow.releases(gc.preview()) : gc.preview();
        GcPreviewResponse.Builder out = GcPreviewResponse.newBuilder();
        for (GcPreviewRow r : rows) {
            if (!req.getPoolNamesList().isEmpty() && !req.getPoolNamesList().contains(r.pool())) {
                continue;
            }
            out.addRows(io.spidernet.spiderpool.api.controller.v1.GcPreviewRow.newBuilder().setPool(r.pool()).setIp(r.ip())
                    .setPod(r.pod()).setPodUid(r.podUid()).setVerdict(r.verdict())
                    .setTraceUntil(r.traceUntil().map(Object::toString).orElse("")).setDeleteEndpoint(r.deleteEndpoint())
                    .setReason(r.reason()));
        }
        return out.build();
    }

    /** Thrown on a replica that does not lead; the gRPC adapter answers FAILED_PRECONDITION. */
    public static final class NotLeader extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotLeader(String message) {
            super(message);
        }
    }

    /** Thrown when the scan outlasts the caller's wait; the gRPC adapter answers DEADLINE_EXCEEDED. */
    public static final class ScanStillRunning extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ScanStillRunning(String message) {
            super(message);
        }
    }

    /** Runs a scan now and waits for it at most {@code wait}: a caller never holds a thread longer. */
    public TriggerGcResponse triggerGc(Duration wait) {
        GcStats s;
        try {
            s = gc.trigger().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalStateException notLeading) {
                throw new NotLeader(notLeading.getMessage());
            }
            throw new IllegalStateException("garbage collection scan failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the scan", e);
        } catch (TimeoutException e) {
            throw new ScanStillRunning("the garbage collection scan did not finish within " + wait
                    + "; it goes on, GcPreview shows what is left");
        }
        return TriggerGcResponse.newBuilder().setRecords(s.records()).setReleased(s.released()).setTraced(s.traced())
                .setSpared(s.spared()).setFailed(s.failed()).setEndpoints(s.endpoints()).build();
    }
}
