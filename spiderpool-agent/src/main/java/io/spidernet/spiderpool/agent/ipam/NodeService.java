package io.spidernet.spiderpool.agent.ipam;

import io.spidernet.spiderpool.api.agent.v1.CoordinatorConfig;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.GarbageCollectRequest;
import io.spidernet.spiderpool.api.agent.v1.GarbageCollectResponse;
import io.spidernet.spiderpool.api.agent.v1.GetCoordinatorConfigRequest;
import io.spidernet.spiderpool.api.agent.v1.GetWorkloadEndpointRequest;
import io.spidernet.spiderpool.api.agent.v1.HealthyRequest;
import io.spidernet.spiderpool.api.agent.v1.HealthyResponse;
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
 * The node API without a cluster, on the local store: ADD, DEL, CHECK and ReleaseAll are the
 * {@link NodeFlow} over {@link LocalPods} (the request is all there is) and {@link LocalRecords} (the
 * state file, one store mutation per call). A DEL frees one NIC, and only for the sandbox that
 * allocated it: upstream frees the whole pod on the first DEL because in a cluster DEL means the pod
 * is going, while without a cluster one network of several may be detached. Every call either answers
 * or throws; the transports turn a throw into a {@link Failure} with {@link Failures}.
 */
public final class NodeService extends FlowNodeApi<Workload, EndpointRecord> {
    private static final Logger LOG = Logger.getLogger(NodeService.class);

    private final NodeStore store;
    private final String nodeName;
    private final Supplier<CoordinatorConfig> coordinator;

    /** @param coordinator the coordinator plugin's settings, asked per call (the local store's come from its files) */
    public NodeService(NodeStore store, AllocationEngine engine, PodContext.Source pods, SpiderpoolConf conf,
                       String spiderpoolNamespace, String nodeName, Supplier<CoordinatorConfig> coordinator) {
        super(new NodeFlow<>(new LocalPods(pods), new LocalRecords(store, nodeName), engine,
                new PodAllocator(engine, conf, spiderpoolNamespace, null), store::snapshot, conf, nodeName,
                NodeFlow.AutoPoolWait.NONE));
        this.store = store;
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
