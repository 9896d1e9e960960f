package io.spidernet.spiderpool.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.spidernet.spiderpool.core.allocation.PoolStore;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pools as upstream keeps them: the ledger is {@code SpiderIPPool.status}. A write is
 * {@link VersionedPatch#patchStatus}: a JSON merge patch of the {@code /status} subresource that
 * carries the basis' {@code metadata.resourceVersion}, so the API server itself refuses a stale write
 * with 409. A PUT of {@code /status} would do the same on a real API server, but fabric8's mock server
 * does not enforce it there, and the merge patch is what our tests can hold to the contract.
 */
public final class KubernetesPoolStore implements PoolStore {
    private final KubernetesClient client;
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();

    public KubernetesPoolStore(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Optional<SpiderIPPool> read(String poolName) {
        try {
            return Optional.ofNullable(client.resources(SpiderIPPool.class).withName(poolName).get());
        } catch (KubernetesClientException e) {
            throw new KubernetesStoreException("cannot read SpiderIPPool " + poolName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public WriteResult writeStatus(SpiderIPPool basis, IPPoolStatus status) {
        writes.incrementAndGet();
        try {
            return switch (VersionedPatch.patchStatus(client, basis, s -> statusFields(s, status))) {
                case VersionedPatch.Outcome.Written<SpiderIPPool> w -> new WriteResult.Written(w.object());
                case VersionedPatch.Outcome.Changed<SpiderIPPool> c -> {
                    conflicts.incrementAndGet();
                    yield new WriteResult.Conflict();
                }
                case VersionedPatch.Outcome.Gone<SpiderIPPool> g -> new WriteResult.Gone();
            };
        } catch (KubernetesClientException e) {
            throw new KubernetesStoreException("cannot write the status of SpiderIPPool " + basis.getMetadata().getName()
                    + " at resourceVersion " + basis.getMetadata().getResourceVersion() + ": " + e.getMessage(), e);
        }
    }

    /** Status writes attempted so far, conflicts included. */
    public long writes() {
        return writes.get();
    }

    /** Status writes the API server refused with 409 because the pool had changed since it was read. */
    public long conflicts() {
        return conflicts.get();
    }

    /**
     * Every status field, so the write replaces the status as the contract says: absent fields are
     * sent as {@code null}, which a merge patch deletes. {@code allocatedIPs} goes as the string it is;
     * it is never parsed or re-encoded here.
     */
    private static void statusFields(ObjectNode s, IPPoolStatus status) {
        s.put("allocatedIPs", status.getAllocatedIPs());
        s.put("totalIPCount", status.getTotalIPCount());
        s.put("allocatedIPCount", status.getAllocatedIPCount());
    }
}
