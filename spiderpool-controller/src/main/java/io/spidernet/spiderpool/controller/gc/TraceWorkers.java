package io.spidernet.spiderpool.controller.gc;

import io.fabric8.kubernetes.api.model.Pod;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.gc.ExpiredTrace;
import io.spidernet.spiderpool.core.gc.GcSettings;
import io.spidernet.spiderpool.core.gc.PoolIp;
import io.spidernet.spiderpool.core.gc.TraceEntry;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.logging.Logger;

/**
 * The trace GC's {@code SPIDERPOOL_GC_IP_WORKER_NUM} workers: a round takes the traced pods whose time
 * is up and frees their addresses when core's {@link ExpiredTrace}, on fresh reads from the API, says
 * they may go. A failed release goes back into the trace DB, at most
 * {@code SPIDERPOOL_GC_PODENTRY_MAX_RETRIES} times. Until {@link #start} a round runs on the caller's thread.
 */
final class TraceWorkers implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TraceWorkers.class);

    private final TraceDb traces;
    private final ApiFacts api;
    private final GcReleaser releaser;
    private final SpiderpoolConf conf;
    private final GcSettings settings;
    private final Clock clock;
    private ExecutorService workers;

    TraceWorkers(TraceDb traces, ApiFacts api, GcReleaser releaser, SpiderpoolConf conf, GcSettings settings, Clock clock) {
        this.traces = traces;
        this.api = api;
        this.releaser = releaser;
        this.conf = conf;
        this.settings = settings;
        this.clock = clock;
    }

    void start() {
        workers = Executors.newFixedThreadPool(settings.traceWorkers(), Thread.ofPlatform().name("spiderpool-gc-trace-", 0).daemon().factory());
    }

    /** Frees the addresses of traced pods whose time is up; returns how many were freed. */
    int round() {
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

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
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
                freed += releaser.free(e.getKey(), e.getValue());
            }
            endpoint.ifPresent(ep -> releaser.releaseEndpoint(ep, r.deleteEndpoint()));
            releaser.countReleased(freed);
            return freed;
        } catch (RuntimeException e) {
            releaser.countFailure();
            if (t.failures() + 1 < settings.traceEntryMaxRetries()) {
                traces.retry(t);
            }
            LOG.warnf("freeing the addresses of traced pod %s failed (attempt %d of %d): %s", entry.key(), t.failures() + 1,
                    settings.traceEntryMaxRetries(), e.getMessage());
            return 0;
        }
    }
}
