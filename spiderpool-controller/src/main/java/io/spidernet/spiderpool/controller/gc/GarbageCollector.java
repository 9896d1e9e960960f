package io.spidernet.spiderpool.controller.gc;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Quarkus;
import io.spidernet.spiderpool.controller.leader.LeaderDuty;
import io.spidernet.spiderpool.core.allocation.AllocationEngine;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.gc.ExpiredTrace;
import io.spidernet.spiderpool.core.gc.GcPreviewRow;
import io.spidernet.spiderpool.core.gc.GcSettings;
import io.spidernet.spiderpool.core.gc.PodTracing;
import io.spidernet.spiderpool.core.gc.ScanAllRules;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * IP garbage collection (upstream-ipam §5.2), run by the lease holder: a scan of every pool record
 * against its pod (at start, every {@code SPIDERPOOL_GC_DEFAULT_INTERVAL_DURATION}, and on request),
 * and pod tracing that frees a pod's addresses once its grace period is over. Decisions are core's
 * ({@link ScanAllRules}, {@link PodTracing}, {@link ExpiredTrace}); a record judged free from the
 * caches is judged again from the API before it is freed ({@link ScanPass}), and each removal is
 * conditional on the record still naming the judged pod UID ({@link GcReleaser}), so a live pod never
 * loses its address to a stale cache.
 */
public class GarbageCollector implements LeaderDuty {
    private static final Logger LOG = Logger.getLogger(GarbageCollector.class);
    private static final Duration CACHE_SYNC = Duration.ofMinutes(2);

    private final KubernetesClient client;
    private final GcSettings settings;
    private final Clock clock;
    private final ApiFacts api;
    private final ScanPass scan;
    private final GcReleaser releaser;
    private final OutdatedEndpointSweep outdated;
    private final TraceDb traces;
    private final TraceWorkers traceWorkers;
    private final PodEventHandler podEvents;
    private final GcSchedule schedule;
    private volatile GcCaches caches;

    /** @param engine frees addresses, as for CNI DEL: the controller's own, on the Kubernetes pool store */
    public GarbageCollector(KubernetesClient client, AllocationEngine engine, SpiderpoolConf conf, GcSettings settings,
                            MeterRegistry registry, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.api = new ApiFacts(client);
        this.scan = new ScanPass(conf, settings);
        this.releaser = new GcReleaser(engine, new EndpointRelease(client), registry);
        this.outdated = new OutdatedEndpointSweep(client, settings, releaser);
        this.traces = new TraceDb(settings.traceDbCapacity());
        this.traceWorkers = new TraceWorkers(traces, api, releaser, conf, settings, clock);
        this.podEvents = new PodEventHandler(this::facts, traces, conf, settings, clock);
        this.schedule = new GcSchedule(settings, clock);
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
        traceWorkers.start();
        schedule.start(this::startCaches, this::scheduledScan, this::traceRound);
    }

    public void stop() {
        schedule.stop();
        traceWorkers.close();
        if (caches != null) {
            caches.close();
        }
    }

    /**
     * Asks for a scan-all soon: requests within {@code SPIDERPOOL_GC_HTTP_REQUEST_TIME_GAP} of the
     * first share its pass. Fails when this replica does not lead (only the leader collects).
     */
    public CompletableFuture<GcStats> trigger() {
        if (caches == null || !schedule.started()) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "this replica does not lead; garbage collection runs on the holder of lease spiderpool-controller-leases"));
        }
        return schedule.request(this::scanAll);
    }

    /**
     * What a scan-all would do now, record by record, without doing it. From the caches on the leader,
     * from the API elsewhere.
     */
    public List<GcPreviewRow> preview() {
        return scan.preview(pools(), facts(), clock.instant());
    }

    /** One scan-all pass; one at a time. */
    public synchronized GcStats scanAll() {
        GcCaches cached = caches;
        ScanPass.Plan plan = scan.plan(pools(), cached != null ? cached : api, api, clock.instant());
        plan.traces().forEach(traces::put);
        GcStats done = releaser.apply(plan);
        return cached == null ? done : done.withMoreEndpoints(outdated.sweep(cached));
    }

    /** Frees the addresses of traced pods whose time is up; returns how many were freed. */
    public int traceRound() {
        return traceWorkers.round();
    }

    /** The informers (and pod tracing through them); false ends the process, so that a restart retries. */
    private boolean startCaches() {
        try {
            caches = GcCaches.start(client, podEvents, CACHE_SYNC);
            return true;
        } catch (Exception e) {
            LOG.errorf(e, "garbage collection caches did not sync within %s; exiting so a restart retries", CACHE_SYNC);
            Quarkus.asyncExit(1);
            return false;
        }
    }

    private void scheduledScan() {
        GcStats s = scanAll();
        LOG.infof("garbage collection scan: %d records, %d freed, %d traced, %d spared by the API, %d failed, %d endpoints",
                s.records(), s.released(), s.traced(), s.spared(), s.failed(), s.endpoints());
    }

    private ClusterFactsSource facts() {
        GcCaches c = caches;
        return c != null ? c : api;
    }

    private List<SpiderIPPool> pools() {
        GcCaches c = caches;
        return c != null ? c.pools() : client.resources(SpiderIPPool.class).list().getItems();
    }
}
