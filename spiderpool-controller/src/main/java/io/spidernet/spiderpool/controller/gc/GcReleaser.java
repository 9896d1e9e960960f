package io.spidernet.spiderpool.controller.gc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.spidernet.spiderpool.core.allocation.AllocationEngine;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Carries out what the garbage collector decided, for the scan and the trace workers alike: addresses
 * out of pool ledgers through the allocation engine (the coalesced, version-checked writes CNI DEL
 * frees through; a record goes only while it still names the judged pod UID), SpiderEndpoints
 * released, and both counted in upstream's GC metrics.
 */
final class GcReleaser {
    private static final Logger LOG = Logger.getLogger(GcReleaser.class);

    private final AllocationEngine engine;
    private final EndpointRelease endpoints;
    private final Counter released;
    private final Counter failures;

    GcReleaser(AllocationEngine engine, EndpointRelease endpoints, MeterRegistry registry) {
        this.engine = engine;
        this.endpoints = endpoints;
        // upstream's documented names; Prometheus adds _total
        this.released = Counter.builder("spiderpool_ip_gc_counts").description("addresses freed by garbage collection")
                .register(registry);
        this.failures = Counter.builder("spiderpool_ip_gc_failure_counts").description("garbage collection writes that failed")
                .register(registry);
    }

    /** What a scan planned; a pool or endpoint whose write fails is counted and left to the next pass. */
    GcStats apply(ScanPass.Plan plan) {
        int freed = 0;
        int failed = 0;
        for (Map.Entry<String, Map<String, String>> e : plan.releases().entrySet()) {
            try {
                freed += free(e.getKey(), e.getValue());
            } catch (RuntimeException ex) {
                failed += e.getValue().size();
                LOG.warnf("garbage collection of SpiderIPPool %s failed, next pass retries: %s", e.getKey(), ex.getMessage());
            }
        }
        int endpointsReleased = 0;
        for (SpiderEndpoint ep : plan.endpointsToDelete().values()) {
            if (releaseEndpointOrLeave(ep, true)) {
                endpointsReleased++;
            }
        }
        released.increment(freed);
        failures.increment(failed);
        return new GcStats(plan.records(), freed, plan.traces().size(), plan.spared(), failed, endpointsReleased);
    }

    /** Frees {@code ipToUid}'s records in pool {@code pool}; how many went (none when the pool is gone). */
    int free(String pool, Map<String, String> ipToUid) {
        return engine.releaseRecords(pool, ipToUid).size();
    }

    /** See {@link EndpointRelease#release}; a failed write throws. */
    boolean releaseEndpoint(SpiderEndpoint judged, boolean delete) {
        return endpoints.release(judged, delete);
    }

    /** True when released; false when it changed hands since it was judged, or the write failed (next pass). */
    boolean releaseEndpointOrLeave(SpiderEndpoint judged, boolean delete) {
        try {
            return endpoints.release(judged, delete);
        } catch (RuntimeException e) {
            LOG.warnf("SpiderEndpoint %s/%s not released, next pass retries: %s", judged.getMetadata().getNamespace(),
                    judged.getMetadata().getName(), e.getMessage());
            return false;
        }
    }

    void countReleased(int addresses) {
        released.increment(addresses);
    }

    void countFailure() {
        failures.increment();
    }
}
