package io.spidernet.spiderpool.controller.gc;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Quarkus;
import io.spidernet.spiderpool.controller.leader.LeaderDuty;
import io.spidernet.spiderpool.core.allocation.AllocationRecord;
import io.spidernet.spiderpool.core.allocation.PoolLedger;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.gc.ExpiredTrace;
import io.spidernet.spiderpool.core.gc.GcPreviewRow;
import io.spidernet.spiderpool.core.gc.GcSettings;
import io.spidernet.spiderpool.core.gc.NodeReadiness;
import io.spidernet.spiderpool.core.gc.OutdatedEndpoints;
import io.spidernet.spiderpool.core.gc.PodEvent;
import io.spidernet.spiderpool.core.gc.PodTracing;
import io.spidernet.spiderpool.core.gc.PoolIp;
import io.spidernet.spiderpool.core.gc.PoolRecord;
import io.spidernet.spiderpool.core.gc.ScanAllRules;
import io.spidernet.spiderpool.core.gc.ScanFacts;
import io.spidernet.spiderpool.core.gc.ScanVerdict;
import io.spidernet.spiderpool.core.gc.TraceEntry;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * IP garbage collection (upstream-ipam §5.2), run by the lease holder: a scan of every pool record
 * against its pod (at start, every {@code SPIDERPOOL_GC_DEFAULT_INTERVAL_DURATION}, and on request),
 * and pod tracing that frees a pod's addresses once its grace period is over. Decisions are core's
 * ({@link ScanAllRules}, {@link PodTracing}, {@link ExpiredTrace}); a record judged free from the
 * caches is judged again from the API before it is freed, and each removal is conditional on the
 * record still naming the judged pod UID, so a live pod never loses its address to a stale cache.
 */
public class GarbageCollector implements LeaderDuty {
    private static final Logger LOG = Logger.getLogger(GarbageCollector.class);
    private static final Duration CACHE_SYNC = Duration.ofMinutes(2);

    private final KubernetesClient client;
    private final SpiderpoolConf conf;
    private final GcSettings settings;
    private final Clock clock;
    private final ApiFacts api;
    private final GcWrites writes;
    private final TraceDb traces;
    private final Counter released;
    private final Counter failures;
    private volatile GcCaches caches;
    private ScheduledExecutorService timer;
    private ExecutorService workers;
    private CompletableFuture<GcStats> pendingScan;
    private Instant lastScanRequest = Instant.EPOCH;

    public GarbageCollector(KubernetesClient client, SpiderpoolConf conf, GcSettings settings, MeterRegistry registry,
                            Clock clock) {
        this.client = client;
        this.conf = conf;
        this.settings = settings;
        this.clock = clock;
        this.api = new ApiFacts(client);
        this.writes = new GcWrites(client);
        this.traces = new TraceDb(settings.traceDbCapacity());
        // upstream's documented names; Prometheus adds _total
        this.released = Counter.builder("spiderpool_ip_gc_counts").description("addresses freed by garbage collection")
                .register(registry);
        this.failures = Counter.builder("spiderpool_ip_gc_failure_counts").description("garbage collection writes that failed")
                .register(registry);
    }

    @Override
    public String name() {
        return "ip garbage collection";
    }

    @Override
    public void start() {
        if (!settings.gcIpEnabled()) {
            LOG.info("IP garbage collection is off (SPIDERPOOL_GC_IP_ENABLED=false)");
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("spiderpool-gc").daemon().factory());
        workers = Executors.newFixedThreadPool(settings.traceWorkers(), Thread.ofPlatform().name("spiderpool-gc-trace-", 0).daemon().factory());
        timer.execute(() -> {
            try {
                startCaches();
            } catch (Exception e) {
                LOG.errorf(e, "garbage collection caches did not sync within %s; exiting so a restart retries", CACHE_SYNC);
                Quarkus.asyncExit(1);
                return;
            }
            long interval = settings.scanAllInterval().toMillis();
            timer.scheduleWithFixedDelay(this::scanAllLogged, 0, interval, TimeUnit.MILLISECONDS);
            long gap = settings.traceScanGap().toMillis();
            timer.scheduleWithFixedDelay(this::traceRoundLogged, gap, gap, TimeUnit.MILLISECONDS);
        });
    }

    /** Starts the informers (and pod tracing through them); tests call this, then drive passes themselves. */
    void startCaches() throws Exception {
        caches = GcCaches.start(client, new PodEvents(), CACHE_SYNC);
    }

    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
            workers.shutdownNow();
        }
        if (caches != null) {
            caches.close();
        }
    }

    /**
     * Asks for a scan-all soon: requests within {@code SPIDERPOOL_GC_HTTP_REQUEST_TIME_GAP} of the
     * first share its pass. Fails when this replica does not lead (only the leader collects).
     */
    public synchronized CompletableFuture<GcStats> trigger() {
        if (caches == null || timer == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "this replica does not lead; garbage collection runs on the holder of lease spiderpool-controller-leases"));
        }
        Instant now = clock.instant();
        if (pendingScan != null && !pendingScan.isDone()) {
            return pendingScan;
        }
        Duration wait = Duration.between(now, lastScanRequest.plus(settings.scanAllRequestGap()));
        lastScanRequest = now;
        CompletableFuture<GcStats> next = new CompletableFuture<>();
        pendingScan = next;
        timer.schedule(() -> {
            try {
                next.complete(scanAll());
            } catch (RuntimeException e) {
                next.completeExceptionally(e);
            }
        }, Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
        return next;
    }

    /**
     * What a scan-all would do now, record by record, without doing it. From the caches on the leader,
     * from the API elsewhere.
     */
    public List<GcPreviewRow> preview() {
        ClusterFactsSource facts = caches != null ? caches : api;
        Instant now = clock.instant();
        List<GcPreviewRow> rows = new ArrayList<>();
        for (SpiderIPPool pool : pools()) {
            for (PoolRecord record : records(pool)) {
                rows.add(GcPreviewRow.of(record, ScanAllRules.verdict(record, factsOf(record, facts), settings, now)));
            }
        }
        rows.sort(GcPreviewRow.ORDER);
        return rows;
    }

    /** One scan-all pass; one at a time. */
    public GcStats scanAll() {
        GcCaches c = caches;
        return scanAll(c != null ? c : api, pools());
    }

    /** A pass judging first by {@code cached}, confirming each release with the API. */
    synchronized GcStats scanAll(ClusterFactsSource cached, List<SpiderIPPool> pools) {
        Instant now = clock.instant();
        int records = 0;
        int traced = 0;
        int spared = 0;
        Map<String, Map<String, String>> releases = new LinkedHashMap<>();
        Map<String, SpiderEndpoint> endpointsToDelete = new LinkedHashMap<>();
        for (SpiderIPPool pool : pools) {
            for (PoolRecord record : records(pool)) {
                records++;
                ScanFacts facts = factsOf(record, cached);
                ScanVerdict verdict = ScanAllRules.verdict(record, facts, settings, now);
                if (verdict instanceof ScanVerdict.Release && cached != api) {
                    facts = factsOf(record, api);
                    ScanVerdict confirmed = ScanAllRules.verdict(record, facts, settings, now);
                    if (!(confirmed instanceof ScanVerdict.Release)) {
                        LOG.debugf("not freeing: the cache said \"%s\", the API says \"%s\"", verdict.reason(), confirmed.reason());
                        spared++;
                    }
                    verdict = confirmed;
                }
                switch (verdict) {
                    case ScanVerdict.Release r -> {
                        LOG.infof("freeing %s", r.reason());
                        releases.computeIfAbsent(record.pool(), p -> new LinkedHashMap<>()).put(record.ip(), record.podUid());
                        if (r.deleteEndpoint()) {
                            facts.endpoint().ifPresent(ep -> endpointsToDelete.put(record.podKey(), ep));
                        }
                    }
                    case ScanVerdict.Trace t -> {
                        traced++;
                        trace(record, t, cached);
                    }
                    case ScanVerdict.Keep k -> { }
                }
            }
        }
        int freed = 0;
        int failed = 0;
        for (Map.Entry<String, Map<String, String>> e : releases.entrySet()) {
            try {
                freed += writes.release(e.getKey(), e.getValue());
            } catch (RuntimeException ex) {
                failed += e.getValue().size();
                LOG.warnf("garbage collection of SpiderIPPool %s failed, next pass retries: %s", e.getKey(), ex.getMessage());
            }
        }
        int endpoints = 0;
        for (SpiderEndpoint ep : endpointsToDelete.values()) {
            if (releaseEndpoint(ep, true)) {
                endpoints++;
            }
        }
        endpoints += cleanOutdatedEndpoints(cached);
        released.increment(freed);
        failures.increment(failed);
        return new GcStats(records, freed, traced, spared, failed, endpoints);
    }

    /** Frees the addresses of traced pods whose time is up; returns how many were freed. */
    public int traceRound() {
        int freed = 0;
        List<Future<Integer>> running = new ArrayList<>();
        for (TraceDb.Tracked t : traces.takeExpired(clock.instant())) {
            if (workers != null) {
                running.add(workers.submit(() -> expire(t)));
            } else {
                freed += expire(t);
            }
        }
        for (Future<Integer> f : running) {
            try {
                freed += f.get();
            } catch (Exception e) {
                LOG.warnf("trace worker failed: %s", e.getMessage());
            }
        }
        return freed;
    }

    int tracedPods() {
        return traces.size();
    }

    private int expire(TraceDb.Tracked t) {
        TraceEntry entry = t.entry();
        try {
            Optional<SpiderEndpoint> endpoint = api.endpoint(entry.namespace(), entry.podName());
            Optional<Pod> pod = api.pod(entry.namespace(), entry.podName());
            ExpiredTrace decision = ExpiredTrace.decide(entry, endpoint, api.fixedSlot(pod, endpoint, conf));
            if (!(decision instanceof ExpiredTrace.Release r)) {
                LOG.debugf("trace of %s ends: %s", entry.key(), decision.reason());
                return 0;
            }
            LOG.infof("freeing %s", r.reason());
            Map<String, Map<String, String>> byPool = new LinkedHashMap<>();
            for (PoolIp a : r.addresses()) {
                byPool.computeIfAbsent(a.pool(), p -> new LinkedHashMap<>()).put(a.ip(), r.podUid());
            }
            int freed = 0;
            for (Map.Entry<String, Map<String, String>> e : byPool.entrySet()) {
                freed += writes.release(e.getKey(), e.getValue());
            }
            endpoint.ifPresent(ep -> writes.releaseEndpoint(ep, r.deleteEndpoint()));
            released.increment(freed);
            return freed;
        } catch (RuntimeException e) {
            failures.increment();
            if (t.failures() + 1 < settings.traceEntryMaxRetries()) {
                traces.retry(t);
            }
            LOG.warnf("freeing the addresses of traced pod %s failed (attempt %d of %d): %s", entry.key(), t.failures() + 1,
                    settings.traceEntryMaxRetries(), e.getMessage());
            return 0;
        }
    }

    private void trace(PoolRecord record, ScanVerdict.Trace t, ClusterFactsSource facts) {
        String ns = record.namespace().orElseThrow();
        String name = record.name().orElseThrow();
        Optional<Pod> pod = facts.pod(ns, name);
        boolean finished = pod.map(GarbageCollector::finished).orElse(false);
        String node = pod.map(p -> p.getSpec() == null ? null : p.getSpec().getNodeName()).orElse(null);
        traces.put(new TraceEntry(ns, name, record.podUid(), node,
                finished ? TraceEntry.Cause.FINISHED : TraceEntry.Cause.TERMINATING, t.until(), t.reason()));
    }

    /** True when released; false when it changed hands since it was judged, or the write failed (next pass). */
    private boolean releaseEndpoint(SpiderEndpoint judged, boolean delete) {
        try {
            return writes.releaseEndpoint(judged, delete);
        } catch (RuntimeException e) {
            LOG.warnf("SpiderEndpoint %s/%s not released, next pass retries: %s", judged.getMetadata().getNamespace(),
                    judged.getMetadata().getName(), e.getMessage());
            return false;
        }
    }

    /** {@code enableCleanOutdatedEndpoint}: endpoints no pool record refers to any more; confirmed on fresh pools. */
    private int cleanOutdatedEndpoints(ClusterFactsSource cached) {
        if (!settings.cleanOutdatedEndpoint() || !(cached instanceof GcCaches c)) {
            return 0;
        }
        Map<String, Collection<AllocationRecord>> cachedPools = recordsByPool(c.pools());
        int deleted = 0;
        for (SpiderEndpoint ep : c.endpoints()) {
            if (OutdatedEndpoints.outdated(ep, settings, p -> cachedPools.getOrDefault(p, List.of())).isEmpty()) {
                continue;
            }
            Map<String, Collection<AllocationRecord>> fresh = recordsByPool(
                    client.resources(SpiderIPPool.class).list().getItems());
            Optional<String> why = OutdatedEndpoints.outdated(ep, settings, p -> fresh.getOrDefault(p, List.of()));
            if (why.isPresent()) {
                LOG.infof("deleting outdated SpiderEndpoint %s/%s: %s", ep.getMetadata().getNamespace(), ep.getMetadata().getName(), why.get());
                if (releaseEndpoint(ep, true)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    private static Map<String, Collection<AllocationRecord>> recordsByPool(List<SpiderIPPool> pools) {
        Map<String, Collection<AllocationRecord>> out = new LinkedHashMap<>();
        for (SpiderIPPool pool : pools) {
            try {
                out.put(pool.getMetadata().getName(), PoolLedger.of(pool).records().values());
            } catch (RuntimeException e) {
                out.put(pool.getMetadata().getName(), List.of());
            }
        }
        return out;
    }

    private List<SpiderIPPool> pools() {
        GcCaches c = caches;
        return c != null ? c.pools() : client.resources(SpiderIPPool.class).list().getItems();
    }

    private static List<PoolRecord> records(SpiderIPPool pool) {
        PoolLedger ledger;
        try {
            ledger = PoolLedger.of(pool);
        } catch (RuntimeException e) {
            LOG.warnf("SpiderIPPool %s skipped by garbage collection: %s", pool.getMetadata().getName(), e.getMessage());
            return List.of();
        }
        return ledger.records().entrySet().stream()
                .map(e -> new PoolRecord(pool.getMetadata().getName(), e.getKey(), e.getValue())).toList();
    }

    private ScanFacts factsOf(PoolRecord record, ClusterFactsSource facts) {
        if (record.namespace().isEmpty() || record.name().isEmpty()) {
            return new ScanFacts(Optional.empty(), Optional.empty(), Optional.empty(), NodeReadiness.UNKNOWN);
        }
        return facts.scanFacts(record.namespace().get(), record.name().get(), conf);
    }

    private static boolean finished(Pod pod) {
        return pod.getStatus() != null && ("Succeeded".equals(pod.getStatus().getPhase()) || "Failed".equals(pod.getStatus().getPhase()));
    }

    private void scanAllLogged() {
        try {
            GcStats s = scanAll();
            LOG.infof("garbage collection scan: %d records, %d freed, %d traced, %d spared by the API, %d failed, %d endpoints",
                    s.records(), s.released(), s.traced(), s.spared(), s.failed(), s.endpoints());
        } catch (RuntimeException e) {
            LOG.warnf(e, "garbage collection scan failed; the next one retries");
        }
    }

    private void traceRoundLogged() {
        try {
            traceRound();
        } catch (RuntimeException e) {
            LOG.warnf(e, "trace round failed; the next one retries");
        }
    }

    /** Pod tracing: the informer's events become trace entries. */
    private final class PodEvents implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            on(new PodEvent.Changed(pod));
        }

        @Override
        public void onUpdate(Pod oldPod, Pod pod) {
            on(new PodEvent.Changed(pod));
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            on(new PodEvent.Deleted(pod));
        }

        private void on(PodEvent event) {
            Pod pod = event.pod();
            boolean leaving = event instanceof PodEvent.Deleted || pod.getMetadata().getDeletionTimestamp() != null || finished(pod);
            if (!leaving) {
                return; // the common case, answered without a lookup (the initial list brings every pod)
            }
            GcCaches c = caches;
            ClusterFactsSource facts = c != null ? c : api;
            Optional<SpiderEndpoint> ep = facts.endpoint(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
            try {
                PodTracing.entryFor(event, facts.fixedSlot(Optional.of(pod), ep, conf), facts.readinessOf(Optional.of(pod)),
                        settings, clock.instant()).ifPresent(entry -> {
                            if (!traces.put(entry)) {
                                LOG.warnf("trace DB full (SPIDERPOOL_GC_MAX_PODENTRY_DB_CAP=%d): %s left to the scan-all",
                                        settings.traceDbCapacity(), entry.key());
                            }
                        });
            } catch (RuntimeException e) {
                LOG.debugf("pod %s not traced: %s", pod.getMetadata().getName(), e.getMessage());
            }
        }
    }
}
