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
import io.spidernet.spiderpool.core.cni.CniAttachment;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.gc.StaleAttachments;
import io.spidernet.spiderpool.core.gc.StaleAttachments.RecordedNic;
import io.spidernet.spiderpool.core.ipam.PodAllocator;
import io.spidernet.spiderpool.core.model.IPAllocationDetail;
import java.util.ArrayList;
import java.util.List;
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
    private final NodeFlow<Workload, EndpointRecord> flow;
    private final String nodeName;
    private final Supplier<CoordinatorConfig> coordinator;

    /** @param coordinator the coordinator plugin's settings, asked per call (the local store's come from its files) */
    public NodeService(NodeStore store, AllocationEngine engine, PodContext.Source pods, SpiderpoolConf conf,
                       String spiderpoolNamespace, String nodeName, Supplier<CoordinatorConfig> coordinator) {
        this.store = store;
        this.flow = new NodeFlow<>(new LocalPods(pods), new LocalRecords(store, nodeName), engine,
                new PodAllocator(engine, conf, spiderpoolNamespace, null), store::snapshot, conf, nodeName,
                NodeFlow.AutoPoolWait.NONE);
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
        return flow.allocate(req);
    }

    /**
     * CNI DEL of one NIC. Idempotent: nothing held is success. Only this NIC's addresses are freed
     * (upstream frees the whole pod on the first DEL because in a cluster DEL means the pod is going;
     * without a cluster one network of several may be detached), and a DEL from another sandbox than
     * the one that last allocated (a late DEL of a replaced sandbox) frees nothing.
     */
    @Override
    public ReleaseResponse release(ReleaseRequest req) {
        return flow.release(req);
    }

    /** Every address of the workload, after an IP conflict or an unreachable gateway failed the ADD. */
    @Override
    public ReleaseResponse releaseAll(ReleaseAllRequest req) {
        return flow.releaseAll(req);
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
        List<String> freed = flow.free(e, stale);
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
        return flow.check(req);
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
}
