package io.spidernet.spiderpool.controller.gc;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.spidernet.spiderpool.core.allocation.RetryPolicy;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import io.spidernet.spiderpool.kube.VersionedPatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A SpiderEndpoint the garbage collector judged: deleted when asked, and released from Spiderpool's finalizer. */
final class EndpointRelease {
    /**
     * Agents write the same endpoints; a removal that loses re-reads at once (the finalizer is the only
     * change), and one that keeps losing gives up so that the next scan retries.
     */
    static final RetryPolicy RETRY = RetryPolicy.immediate(20);

    private final KubernetesClient client;

    EndpointRelease(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Deletes (when asked) the endpoint as it was judged and drops Spiderpool's finalizer from it.
     * The delete carries the judged resourceVersion as a precondition (enforced by the API server; the
     * test server ignores delete preconditions) and the finalizer goes only while the endpoint
     * still records the judged pod UID: an agent that rewrote it for a new pod of that name meanwhile
     * keeps it (false; the next pass judges again). Absent is done.
     */
    boolean release(SpiderEndpoint judged, boolean delete) {
        String uid = recordedUid(judged);
        if (delete) {
            VersionedPatch.Deletion deletion = VersionedPatch.delete(client, judged);
            if (deletion != VersionedPatch.Deletion.DELETED) {
                return deletion == VersionedPatch.Deletion.GONE;
            }
        }
        var ref = client.resources(SpiderEndpoint.class).inNamespace(judged.getMetadata().getNamespace())
                .withName(judged.getMetadata().getName());
        for (int attempt = 0; attempt < RETRY.maxAttempts(); attempt++) {
            RETRY.pause(attempt);
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
                + ": finalizer removal lost " + RETRY.maxAttempts() + " times to other writers; the next scan retries");
    }

    private static String recordedUid(SpiderEndpoint ep) {
        return ep.getStatus() == null || ep.getStatus().current() == null ? null : ep.getStatus().current().uid();
    }
}
