package io.spidernet.spiderpool.controller.gc;

import io.spidernet.spiderpool.core.gc.GcSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * When the garbage collector works, all on one thread: first what the passes need (the caches), then a
 * scan-all at once and every {@code SPIDERPOOL_GC_DEFAULT_INTERVAL_DURATION}, a trace round every
 * {@code SPIDERPOOL_GC_TRACE_POD_GAP_DURATION}, and requested scans debounced by
 * {@code SPIDERPOOL_GC_HTTP_REQUEST_TIME_GAP}. A pass that fails is logged and the next one retries.
 */
final class GcSchedule {
    private static final Logger LOG = Logger.getLogger(GcSchedule.class);

    private final GcSettings settings;
    private final Clock clock;
    private volatile ScheduledExecutorService timer;
    private CompletableFuture<GcStats> pendingScan;
    private Instant lastScanRequest = Instant.EPOCH;

    GcSchedule(GcSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** @param prepare runs first; false leaves the passes unscheduled */
    void start(BooleanSupplier prepare, Runnable scan, Runnable traceRound) {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("spiderpool-gc").daemon().factory());
        timer.execute(() -> {
            if (!prepare.getAsBoolean()) {
                return;
            }
            long interval = settings.scanAllInterval().toMillis();
            timer.scheduleWithFixedDelay(logged(scan, "garbage collection scan failed; the next one retries"), 0, interval,
                    TimeUnit.MILLISECONDS);
            long gap = settings.traceScanGap().toMillis();
            timer.scheduleWithFixedDelay(logged(traceRound, "trace round failed; the next one retries"), gap, gap,
                    TimeUnit.MILLISECONDS);
        });
    }

    boolean started() {
        return timer != null;
    }

    /** A scan soon: requests within the gap of the first share its pass. */
    synchronized CompletableFuture<GcStats> request(Supplier<GcStats> scan) {
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
                next.complete(scan.get());
            } catch (RuntimeException e) {
                next.completeExceptionally(e);
            }
        }, Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
        return next;
    }

    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private static Runnable logged(Runnable pass, String failure) {
        return () -> {
            try {
                pass.run();
            } catch (RuntimeException e) {
                LOG.warn(failure, e);
            }
        };
    }
}
