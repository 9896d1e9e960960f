package io.spidernet.spiderpool.agent.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.spidernet.spiderpool.agent.ipam.EndpointRecord;
import io.spidernet.spiderpool.agent.ipam.NodeApi;
import io.spidernet.spiderpool.kube.EndpointAttachments;
import io.spidernet.spiderpool.kube.EndpointAttachments.NicAttachment;
import io.spidernet.spiderpool.kube.KubernetesEndpointStore;
import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.core.cni.CniAttachment;
import io.spidernet.spiderpool.core.gc.StaleAttachments;
import io.spidernet.spiderpool.core.gc.StaleAttachments.RecordedNic;
import io.spidernet.spiderpool.core.model.IPAllocationDetail;
import io.spidernet.spiderpool.core.model.PodIPAllocation;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.workload.PodLiveness;
import io.spidernet.spiderpool.core.workload.Validity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * CNI GC against the API server. It takes the SpiderEndpoints of
 * this node whose NICs {@link StaleAttachments} judges stale for the network, then DEL's rules per record: a live pod keeps everything (its sandbox
 * is being re-created), a StatefulSet's or VM's valid slot keeps its fixed addresses. A record whose
 * every NIC is stale is released as DEL releases it; otherwise only the stale NICs leave the record
 * (rewritten first, at the version read, so that a lost race frees nothing) and then their pools.
 */
final class ClusterAttachmentGc {
    private static final Logger LOG = Logger.getLogger(ClusterAttachmentGc.class);

    /** DEL's release of a whole record (under its lock): the addresses freed, "pool/address". */
    @FunctionalInterface
    interface RecordRelease {
        List<String> release(String namespace, String recordName, String uid);
    }

    /** Frees the pools of these NICs held by uid: "pool/address" of each. */
    @FunctionalInterface
    interface PoolRelease {
        List<String> release(SpiderEndpoint ep, String uid, Collection<IPAllocationDetail> nics);
    }

    private final ClusterView cluster;
    private final KubernetesEndpointStore endpoints;
    private final RecordLocks locks;
    private final String nodeName;
    private final RecordRelease wholeRecord;
    private final PoolRelease pools;

    ClusterAttachmentGc(ClusterView cluster, KubernetesEndpointStore endpoints, RecordLocks locks, String nodeName,
                        RecordRelease wholeRecord, PoolRelease pools) {
        this.cluster = cluster;
        this.endpoints = endpoints;
        this.locks = locks;
        this.nodeName = nodeName;
        this.wholeRecord = wholeRecord;
        this.pools = pools;
    }

    List<String> collect(String network, Set<CniAttachment> valid) {
        List<String> freed = new ArrayList<>();
        for (SpiderEndpoint candidate : cluster.endpoints()) {
            if (stale(candidate, network, valid).isEmpty() || podAlive(candidate)) {
                continue;
            }
            String ns = candidate.getMetadata().getNamespace();
            String name = candidate.getMetadata().getName();
            freed.addAll(locks.locked(NodeApi.Call.RELEASE, ns, name, () -> collectLocked(ns, name, uidOf(candidate),
                    network, valid)));
        }
        return freed;
    }

    /** Judged again on the newest copy, under the record's lock: an ADD may have changed it since the scan. */
    private List<String> collectLocked(String ns, String name, String uid, String network, Set<CniAttachment> valid) {
        Optional<SpiderEndpoint> held = cluster.endpointConfirmed(ns, name).filter(e -> uid.equals(uidOf(e)));
        List<IPAllocationDetail> stale = held.map(e -> stale(e, network, valid)).orElse(List.of());
        if (stale.isEmpty()) {
            return List.of();
        }
        if (stale.size() == nics(held.get()).size()) {
            List<String> freed = wholeRecord.release(ns, name, uid);
            LOG.infof("GC of network %s: %s/%s (uid %s) had only stale attachments; released %s", network, ns, name, uid, freed);
            return freed;
        }
        Optional<Validity> fixed = cluster.fixedSlotValidity(held.get());
        if (fixed.isPresent() && fixed.get().valid()) {
            return List.of();
        }
        Set<String> leaving = stale.stream().map(IPAllocationDetail::nic).collect(Collectors.toSet());
        Optional<SpiderEndpoint> rest = endpoints.withoutNics(held.get(), leaving);
        if (rest.isEmpty()) {
            return List.of(); // changed since read: the next GC judges it again
        }
        cluster.endpointWritten(rest.get());
        Set<String> stillUsed = nics(rest.get()).stream().flatMap(d -> poolsOf(d).stream()).collect(Collectors.toSet());
        List<IPAllocationDetail> freeing = stale.stream().filter(d -> poolsOf(d).stream().noneMatch(stillUsed::contains))
                .toList();
        List<String> freed = pools.release(held.get(), uid, freeing);
        LOG.infof("GC of network %s: %s/%s NICs %s were stale; released %s", network, ns, name, leaving, freed);
        return freed;
    }

    private List<IPAllocationDetail> stale(SpiderEndpoint ep, String network, Set<CniAttachment> valid) {
        Map<String, NicAttachment> attachments = EndpointAttachments.of(ep);
        PodIPAllocation current = ep.getStatus() == null ? null : ep.getStatus().current();
        if (current == null || attachments.isEmpty()) {
            return List.of();
        }
        return nics(ep).stream().filter(d -> {
            NicAttachment a = attachments.get(d.nic());
            return a != null && StaleAttachments.isStale(new RecordedNic(a.containerId(), d.nic(), a.network(), current.node()),
                    network, nodeName, valid);
        }).toList();
    }

    /** As DEL decides: on the API server's pod of that name and UID, never on a cache that may lag a deletion. */
    private boolean podAlive(SpiderEndpoint ep) {
        String uid = uidOf(ep);
        return cluster.podFromApi(ep.getMetadata().getNamespace(), ep.getMetadata().getName())
                .filter(p -> uid.equals(p.getMetadata().getUid())).map(p -> PodLiveness.of(p).alive()).orElse(false);
    }

    private static List<String> poolsOf(IPAllocationDetail d) {
        return EndpointRecord.poolsOf(d);
    }
    private static String uidOf(SpiderEndpoint ep) {
        return ClusterRecords.viewOf(ep).uid();
    }

    private static List<IPAllocationDetail> nics(SpiderEndpoint ep) {
        return ClusterRecords.viewOf(ep).nics();
    }
}
