package io.spidernet.spiderpool.kube;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.spidernet.spiderpool.core.allocation.PoolStore;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.net.HttpURLConnection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pools as upstream keeps them: the ledger is {@code SpiderIPPool.status}. A write is a JSON merge
 * patch of the {@code /status} subresource that carries the basis' {@code metadata.resourceVersion},
 * so the API server itself refuses a stale write with 409. A PUT of {@code /status} would do the
 * same on a real API server, but fabric8's mock server does not enforce it there, and the merge
 * patch is what our tests can hold to the contract.
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
        String name = basis.getMetadata().getName();
        String version = basis.getMetadata().getResourceVersion();
        if (version == null || version.isEmpty()) {
            // without a version the patch would be unconditional: two pods could get one address
            throw new IllegalArgumentException("SpiderIPPool " + name + " was not read from the API: it has no resourceVersion");
        }
        writes.incrementAndGet();
        try {
            // patched through the pool as read: by name alone, fabric8 first GETs the object, one more
            // request per write that the version in the patch makes useless
            SpiderIPPool written = client.resource(basis).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), statusPatch(version, status));
            return new WriteResult.Written(written);
        } catch (KubernetesClientException e) {
            return switch (e.getCode()) {
                case HttpURLConnection.HTTP_CONFLICT -> {
                    conflicts.incrementAndGet();
                    yield new WriteResult.Conflict();
                }
                case HttpURLConnection.HTTP_NOT_FOUND -> new WriteResult.Gone();
                default -> throw new KubernetesStoreException("cannot write the status of SpiderIPPool " + name
                        + " at resourceVersion " + version + ": " + e.getMessage(), e);
            };
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
     * The merge patch: the version to check and every status field. Absent fields are sent as
     * {@code null}, which a merge patch deletes, so the write replaces the status as the contract says.
     * {@code allocatedIPs} goes as the string it is; it is never parsed or re-encoded here.
     */
    private static String statusPatch(String resourceVersion, IPPoolStatus status) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode patch = json.objectNode();
        patch.putObject("metadata").put("resourceVersion", resourceVersion);
        ObjectNode s = patch.putObject("status");
        s.put("allocatedIPs", status.getAllocatedIPs());
        s.put("totalIPCount", status.getTotalIPCount());
        s.put("allocatedIPCount", status.getAllocatedIPCount());
        return patch.toString();
    }
}
