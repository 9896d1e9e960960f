package io.spidernet.spiderpool.agent.ipam;

import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.CheckRequest;
import io.spidernet.spiderpool.api.agent.v1.CheckResponse;
import io.spidernet.spiderpool.api.agent.v1.CoordinatorConfig;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.GarbageCollectRequest;
import io.spidernet.spiderpool.api.agent.v1.GarbageCollectResponse;
import io.spidernet.spiderpool.api.agent.v1.GetCoordinatorConfigRequest;
import io.spidernet.spiderpool.api.agent.v1.GetWorkloadEndpointRequest;
import io.spidernet.spiderpool.api.agent.v1.HealthyRequest;
import io.spidernet.spiderpool.api.agent.v1.HealthyResponse;
import io.spidernet.spiderpool.api.agent.v1.ReleaseAllRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseResponse;
import io.spidernet.spiderpool.api.agent.v1.WorkloadEndpoint;
import io.spidernet.spiderpool.core.allocation.AllocationEngine;
import io.spidernet.spiderpool.core.allocation.PodRef;
import io.spidernet.spiderpool.core.annotation.PoolNames;
import io.spidernet.spiderpool.core.cni.CniAttachment;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.gc.StaleAttachments;
import io.spidernet.spiderpool.core.gc.StaleAttachments.RecordedNic;
import io.spidernet.spiderpool.core.ipam.IpamAnswer;
import io.spidernet.spiderpool.core.ipam.PodAllocator;
import io.spidernet.spiderpool.core.model.IPAllocationDetail;
import io.spidernet.spiderpool.core.model.PodIPAllocation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The node API, implemented once and served both on the CNI socket and as gRPC. Allocation is
 * core's {@link PodAllocator}; this class adds what a node needs around it: who the call is about,
 * the endpoint record that makes ADD idempotent and tells DEL and CHECK what a container holds,
 * and one unit of work per mutation. Every call either answers or throws; the transports turn a
 * throw into a {@link Failure} with {@link Failures}.
 */
public final class NodeService implements NodeApi {
    private static final Logger LOG = Logger.getLogger(NodeService.class);

    private final NodeStore store;
    private final PodAllocator allocator;
    private final AllocationEngine engine;
    private final PodContext.Source pods;
    private final SpiderpoolConf conf;
    private final String nodeName;
    private final Supplier<CoordinatorConfig> coordinator;

    /** @param coordinator the coordinator plugin's settings, asked per call (the local store's come from its files) */
    public NodeService(NodeStore store, AllocationEngine engine, PodContext.Source pods, SpiderpoolConf conf,
                       String spiderpoolNamespace, String nodeName, Supplier<CoordinatorConfig> coordinator) {
        this.store = store;
        this.engine = engine;
        this.allocator = new PodAllocator(engine, conf, spiderpoolNamespace, null);
        this.pods = pods;
        this.conf = conf;
        this.nodeName = nodeName;
        this.coordinator = coordinator;
    }

    @Override
    public String describe() {
        return store.kind() + " store" + store.describe();
    }

    @Override
    public void close() {
        if (store instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close the " + store.kind() + " store: " + e.getMessage(), e);
            }
        }
    }

    /** CNI ADD: the addresses of every NIC of the workload, allocating this NIC's when it has none yet. */
    @Override
    public AllocateResponse allocate(AllocateRequest req) {
        Workload w = Workload.of(req.getContainerId(), req.getPod());
        String nic = Workload.required(req.getIfName(), "if_name (CNI_IFNAME)");
        EndpointRecord record = store.mutation(() -> {
            Optional<EndpointRecord> held = current(w);
            if (held.isPresent() && held.get().nic(nic).isPresent()) {
                EndpointRecord same = held.get().withNics(List.of(), w.containerId()).withNetwork(nic, req.getNetwork());
                if (!same.equals(held.get())) {
                    store.putEndpoint(same); // a new sandbox of the same pod keeps its addresses
                }
                return same;
            }
            IpamAnswer answer = allocator.allocate(request(w, nic, req), store.snapshot());
            answer.warnings().forEach(warning -> LOG.warnf("%s: %s", w, warning));
            List<IPAllocationDetail> details = Replies.details(answer);
            EndpointRecord next = held.map(e -> e.withNics(details, w.containerId())).orElseGet(() ->
                    new EndpointRecord(w.namespace(), w.name(), w.containerId(), new PodIPAllocation(w.uid(), nodeName, details)))
                    .withNetwork(nic, req.getNetwork());
            store.putEndpoint(next);
            LOG.infof("%s NIC %s: allocated %s", w, nic, details.stream().flatMap(d -> Replies.ipConfigs(d, conf).stream())
                    .map(ip -> ip.getAddress() + " from " + ip.getIpPool()).toList());
            return next;
        });
        AllocateResponse.Builder out = AllocateResponse.newBuilder();
        for (IPAllocationDetail d : record.nics()) {
            out.addAllIps(Replies.ipConfigs(d, conf)).addAllRoutes(Replies.routes(d));
        }
        return out.build();
    }

    private PodAllocator.Request request(Workload w, String nic, AllocateRequest req) {
        PodContext ctx = pods.of(w);
        return new PodAllocator.Request(nic, w.ref(), ctx.facts(), ctx.podAnnotations(), ctx.namespaceAnnotations(),
                new PoolNames(req.getDefaultIpv4IppoolList(), req.getDefaultIpv6IppoolList()), req.getCleanGateway());
    }

    /**
     * The record of this workload, after dropping one left by an older workload of the same name
     * (a re-created pod has a new UID). Upstream leaves that one's addresses to garbage collection;
     * the local store has none, so they are released here, in the same unit of work.
     */
    private Optional<EndpointRecord> current(Workload w) {
        Optional<EndpointRecord> held = store.endpoint(w.namespace(), w.name());
        if (held.isPresent() && !held.get().uid().equals(w.uid())) {
            List<String> freed = release(held.get(), held.get().nics());
            store.removeEndpoint(w.namespace(), w.name());
            LOG.infof("%s replaces an older workload of the same name (uid %s); released %s", w, held.get().uid(), freed);
            return Optional.empty();
        }
        return held;
    }

    /**
     * CNI DEL of one NIC. Idempotent: nothing held is success. Only this NIC's addresses are freed
     * (upstream frees the whole pod on the first DEL because in a cluster DEL means the pod is going;
     * without a cluster one network of several may be detached), and a DEL from another sandbox than
     * the one that last allocated (a late DEL of a replaced sandbox) frees nothing.
     */
    @Override
    public ReleaseResponse release(ReleaseRequest req) {
        Workload w = Workload.of(req.getContainerId(), req.getPod());
        String nic = Workload.required(req.getIfName(), "if_name (CNI_IFNAME)");
        List<String> released = store.mutation(() -> {
            Optional<EndpointRecord> held = heldBy(w);
            Optional<IPAllocationDetail> detail = held.flatMap(e -> e.nic(nic));
            if (detail.isEmpty()) {
                return List.<String>of();
            }
            EndpointRecord rest = held.get().withoutNic(nic);
            List<String> freed = release(held.get(), List.of(detail.get()));
            if (rest.nics().isEmpty()) {
                store.removeEndpoint(w.namespace(), w.name());
            } else {
                store.putEndpoint(rest);
            }
            LOG.infof("%s NIC %s: released %s", w, nic, freed);
            return freed;
        });
        return ReleaseResponse.newBuilder().addAllReleased(released).build();
    }

    /** Every address of the workload, after an IP conflict or an unreachable gateway failed the ADD. */
    @Override
    public ReleaseResponse releaseAll(ReleaseAllRequest req) {
        Workload w = Workload.of(req.getContainerId(), req.getPod());
        List<String> released = store.mutation(() -> heldBy(w).map(e -> {
            List<String> freed = release(e, e.nics());
            store.removeEndpoint(w.namespace(), w.name());
            LOG.infof("%s: released every NIC: %s", w, freed);
            return freed;
        }).orElse(List.of()));
        return ReleaseResponse.newBuilder().addAllReleased(released).build();
    }

    /**
     * CNI GC: every NIC {@link StaleAttachments} judges stale is released as its DEL would release it,
     * in one unit of work; the other NICs of its record stay.
     */
    @Override
    public GarbageCollectResponse garbageCollect(GarbageCollectRequest req) {
        String network = req.getNetwork();
        Set<CniAttachment> valid = req.getValidAttachmentsList().stream()
                .map(a -> new CniAttachment(a.getContainerId(), a.getIfName())).collect(Collectors.toSet());
        List<String> released = store.mutation(() -> {
            List<String> freed = new ArrayList<>();
            for (EndpointRecord e : store.endpoints()) {
                List<IPAllocationDetail> stale = e.nics().stream().filter(d -> StaleAttachments.isStale(
                        new RecordedNic(e.containerId(), d.nic(), e.networks().get(d.nic()), e.current().node()),
                        network, nodeName, valid)).toList();
                if (!stale.isEmpty()) {
                    freed.addAll(releaseStale(e, stale));
                }
            }
            return freed;
        });
        LOG.infof("GC of network %s (%d valid attachments): released %s", network, valid.size(), released);
        return GarbageCollectResponse.newBuilder().addAllReleased(released).build();
    }

    private List<String> releaseStale(EndpointRecord e, List<IPAllocationDetail> stale) {
        List<String> freed = release(e, stale);
        EndpointRecord rest = e;
        for (IPAllocationDetail d : stale) {
            rest = rest.withoutNic(d.nic());
        }
        if (rest.nics().isEmpty()) {
            store.removeEndpoint(e.namespace(), e.name());
        } else {
            store.putEndpoint(rest);
        }
        return freed;
    }

    /** CNI CHECK: what is recorded for this container and NIC. */
    @Override
    public CheckResponse check(CheckRequest req) {
        Workload w = Workload.of(req.getContainerId(), req.getPod());
        String nic = Workload.required(req.getIfName(), "if_name (CNI_IFNAME)");
        IPAllocationDetail d = heldBy(w).flatMap(e -> e.nic(nic)).orElseThrow(() -> new NodeFailure(Failure.Kind.NOT_FOUND,
                "no addresses are recorded for " + w + " NIC " + nic + "; run ADD for it first"));
        return CheckResponse.newBuilder().addAllIps(Replies.ipConfigs(d, conf)).addAllRoutes(Replies.routes(d)).build();
    }

    @Override
    public HealthyResponse healthy(HealthyRequest req) {
        return HealthyResponse.newBuilder().setServing(true).setStore(store.kind()).build();
    }

    @Override
    public WorkloadEndpoint workloadEndpoint(GetWorkloadEndpointRequest req) {
        String ns = Workload.required(req.getPodNamespace(), "pod_namespace");
        String name = Workload.required(req.getPodName(), "pod_name");
        return store.endpoint(ns, name).map(Replies::workloadEndpoint).orElseThrow(() -> new NodeFailure(
                Failure.Kind.NOT_FOUND, "no endpoint is recorded for " + ns + "/" + name));
    }

    /** The same for every pod: without a cluster there are no pod annotations to consult. */
    @Override
    public CoordinatorConfig coordinatorConfig(GetCoordinatorConfigRequest req) {
        return coordinator.get();
    }

    /** The record, if it belongs to this workload and to the sandbox asking. */
    private Optional<EndpointRecord> heldBy(Workload w) {
        return store.endpoint(w.namespace(), w.name())
                .filter(e -> e.uid().equals(w.uid()) && w.containerId().equals(e.containerId()));
    }

    /**
     * Frees the pools of {@code nics}, except pools another NIC of the record still uses: the
     * ledger holds one address per pod UID and pool, so two NICs on one pool share that record.
     */
    private List<String> release(EndpointRecord e, Collection<IPAllocationDetail> nics) {
        Set<String> leaving = nics.stream().map(IPAllocationDetail::nic).collect(Collectors.toSet());
        Set<String> stillUsed = e.nics().stream().filter(d -> !leaving.contains(d.nic()))
                .flatMap(d -> EndpointRecord.poolsOf(d).stream()).collect(Collectors.toSet());
        List<String> pools = nics.stream().flatMap(d -> EndpointRecord.poolsOf(d).stream()).filter(p -> !stillUsed.contains(p)).toList();
        return engine.release(new PodRef(e.namespace(), e.name(), e.uid()), pools).stream()
                .map(a -> a.pool() + "/" + a.address()).toList();
    }
}
