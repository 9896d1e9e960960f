package io.spidernet.spiderpool.agent.ipam;

import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.CheckRequest;
import io.spidernet.spiderpool.api.agent.v1.CheckResponse;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.ReleaseAllRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseResponse;
import io.spidernet.spiderpool.agent.ipam.PodSource.ReleaseScope;
import io.spidernet.spiderpool.core.allocation.AllocationEngine;
import io.spidernet.spiderpool.core.allocation.IpAllocation;
import io.spidernet.spiderpool.core.allocation.PodRef;
import io.spidernet.spiderpool.core.annotation.PoolNames;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.error.IpamException;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ipam.IpamAnswer;
import io.spidernet.spiderpool.core.ipam.PodAllocator;
import io.spidernet.spiderpool.core.model.IPAllocationDetail;
import io.spidernet.spiderpool.core.selection.Selection;
import io.spidernet.spiderpool.core.workload.HeldRecord;
import io.spidernet.spiderpool.core.workload.Validity;
import io.spidernet.spiderpool.core.workload.WorkloadIdentity;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The node's ADD, DEL, CHECK and ReleaseAll, written once for both stores. Who a call is about comes
 * from a {@link PodSource}; what each pod holds lives in {@link EndpointRecords}; pools are written by
 * core's engine. ADD judges what is filed under the pod's record name ({@link HeldRecord}) and acts on
 * that verdict; DEL and ReleaseAll free what the source's {@link ReleaseScope} allows.
 *
 * @param <P> the source's view of a pod
 * @param <R> the record store's own record
 */
public final class NodeFlow<P, R> {
    private static final Logger LOG = Logger.getLogger(NodeFlow.class);

    private final PodSource<P> pods;
    private final EndpointRecords<P, R> records;
    private final AllocationEngine engine;
    private final PodAllocator allocator;
    private final Supplier<PodAllocator.Snapshot> snapshot;
    private final SpiderpoolConf conf;
    private final String nodeName;
    private final AutoPoolWait autoPool;
    private final LongAdder autoPoolWaits = new LongAdder();

    /**
     * How often ADD looks again for an application's auto-pool that the controller has not made yet
     * (upstream's {@code SPIDERPOOL_WAIT_SUBNET_POOL_*}); {@link #NONE} where nobody makes them.
     */
    public record AutoPoolWait(int looks, long intervalMillis) {
        public static final AutoPoolWait NONE = new AutoPoolWait(0, 0);
    }

    public NodeFlow(PodSource<P> pods, EndpointRecords<P, R> records, AllocationEngine engine, PodAllocator allocator,
                    Supplier<PodAllocator.Snapshot> snapshot, SpiderpoolConf conf, String nodeName, AutoPoolWait autoPool) {
        this.pods = pods;
        this.records = records;
        this.engine = engine;
        this.allocator = allocator;
        this.snapshot = snapshot;
        this.conf = conf;
        this.nodeName = nodeName;
        this.autoPool = autoPool;
    }

    /** ADDs that had to wait for an auto-pool. */
    public long autoPoolWaits() {
        return autoPoolWaits.sum();
    }

    // ---------------------------------------------------------------- ADD

    /** CNI ADD: the addresses of every NIC the pod's record holds, allocating this NIC's when it has none. */
    public AllocateResponse allocate(AllocateRequest req) {
        String nic = Workload.required(req.getIfName(), "if_name (CNI_IFNAME)");
        Subject<P> s = pods.forAdd(req);
        R record = records.unit(NodeApi.Call.ALLOCATION, s.namespace(), s.recordName(), () -> allocateIn(s, req, nic));
        AllocateResponse.Builder out = AllocateResponse.newBuilder();
        for (IPAllocationDetail d : records.view(record).nics()) {
            out.addAllIps(Replies.ipConfigs(d, conf)).addAllRoutes(Replies.routes(d));
        }
        return out.build();
    }

    private R allocateIn(Subject<P> s, AllocateRequest req, String nic) {
        boolean keeps = s.identity().keepsAddresses();
        // a fixed slot's record may come from another node's agent just now: a miss is confirmed
        Optional<R> held = records.read(s.namespace(), s.recordName(), keeps);
        Optional<EndpointRecord> view = held.map(records::view);
        HeldRecord judged = HeldRecord.judge(s.uid(), keeps, view.map(EndpointRecord::uid),
                view.flatMap(v -> v.nic(nic)).isPresent());
        switch (judged) {
            case HeldRecord.SamePod same when same.nicRecorded() -> {
                // the same pod asks again (another container, a new sandbox): same answer, while its pools
                // still hold it. An ADD whose record write timed out gave its addresses back, yet the write
                // may have landed after all; by the retry those addresses may be another pod's.
                List<String> pools = view.orElseThrow().nic(nic).map(EndpointRecord::poolsOf).orElseThrow();
                List<String> lost = engine.rebind(s.uid(), s.pod(), pools);
                if (lost.isEmpty()) {
                    return records.repeated(s, held.orElseThrow(), req, nic);
                }
                LOG.warnf("%s NIC %s: its record names %s, but %s no longer hold it for this pod; allocating anew",
                        s, nic, view.get().nic(nic).orElseThrow(), lost);
            }
            case HeldRecord.FixedSlot slot when slot.nicRecorded() -> {
                Optional<R> kept = reuseFixed(s, req, nic, held.orElseThrow(), slot.previousUid());
                if (kept.isPresent()) {
                    return kept.get();
                }
                held = Optional.empty(); // its NIC moved pools or lost its records: the record is rewritten below
            }
            case HeldRecord.OlderPod older -> {
                // this name now belongs to another UID, so the older pod is gone (upstream leaves its
                // addresses to garbage collection; freeing them here makes them available at once)
                List<String> freed = free(view.orElseThrow(), view.get().nics());
                LOG.infof("%s replaces an older pod of the same name (uid %s); released %s", s, older.previousUid(), freed);
            }
            case HeldRecord.SamePod same -> { }
            case HeldRecord.FixedSlot slot -> { }
            case HeldRecord.None none -> { }
        }
        return allocateNew(s, req, nic, held);
    }

    private R allocateNew(Subject<P> s, AllocateRequest req, String nic, Optional<R> held) {
        IpamAnswer answer = allocateWaitingForAutoPool(() -> request(s, req, nic));
        answer.warnings().forEach(w -> LOG.warnf("%s: %s", s, w));
        List<IPAllocationDetail> details = Replies.details(answer);
        try {
            R written = records.write(s, held, details, req, nic);
            LOG.infof("%s NIC %s: allocated %s", s, nic, details.stream()
                    .flatMap(d -> Replies.ipConfigs(d, conf).stream()).map(ip -> ip.getAddress() + " from " + ip.getIpPool())
                    .toList());
            return written;
        } catch (RuntimeException e) {
            // nothing half-written: addresses this call took are given back when the record cannot be written
            List<String> fresh = answer.allocations().stream().filter(IpAllocation::fresh).map(IpAllocation::pool).toList();
            try {
                engine.release(s.pod(), fresh);
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
    private Optional<R> reuseFixed(Subject<P> s, AllocateRequest req, String nic, R held, String oldUid) {
        EndpointRecord view = records.view(held);
        IPAllocationDetail entry = view.nic(nic).orElseThrow();
        if (s.identity() instanceof WorkloadIdentity.StatefulSetPod) {
            Selection selection = allocator.select(request(s, req, nic), snapshot.get());
            if (!stillCandidate(selection, nic, entry)) {
                List<String> freed = engine.release(new PodRef(s.namespace(), s.pod().name(), oldUid),
                        EndpointRecord.poolsOf(entry)).stream().map(a -> a.pool() + "/" + a.address()).toList();
                LOG.infof("%s NIC %s: its pools changed since %s was recorded; released %s", s, nic, entry, freed);
                return Optional.empty();
            }
        }
        List<IPAllocationDetail> all = view.nics();
        List<String> lost = engine.rebind(oldUid, s.pod(), all.stream().flatMap(d -> EndpointRecord.poolsOf(d).stream()).toList());
        if (EndpointRecord.poolsOf(entry).stream().anyMatch(lost::contains)) {
            LOG.warnf("%s NIC %s: the fixed addresses %s are no longer recorded in their pools; allocating anew", s, nic, entry);
            return Optional.empty();
        }
        if (!oldUid.equals(s.uid()) || !nodeName.equals(view.current().node())) {
            LOG.infof("%s NIC %s keeps its fixed addresses %s (previous pod uid %s)", s, nic, entry, oldUid);
            return Optional.of(records.write(s, Optional.of(held), all, req, nic));
        }
        return Optional.of(records.repeated(s, held, req, nic));
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
     * controller makes it when it sees the application, so ADD looks again, a bounded number of times.
     */
    private IpamAnswer allocateWaitingForAutoPool(Supplier<PodAllocator.Request> request) {
        for (int look = 1; ; look++) {
            try {
                return allocator.allocate(request.get(), snapshot.get());
            } catch (IpamException.AutoPoolNotReady e) {
                if (autoPool.looks() <= 0) {
                    throw e;
                }
                if (look >= autoPool.looks()) {
                    throw new IpamException.AutoPoolNotReady(e.getMessage() + "; waited " + look + " times "
                            + autoPool.intervalMillis() + " ms (SPIDERPOOL_WAIT_SUBNET_POOL_MAX_RETRIES,"
                            + " SPIDERPOOL_WAIT_SUBNET_POOL_TIME_IN_SECOND)");
                }
                if (look == 1) {
                    autoPoolWaits.increment();
                }
                sleep(autoPool.intervalMillis());
            }
        }
    }

    /** A new request each time, so that each look for an auto-pool sees the namespace as it is now. */
    private PodAllocator.Request request(Subject<P> s, AllocateRequest req, String nic) {
        PodContext ctx = pods.context(s);
        return new PodAllocator.Request(nic, s.pod(), ctx.facts(), ctx.podAnnotations(), ctx.namespaceAnnotations(),
                new PoolNames(req.getDefaultIpv4IppoolList(), req.getDefaultIpv6IppoolList()), req.getCleanGateway());
    }

    // ---------------------------------------------------------------- DEL, ReleaseAll

    /** CNI DEL: what the source's {@link ReleaseScope} lets go. Nothing held is success. */
    public ReleaseResponse release(ReleaseRequest req) {
        Optional<Subject<P>> s = pods.forRelease(req);
        if (s.isEmpty()) {
            return ReleaseResponse.getDefaultInstance();
        }
        Optional<String> nic = pods.releaseScope() == ReleaseScope.SANDBOX_NIC
                ? Optional.of(Workload.required(req.getIfName(), "if_name (CNI_IFNAME)")) : Optional.empty();
        List<String> freed = records.unit(NodeApi.Call.RELEASE, s.get().namespace(), s.get().recordName(),
                () -> releaseHeld(s.get(), nic));
        return ReleaseResponse.newBuilder().addAllReleased(freed).build();
    }

    /** Every address of the pod, after an IP conflict or an unreachable gateway failed its ADD. */
    public ReleaseResponse releaseAll(ReleaseAllRequest req) {
        Subject<P> s = pods.forReleaseAll(req);
        List<String> freed = records.unit(NodeApi.Call.RELEASE, s.namespace(), s.recordName(),
                () -> releaseHeld(s, Optional.empty()));
        return ReleaseResponse.newBuilder().addAllReleased(freed).build();
    }

    /**
     * Frees {@code nic} of the pod's record, or every NIC when empty, within a {@link EndpointRecords#unit}.
     * Nothing is freed of a record that is another pod's (a newer one of the same name), of a valid fixed
     * slot, of a record another node holds, or (sandbox scope) of another sandbox's.
     *
     * @return the addresses freed, "pool/address"
     */
    public List<String> releaseHeld(Subject<P> s, Optional<String> nic) {
        // a miss is checked with the source of truth: a record another agent wrote may not have arrived yet
        Optional<R> held = records.read(s.namespace(), s.recordName(), true);
        if (held.isEmpty()) {
            return List.of();
        }
        EndpointRecord view = records.view(held.get());
        if (pods.releaseScope() == ReleaseScope.POD) {
            Optional<Validity> fixed = records.fixedSlot(held.get());
            if (fixed.isPresent() && fixed.get().valid()) {
                LOG.infof("DEL: %s/%s keeps its fixed addresses (%s)", s.namespace(), s.recordName(), fixed.get().reason());
                return List.of();
            }
            if (!s.uid().equals(view.uid())) {
                return List.of(); // the record is another pod's (a newer one of the same name)
            }
            if (!nodeName.equals(view.current().node())) {
                // the pod's addresses are used on that node: only its agent (or garbage collection) frees them
                LOG.infof("%s/%s (uid %s) is recorded on node %s, not on this node %s: nothing is freed here",
                        s.namespace(), s.recordName(), s.uid(), view.current().node(), nodeName);
                return List.of();
            }
        } else if (!s.uid().equals(view.uid()) || !s.sandbox().equals(view.containerId())) {
            return List.of(); // another pod's record, or a late DEL of a replaced sandbox
        }
        List<IPAllocationDetail> leaving = nic.map(n -> view.nic(n).stream().toList()).orElse(view.nics());
        if (nic.isPresent() && leaving.isEmpty()) {
            return List.of();
        }
        List<String> freed = free(view, leaving);
        EndpointRecord rest = view;
        for (IPAllocationDetail d : leaving) {
            rest = rest.withoutNic(d.nic());
        }
        records.released(held.get(), rest);
        LOG.infof("DEL: %s NIC %s released %s", s, nic.orElse("(all)"), freed);
        return freed;
    }

    /**
     * Frees the pools of {@code nics} held by the record's UID, except pools another NIC of the record
     * still uses: the ledger holds one address per pod UID and pool, so two NICs on one pool share it.
     *
     * @return "pool/address" of each address freed
     */
    public List<String> free(EndpointRecord record, Collection<IPAllocationDetail> nics) {
        Set<String> leaving = nics.stream().map(IPAllocationDetail::nic).collect(Collectors.toSet());
        Set<String> stillUsed = record.nics().stream().filter(d -> !leaving.contains(d.nic()))
                .flatMap(d -> EndpointRecord.poolsOf(d).stream()).collect(Collectors.toSet());
        List<String> pools = nics.stream().flatMap(d -> EndpointRecord.poolsOf(d).stream())
                .filter(p -> !stillUsed.contains(p)).distinct().toList();
        return engine.release(new PodRef(record.namespace(), record.name(), record.uid()), pools).stream()
                .map(a -> a.pool() + "/" + a.address()).toList();
    }

    // ---------------------------------------------------------------- CHECK

    /** CNI CHECK: what is recorded for this pod (and, sandbox-scoped, this container) and NIC. */
    public CheckResponse check(CheckRequest req) {
        String nic = Workload.required(req.getIfName(), "if_name (CNI_IFNAME)");
        Subject<P> s = pods.forCheck(req);
        IPAllocationDetail d = records.read(s.namespace(), s.recordName(), false).map(records::view)
                .filter(v -> s.uid().equals(v.uid())
                        && (pods.releaseScope() == ReleaseScope.POD || s.sandbox().equals(v.containerId())))
                .flatMap(v -> v.nic(nic))
                .orElseThrow(() -> pods.notRecorded(s, nic));
        return CheckResponse.newBuilder().addAllIps(Replies.ipConfigs(d, conf)).addAllRoutes(Replies.routes(d)).build();
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
