package io.spidernet.spiderpool.agent.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.spidernet.spiderpool.agent.ipam.EndpointRecord;
import io.spidernet.spiderpool.agent.ipam.NodeApi;
import io.spidernet.spiderpool.agent.ipam.NodeFailure;
import io.spidernet.spiderpool.agent.ipam.Replies;
import io.spidernet.spiderpool.agent.ipam.Workload;
import io.spidernet.spiderpool.kube.KubernetesEndpointStore;
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
import io.fabric8.kubernetes.client.KubernetesClient;
import io.spidernet.spiderpool.kube.KubernetesPoolStore;
import io.spidernet.spiderpool.core.allocation.AllocationEngine;
import io.spidernet.spiderpool.core.allocation.PoolStore;
import io.spidernet.spiderpool.core.allocation.RetryPolicy;
import io.spidernet.spiderpool.core.allocation.IpAllocation;
import io.spidernet.spiderpool.core.allocation.PodRef;
import io.spidernet.spiderpool.core.annotation.PoolNames;
import io.spidernet.spiderpool.core.cni.CniAttachment;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.error.IpamException;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ipam.IpamAnswer;
import io.spidernet.spiderpool.core.ipam.PodAllocator;
import io.spidernet.spiderpool.core.model.IPAllocationDetail;
import io.spidernet.spiderpool.core.model.PodIPAllocation;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.selection.Selection;
import io.spidernet.spiderpool.core.workload.PodLiveness;
import io.spidernet.spiderpool.core.workload.Validity;
import io.spidernet.spiderpool.core.workload.WorkloadIdentity;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The node API against the API server, with upstream's pod semantics (upstream-ipam §4.1, §4.7, §4.9,
 * §5.1): a pod is identified by its UID; a dead pod gets nothing; a live pod's DEL frees nothing; a
 * StatefulSet replica or KubeVirt VM keeps its addresses across pods while its slot is valid. Pools
 * are written through core's engine (compare-and-set on the pool's resourceVersion, one write per
 * batch of this agent's requests); the SpiderEndpoint records what each pod holds.
 */
public final class ClusterNodeService implements NodeApi {
    private static final Logger LOG = Logger.getLogger(ClusterNodeService.class);

    private final ClusterView cluster;
    private final KubernetesPoolStore poolApi;
    private final KubernetesEndpointStore endpoints;
    private final AllocationEngine engine;
    private final PodAllocator allocator;
    private final SpiderpoolConf conf;
    private final Settings settings;
    private final RecordLocks locks;
    private final NodePods pods;
    private final LongAdder autoPoolWaits = new LongAdder();
    private final ClusterAttachmentGc attachmentGc;

    /**
     * What the agent's configuration decides here.
     *
     * @param releaseConflictIps upstream {@code SPIDERPOOL_ENABLED_RELEASE_CONFLICT_IPS}
     * @param autoPoolWaits      looks for an application's auto-pool before giving up
     * @param autoPoolInterval   millis between looks
     * @param podsOfThisNodeOnly cache only this node's pods (others are read from the API when asked)
     */
    public record Settings(String nodeName, String spiderpoolNamespace, String clusterNetwork,
                           boolean releaseConflictIps, int autoPoolWaits, long autoPoolInterval,
                           String coordinatorName, boolean podsOfThisNodeOnly) {}

    /**
     * Fills the caches (waiting up to {@code cacheSync} for the first lists) and builds the service:
     * pools through {@link CachedPoolStore}, records through {@link KubernetesEndpointStore}.
     */
    public static ClusterNodeService open(KubernetesClient client, SpiderpoolConf conf, Settings settings,
                                          Duration cacheSync, RetryPolicy retry) {
        return open(client, conf, settings, cacheSync, retry, QueueWaits.NONE);
    }

    /** @param waits told how long each call waited for another call on the same record (the metrics) */
    public static ClusterNodeService open(KubernetesClient client, SpiderpoolConf conf, Settings settings,
                                          Duration cacheSync, RetryPolicy retry, QueueWaits waits) {
        ClusterCaches caches = ClusterCaches.start(client, settings.nodeName(), settings.podsOfThisNodeOnly(), cacheSync);
        KubernetesPoolStore poolApi = new KubernetesPoolStore(client);
        PoolStore pools = new CachedPoolStore(poolApi, caches::pool, caches.poolWrites());
        return new ClusterNodeService(new ClusterView(client, caches, conf, settings.nodeName()), poolApi,
                new KubernetesEndpointStore(client), new AllocationEngine(pools, retry, conf.maxAllocatedIPs()), conf, settings,
                waits);
    }

    private ClusterNodeService(ClusterView cluster, KubernetesPoolStore poolApi, KubernetesEndpointStore endpoints,
                               AllocationEngine engine, SpiderpoolConf conf, Settings settings, QueueWaits waits) {
        this.locks = new RecordLocks(waits);
        this.pods = new NodePods(cluster, settings.nodeName());
        this.cluster = cluster;
        this.poolApi = poolApi;
        this.endpoints = endpoints;
        this.engine = engine;
        this.allocator = new PodAllocator(engine, conf, settings.spiderpoolNamespace(), settings.clusterNetwork());
        this.conf = conf;
        this.settings = settings;
        this.attachmentGc = new ClusterAttachmentGc(cluster, endpoints, locks, settings.nodeName(), this::releaseLocked,
                this::release);
    }

    @Override
    public String describe() {
        return "kubernetes store (" + cluster.describe() + ")";
    }

    @Override
    public void close() {
        cluster.close();
    }

    @Override
    public long poolWrites() {
        return poolApi.writes();
    }

    @Override
    public long poolWriteConflicts() {
        return poolApi.conflicts();
    }

    @Override
    public long autoPoolWaits() {
        return autoPoolWaits.sum();
    }

    // ---------------------------------------------------------------- ADD

    /** CNI ADD: the addresses of every NIC the pod's record holds, allocating this NIC's when it has none. */
    @Override
    public AllocateResponse allocate(AllocateRequest req) {
        String nic = Workload.required(req.getIfName(), "if_name (CNI_IFNAME)");
        Pod pod = pods.live(req.getPod(), req.getContainerId());
        ClusterView.Owner owner = cluster.owner(pod);
        WorkloadIdentity identity = owner.identity();
        SpiderEndpoint record = locks.locked(Call.ALLOCATION, pod.getMetadata().getNamespace(), identity.endpointName(),
                () -> allocateLocked(req, nic, pod, owner));
        AllocateResponse.Builder out = AllocateResponse.newBuilder();
        for (IPAllocationDetail d : record.getStatus().current().ips()) {
            out.addAllIps(Replies.ipConfigs(d, conf)).addAllRoutes(Replies.routes(d));
        }
        return out.build();
    }

    private SpiderEndpoint allocateLocked(AllocateRequest req, String nic, Pod pod, ClusterView.Owner owner) {
        String ns = pod.getMetadata().getNamespace();
        String uid = pod.getMetadata().getUid();
        WorkloadIdentity identity = owner.identity();
        PodRef ref = new PodRef(ns, pod.getMetadata().getName(), uid);
        Optional<SpiderEndpoint> held = identity.keepsAddresses() ? cluster.endpointConfirmed(ns, identity.endpointName())
                : cluster.endpoint(ns, identity.endpointName());
        Optional<IPAllocationDetail> entry = held.flatMap(e -> nicOf(e, nic));
        if (held.isPresent() && identity.keepsAddresses() && entry.isPresent()) {
            Optional<SpiderEndpoint> kept = reuseFixed(req, nic, pod, owner, held.get(), entry.get());
            if (kept.isPresent()) {
                return kept.get();
            }
            held = Optional.empty(); // its NIC moved pools or lost its records: the record is rewritten below
        } else if (held.isPresent() && uid.equals(uidOf(held.get()))) {
            if (entry.isPresent()) {
                // the same pod asks again (another container, a new sandbox): same answer
                return attachmentGc.withAttachment(req, nic, pod, owner, held.get());
            }
        } else if (held.isPresent() && !identity.keepsAddresses()) {
            // an older pod of the same name: this name now belongs to another UID, so the old one is gone
            List<String> freed = release(held.get(), uidOf(held.get()), nics(held.get()));
            LOG.infof("pod %s/%s (uid %s) replaces an older pod of the same name (uid %s); released %s",
                    ns, pod.getMetadata().getName(), uid, uidOf(held.get()), freed);
        }
        IpamAnswer answer = allocateWaitingForAutoPool(request(req, nic, pod, owner));
        answer.warnings().forEach(w -> LOG.warnf("pod %s: %s", ref, w));
        List<IPAllocationDetail> details = Replies.details(answer);
        try {
            SpiderEndpoint written = endpoints.record(pod, identity, owner.top(), settings.nodeName(), details, held,
                    ClusterAttachmentGc.attachment(req, nic));
            cluster.endpointWritten(written);
            LOG.infof("pod %s NIC %s: allocated %s", ref, nic, details);
            return written;
        } catch (RuntimeException e) {
            // nothing half-written: addresses this call took are given back when the record cannot be written
            List<String> fresh = answer.allocations().stream().filter(IpAllocation::fresh).map(IpAllocation::pool).toList();
            try {
                engine.release(ref, fresh);
            } catch (RuntimeException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }

    /**
     * The static path of a StatefulSet replica or KubeVirt VM: its NIC is recorded already (perhaps under
     * a previous pod's UID). Empty when the NIC must be allocated afresh: the StatefulSet's pods now ask
     * for other pools (upstream since v0.9.4 moves it), or its records were freed meanwhile.
     */
    private Optional<SpiderEndpoint> reuseFixed(AllocateRequest req, String nic, Pod pod, ClusterView.Owner owner,
                                                SpiderEndpoint held, IPAllocationDetail entry) {
        String ns = pod.getMetadata().getNamespace();
        String oldUid = uidOf(held);
        PodRef ref = new PodRef(ns, pod.getMetadata().getName(), pod.getMetadata().getUid());
        if (owner.identity() instanceof WorkloadIdentity.StatefulSetPod) {
            Selection selection = allocator.select(request(req, nic, pod, owner).get(), cluster.snapshot());
            if (!stillCandidate(selection, nic, entry)) {
                List<String> freed = engine.release(new PodRef(ns, ref.name(), oldUid), EndpointRecord.poolsOf(entry)).stream()
                        .map(a -> a.pool() + "/" + a.address()).toList();
                LOG.infof("pod %s NIC %s: its pools changed since %s was recorded; released %s", ref, nic, entry, freed);
                return Optional.empty();
            }
        }
        List<IPAllocationDetail> all = nics(held);
        List<String> lost = engine.rebind(oldUid, ref, all.stream().flatMap(d -> EndpointRecord.poolsOf(d).stream()).toList());
        if (EndpointRecord.poolsOf(entry).stream().anyMatch(lost::contains)) {
            LOG.warnf("pod %s NIC %s: the fixed addresses %s are no longer recorded in their pools; allocating anew",
                    ref, nic, entry);
            return Optional.empty();
        }
        if (!oldUid.equals(ref.uid()) || !settings.nodeName().equals(held.getStatus().current().node())) {
            LOG.infof("pod %s NIC %s keeps its fixed addresses %s (previous pod uid %s)", ref, nic, entry, oldUid);
            SpiderEndpoint written = endpoints.record(pod, owner.identity(), owner.top(), settings.nodeName(), all,
                    Optional.of(held), ClusterAttachmentGc.attachment(req, nic));
            cluster.endpointWritten(written);
            return Optional.of(written);
        }
        return Optional.of(attachmentGc.withAttachment(req, nic, pod, owner, held));
    }

    private static boolean stillCandidate(Selection selection, String nic, IPAllocationDetail entry) {
        for (Selection.NicCandidates c : selection.nics()) {
            if (c.nic().equals(nic) || (c.nic().isEmpty() && selection.nics().size() == 1)) {
                return contains(c, IpFamily.V4, entry.ipv4Pool()) && contains(c, IpFamily.V6, entry.ipv6Pool());
            }
        }
        return false;
    }

    private static boolean contains(Selection.NicCandidates c, IpFamily family, String pool) {
        return pool == null || c.candidates().getOrDefault(family, List.of()).contains(pool);
    }

    /**
     * Standard allocation; an application's auto-pool (SpiderSubnet) may not exist yet because the
     * controller makes it when it sees the application, so the agent looks again, a bounded number of
     * times, as upstream does ({@code SPIDERPOOL_WAIT_SUBNET_POOL_*}).
     */
    private IpamAnswer allocateWaitingForAutoPool(Supplier<PodAllocator.Request> request) {
        for (int look = 1; ; look++) {
            try {
                return allocator.allocate(request.get(), cluster.snapshot());
            } catch (IpamException.AutoPoolNotReady e) {
                if (look >= settings.autoPoolWaits()) {
                    throw new IpamException.AutoPoolNotReady(e.getMessage() + "; waited " + look + " times "
                            + settings.autoPoolInterval() + " ms (SPIDERPOOL_WAIT_SUBNET_POOL_MAX_RETRIES,"
                            + " SPIDERPOOL_WAIT_SUBNET_POOL_TIME_IN_SECOND)");
                }
                if (look == 1) {
                    autoPoolWaits.increment();
                }
                sleep(settings.autoPoolInterval());
            }
        }
    }

    private Supplier<PodAllocator.Request> request(AllocateRequest req, String nic, Pod pod, ClusterView.Owner owner) {
        // a supplier, so each look for an auto-pool sees the namespace as it is now
        return () -> new PodAllocator.Request(nic, new PodRef(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                pod.getMetadata().getUid()), cluster.facts(pod, owner.top()), annotations(pod),
                cluster.namespaceAnnotations(pod.getMetadata().getNamespace()),
                new PoolNames(req.getDefaultIpv4IppoolList(), req.getDefaultIpv6IppoolList()), req.getCleanGateway());
    }

    private static java.util.Map<String, String> annotations(Pod pod) {
        return pod.getMetadata().getAnnotations() == null ? java.util.Map.of() : pod.getMetadata().getAnnotations();
    }

    // ---------------------------------------------------------------- DEL

    /**
     * CNI DEL (upstream-ipam §5.1): nothing is freed while the pod lives (the runtime only re-creates the
     * sandbox) or while a StatefulSet replica or VM keeps its slot; otherwise every address of the pod's
     * record goes back to its pool and the record is deleted. Nothing held is success.
     */
    @Override
    public ReleaseResponse release(ReleaseRequest req) {
        Workload.required(req.getContainerId(), "container_id (CNI_CONTAINERID)");
        String ns = req.getPod().getNamespace();
        String name = req.getPod().getName();
        if (ns.isEmpty() || name.isEmpty()) {
            return ReleaseResponse.getDefaultInstance(); // not a pod: nothing of ours (upstream skips too)
        }
        String uid = req.getPod().getUid();
        if (uid.isEmpty()) {
            // a name alone may be a newer pod's: nothing is freed on it (garbage collection frees what a gone
            // pod held), but DEL still succeeds, so that a runtime without K8S_POD_UID is not stuck retrying
            LOG.infof("DEL of pod %s/%s without a UID (K8S_POD_UID): nothing is freed; garbage collection frees"
                    + " the addresses of a gone pod", ns, name);
            return ReleaseResponse.getDefaultInstance();
        }
        Optional<Pod> pod = cluster.podFromApi(ns, name).filter(p -> uid.equals(p.getMetadata().getUid()));
        if (pod.isPresent()) {
            pods.requireThisNode(pod.get());
            if (PodLiveness.of(pod.get()).alive()) {
                LOG.debugf("DEL of live pod %s/%s: its addresses stay (sandbox re-creation)", ns, name);
                return ReleaseResponse.getDefaultInstance();
            }
        }
        String recordName = pod.map(p -> cluster.owner(p).identity().endpointName()).orElse(name);
        List<String> freed = locks.locked(Call.RELEASE, ns, recordName, () -> releaseLocked(ns, recordName, uid));
        return ReleaseResponse.newBuilder().addAllReleased(freed).build();
    }

    private List<String> releaseLocked(String ns, String recordName, String uid) {
        // a miss is checked with the API: a record another agent wrote may not have arrived yet
        Optional<SpiderEndpoint> held = cluster.endpointConfirmed(ns, recordName);
        if (held.isEmpty()) {
            return List.of();
        }
        Optional<Validity> fixed = cluster.fixedSlotValidity(held.get());
        if (fixed.isPresent() && fixed.get().valid()) {
            LOG.infof("DEL: %s/%s keeps its fixed addresses (%s)", ns, recordName, fixed.get().reason());
            return List.of();
        }
        if (!uid.equals(uidOf(held.get()))) {
            return List.of(); // the record is another pod's (a newer one of the same name)
        }
        String recordNode = held.get().getStatus().current().node();
        if (!settings.nodeName().equals(recordNode)) {
            // the pod's addresses are used on that node: only its agent (or garbage collection) frees them
            LOG.infof("%s/%s (uid %s) is recorded on node %s, not on this node %s: nothing is freed here",
                    ns, recordName, uid, recordNode, settings.nodeName());
            return List.of();
        }
        List<String> freed = release(held.get(), uid, nics(held.get()));
        Optional<SpiderEndpoint> unheld = endpoints.removeFinalizer(ns, recordName, held.get());
        if (ownedByPod(held.get())) {
            // as upstream: free of the finalizer, the record goes with its pod (Kubernetes' garbage collector)
            unheld.ifPresent(cluster::endpointWritten);
        } else {
            endpoints.delete(unheld.orElse(held.get()));
            cluster.endpointDeleted(ns, recordName);
        }
        LOG.infof("DEL: pod %s/%s (uid %s) released %s", ns, recordName, uid, freed);
        return freed;
    }

    /**
     * Conflict clean-up (upstream {@code DELETE /ipam/ips}): after the coordinator found an address in
     * use on the underlay, the pod's addresses are freed so that the retried ADD gets others. Refused,
     * each with its own failure kind, when switched off (upstream 521) and for fixed addresses (522).
     */
    @Override
    public ReleaseResponse releaseAll(ReleaseAllRequest req) {
        if (!settings.releaseConflictIps()) {
            throw new NodeFailure(Failure.Kind.CONFLICT_RELEASE_DISABLED, "releasing conflicting IPs is disabled"
                    + " (SPIDERPOOL_ENABLED_RELEASE_CONFLICT_IPS=false): pod " + req.getPod().getNamespace() + "/"
                    + req.getPod().getName() + " keeps its addresses");
        }
        Pod pod = pods.existing(req.getPod());
        ClusterView.Owner owner = cluster.owner(pod);
        if (owner.identity().keepsAddresses()) {
            throw new NodeFailure(Failure.Kind.CONFLICT_RELEASE_STATEFUL, "pod " + pod.getMetadata().getNamespace() + "/"
                    + pod.getMetadata().getName() + " has fixed addresses (" + owner.top().kind() + " "
                    + owner.top().name() + "); they are not released on conflict: free the address on the underlay");
        }
        String ns = pod.getMetadata().getNamespace();
        String recordName = owner.identity().endpointName();
        List<String> freed = locks.locked(Call.RELEASE, ns, recordName, () -> releaseLocked(ns, recordName, pod.getMetadata().getUid()));
        return ReleaseResponse.newBuilder().addAllReleased(freed).build();
    }

    /** CNI GC: see {@link ClusterAttachmentGc}. */
    @Override
    public GarbageCollectResponse garbageCollect(GarbageCollectRequest req) {
        Set<CniAttachment> valid = req.getValidAttachmentsList().stream()
                .map(a -> new CniAttachment(a.getContainerId(), a.getIfName())).collect(Collectors.toSet());
        return GarbageCollectResponse.newBuilder().addAllReleased(attachmentGc.collect(req.getNetwork(), valid)).build();
    }

    // ---------------------------------------------------------------- reads

    @Override
    public CheckResponse check(CheckRequest req) {
        String nic = Workload.required(req.getIfName(), "if_name (CNI_IFNAME)");
        Pod pod = pods.existing(req.getPod());
        String ns = pod.getMetadata().getNamespace();
        String recordName = cluster.owner(pod).identity().endpointName();
        IPAllocationDetail d = cluster.endpoint(ns, recordName)
                .filter(e -> pod.getMetadata().getUid().equals(uidOf(e)))
                .flatMap(e -> nicOf(e, nic))
                .orElseThrow(() -> new NodeFailure(Failure.Kind.NOT_FOUND, "no addresses are recorded for pod " + ns + "/"
                        + pod.getMetadata().getName() + " NIC " + nic + " (SpiderEndpoint " + recordName + ")"));
        return CheckResponse.newBuilder().addAllIps(Replies.ipConfigs(d, conf)).addAllRoutes(Replies.routes(d)).build();
    }

    @Override
    public HealthyResponse healthy(HealthyRequest req) {
        return HealthyResponse.newBuilder().setServing(true).setStore("kubernetes").build();
    }

    @Override
    public WorkloadEndpoint workloadEndpoint(GetWorkloadEndpointRequest req) {
        String ns = Workload.required(req.getPodNamespace(), "pod_namespace");
        String name = Workload.required(req.getPodName(), "pod_name");
        SpiderEndpoint ep = cluster.endpoint(ns, name).filter(e -> e.getStatus() != null && e.getStatus().current() != null)
                .orElseThrow(() -> new NodeFailure(Failure.Kind.NOT_FOUND, "no SpiderEndpoint " + ns + "/" + name));
        return Replies.workloadEndpoint(new EndpointRecord(ns, name, "", ep.getStatus().current()));
    }

    /** Served from the caches only, so that the coordinator's DEL never waits on the API server. */
    @Override
    public CoordinatorConfig coordinatorConfig(GetCoordinatorConfigRequest req) {
        String name = settings.coordinatorName();
        Pod pod = cluster.cachedPod(req.getPodNamespace(), req.getPodName())
                .orElseThrow(() -> CoordinatorConfigs.podMissing(req.getPodNamespace(), req.getPodName()));
        return CoordinatorConfigs.of(name, cluster.coordinator(name).orElse(null), pod.getMetadata().getAnnotations());
    }

    // ---------------------------------------------------------------- helpers

    /** Frees the pools of {@code nics} held by {@code uid}; records of other UIDs stay. */
    private List<String> release(SpiderEndpoint ep, String uid, Collection<IPAllocationDetail> nics) {
        List<String> pools = nics.stream().flatMap(d -> EndpointRecord.poolsOf(d).stream()).distinct().toList();
        return engine.release(new PodRef(ep.getMetadata().getNamespace(), ep.getMetadata().getName(), uid), pools).stream()
                .map(a -> a.pool() + "/" + a.address()).toList();
    }

    private static boolean ownedByPod(SpiderEndpoint ep) {
        return ep.getMetadata().getOwnerReferences() != null
                && ep.getMetadata().getOwnerReferences().stream().anyMatch(r -> "Pod".equals(r.getKind()));
    }

    private static String uidOf(SpiderEndpoint ep) {
        PodIPAllocation current = ep.getStatus() == null ? null : ep.getStatus().current();
        return current == null ? "" : current.uid();
    }

    private static List<IPAllocationDetail> nics(SpiderEndpoint ep) {
        PodIPAllocation current = ep.getStatus() == null ? null : ep.getStatus().current();
        return current == null || current.ips() == null ? List.of() : current.ips();
    }

    private static Optional<IPAllocationDetail> nicOf(SpiderEndpoint ep, String nic) {
        return nics(ep).stream().filter(d -> nic.equals(d.nic())).findFirst();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeFailure(Failure.Kind.NOT_READY, "interrupted while waiting for an application pool");
        }
    }
}
