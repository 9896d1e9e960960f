package io.spidernet.spiderpool.controller.gc;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.spidernet.spiderpool.kube.VersionedPatch;
import io.spidernet.spiderpool.core.allocation.PoolLedger;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The garbage collector's writes: records out of a pool's ledger (only while each still names the
 * judged pod UID, in one version-checked write per pool, re-read and redone when an agent wrote
 * first), and a SpiderEndpoint deleted and released from its finalizer.
 */
final class GcWrites {
    /** Agents write the same pools; a GC write that keeps losing gives up and the next scan retries. */
    private static final int ATTEMPTS = 20;

    private final KubernetesClient client;

    GcWrites(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Removes {@code ipToUid}'s records from pool {@code name}; returns how many were removed (an
     * address that changed hands, or a pool gone, removes nothing).
     */
    int release(String name, Map<String, String> ipToUid) {
        for (int attempt = 1; ; attempt++) {
            SpiderIPPool pool = client.resources(SpiderIPPool.class).withName(name).get();
            if (pool == null) {
                return 0;
            }
            PoolLedger before = PoolLedger.of(pool);
            PoolLedger after = before;
            for (Map.Entry<String, String> e : ipToUid.entrySet()) {
                after = after.withoutAddress(e.getKey(), e.getValue());
            }
            int freed = before.allocatedCount() - after.allocatedCount();
            if (freed == 0) {
                return 0;
            }
            IPPoolStatus status = after.toStatus();
            if (VersionedPatch.status(client, pool, s -> {
                s.put("allocatedIPs", status.getAllocatedIPs());
                s.put("allocatedIPCount", status.getAllocatedIPCount());
            })) {
                return freed;
            }
            if (attempt == ATTEMPTS) {
                throw new IllegalStateException("SpiderIPPool " + name + ": " + ATTEMPTS
                        + " writes in a row lost to other writers; the next scan retries");
            }
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1_000_000L, 10_000_000L * Math.min(attempt, 10)));
        }
    }

    /**
     * Deletes (when asked) the endpoint as it was judged and drops Spiderpool's finalizer from it.
     * The delete carries the judged resourceVersion as a precondition (enforced by the API server; the
     * test server ignores delete preconditions) and the finalizer goes only while the endpoint
     * still records the judged pod UID: an agent that rewrote it for a new pod of that name meanwhile
     * keeps it (false; the next pass judges again). Absent is done.
     */
    boolean releaseEndpoint(SpiderEndpoint judged, boolean delete) {
        String uid = recordedUid(judged);
        if (delete) {
            VersionedPatch.Deletion deletion = VersionedPatch.delete(client, judged);
            if (deletion != VersionedPatch.Deletion.DELETED) {
                return deletion == VersionedPatch.Deletion.GONE;
            }
        }
        var ref = client.resources(SpiderEndpoint.class).inNamespace(judged.getMetadata().getNamespace())
                .withName(judged.getMetadata().getName());
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            SpiderEndpoint ep = ref.get();
            if (ep == null || ep.getMetadata().getFinalizers() == null
                    || !ep.getMetadata().getFinalizers().contains(SpiderpoolGroup.FINALIZER)) {
                return true;
            }
            if (!Objects.equals(recordedUid(ep), uid)) {
                return false;
            }
            List<String> rest = new ArrayList<>(ep.getMetadata().getFinalizers());
            rest.remove(SpiderpoolGroup.FINALIZER);
            if (VersionedPatch.finalizers(client, ep, rest)) {
                return true;
            }
        }
        throw new IllegalStateException("SpiderEndpoint " + judged.getMetadata().getNamespace() + "/" + judged.getMetadata().getName()
                + ": finalizer removal lost " + ATTEMPTS + " times to other writers; the next scan retries");
    }

    private static String recordedUid(SpiderEndpoint ep) {
        return ep.getStatus() == null || ep.getStatus().current() == null ? null : ep.getStatus().current().uid();
    }
}
