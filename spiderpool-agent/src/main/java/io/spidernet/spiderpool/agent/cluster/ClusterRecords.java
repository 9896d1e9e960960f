package io.spidernet.spiderpool.agent.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.spidernet.spiderpool.agent.ipam.EndpointRecord;
import io.spidernet.spiderpool.agent.ipam.EndpointRecords;
import io.spidernet.spiderpool.agent.ipam.NodeApi;
import io.spidernet.spiderpool.agent.ipam.Subject;
import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.core.model.IPAllocationDetail;
import io.spidernet.spiderpool.core.model.PodIPAllocation;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.workload.Validity;
import io.spidernet.spiderpool.kube.EndpointAttachments;
import io.spidernet.spiderpool.kube.EndpointAttachments.NicAttachment;
import io.spidernet.spiderpool.kube.KubernetesEndpointStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Endpoint records as SpiderEndpoints: read through the agent's caches (confirmed with the API on a
 * miss where it matters), written at the version read, one call per record at a time in this agent.
 */
final class ClusterRecords implements EndpointRecords<ClusterPods.Found, SpiderEndpoint> {
    private final ClusterView cluster;
    private final KubernetesEndpointStore endpoints;
    private final RecordLocks locks;
    private final String nodeName;

    ClusterRecords(ClusterView cluster, KubernetesEndpointStore endpoints, RecordLocks locks, String nodeName) {
        this.cluster = cluster;
        this.endpoints = endpoints;
        this.locks = locks;
        this.nodeName = nodeName;
    }

    @Override
    public <T> T unit(NodeApi.Call call, String namespace, String recordName, Supplier<T> work) {
        return locks.locked(call, namespace, recordName, work);
    }

    @Override
    public Optional<SpiderEndpoint> read(String namespace, String recordName, boolean confirmed) {
        return confirmed ? cluster.endpointConfirmed(namespace, recordName) : cluster.endpoint(namespace, recordName);
    }

    @Override
    public EndpointRecord view(SpiderEndpoint ep) {
        return viewOf(ep);
    }

    /** The record as the node flow sees it; a record without status names no pod and holds nothing. */
    static EndpointRecord viewOf(SpiderEndpoint ep) {
        PodIPAllocation current = ep.getStatus() == null ? null : ep.getStatus().current();
        PodIPAllocation held = current == null ? new PodIPAllocation("", "", List.of())
                : new PodIPAllocation(current.uid(), current.node(), current.ips() == null ? List.of() : current.ips());
        return new EndpointRecord(ep.getMetadata().getNamespace(), ep.getMetadata().getName(), "", held);
    }

    @Override
    public Optional<Validity> fixedSlot(SpiderEndpoint ep) {
        return cluster.fixedSlotValidity(ep);
    }

    @Override
    public SpiderEndpoint repeated(Subject<ClusterPods.Found> s, SpiderEndpoint held, AllocateRequest req, String nic) {
        return withAttachment(req, nic, s.handle().pod(), s.handle().owner(), held);
    }

    @Override
    public SpiderEndpoint write(Subject<ClusterPods.Found> s, Optional<SpiderEndpoint> held, List<IPAllocationDetail> nics,
                                AllocateRequest req, String nic) {
        ClusterView.Owner owner = s.handle().owner();
        SpiderEndpoint written = endpoints.record(s.handle().pod(), owner.identity(), owner.top(), nodeName, nics, held,
                attachment(req, nic));
        cluster.endpointWritten(written);
        return written;
    }

    /**
     * All NICs gone: the finalizer comes off; a record owned by its pod then goes with the pod (Kubernetes'
     * garbage collector, as upstream), any other is deleted at the version judged. Some NICs left: the
     * record is rewritten without the others.
     */
    @Override
    public void released(SpiderEndpoint held, EndpointRecord rest) {
        String ns = held.getMetadata().getNamespace();
        String name = held.getMetadata().getName();
        if (!rest.nics().isEmpty()) {
            Set<String> kept = rest.nics().stream().map(IPAllocationDetail::nic).collect(Collectors.toSet());
            Set<String> leaving = viewOf(held).nics().stream().map(IPAllocationDetail::nic).filter(n -> !kept.contains(n))
                    .collect(Collectors.toSet());
            endpoints.withoutNics(held, leaving).ifPresent(cluster::endpointWritten);
            return;
        }
        Optional<SpiderEndpoint> unheld = endpoints.removeFinalizer(ns, name, held);
        if (ownedByPod(held)) {
            unheld.ifPresent(cluster::endpointWritten);
        } else {
            endpoints.delete(unheld.orElse(held));
            cluster.endpointDeleted(ns, name);
        }
    }

    /**
     * The record, with this NIC's CNI attachment written once if it has none: the pod's first ADD
     * allocates every NIC, so a NIC's own ADD may come after its addresses; without the attachment GC
     * would never consider the NIC. A NIC with one keeps it: no write per sandbox re-creation.
     */
    private SpiderEndpoint withAttachment(AllocateRequest req, String nic, Pod pod, ClusterView.Owner owner, SpiderEndpoint held) {
        if (req.getNetwork().isEmpty() || EndpointAttachments.of(held).containsKey(nic)) {
            return held;
        }
        SpiderEndpoint written = endpoints.record(pod, owner.identity(), owner.top(), nodeName, List.of(),
                Optional.of(held), attachment(req, nic));
        cluster.endpointWritten(written);
        return written;
    }

    /** What GC needs to know of this NIC; nothing when the plugin sent no network name (an older plugin). */
    static Map<String, NicAttachment> attachment(AllocateRequest req, String nic) {
        return req.getNetwork().isEmpty() ? Map.of() : Map.of(nic, new NicAttachment(req.getNetwork(), req.getContainerId()));
    }

    private static boolean ownedByPod(SpiderEndpoint ep) {
        return ep.getMetadata().getOwnerReferences() != null
                && ep.getMetadata().getOwnerReferences().stream().anyMatch(r -> "Pod".equals(r.getKind()));
    }
}
