package io.spidernet.spiderpool.controller.gc;

/**
 * What one scan-all pass found and did.
 *
 * @param records  pool records looked at
 * @param released addresses removed from pool ledgers
 * @param traced   records left to the trace GC (pods within their grace period)
 * @param spared   records judged free from the caches that the API showed still in use
 * @param failed   releases that failed (retried by the next pass)
 * @param endpoints SpiderEndpoints deleted or released from their finalizer
 */
public record GcStats(int records, int released, int traced, int spared, int failed, int endpoints) {

    GcStats withMoreEndpoints(int more) {
        return new GcStats(records, released, traced, spared, failed, endpoints + more);
    }
}
