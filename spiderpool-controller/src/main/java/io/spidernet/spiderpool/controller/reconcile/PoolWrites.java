package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Whole-object writes of pools the controller shapes (adoption, auto-pools): a PUT carrying the
 * resourceVersion the change was computed from, or a create. A PUT rather than a merge patch because
 * labels, owner references and IP lists change together, and fabric8's test server appends lists in
 * a merge patch instead of replacing them. A lost race (409) is not an error: the caller re-reads.
 */
final class PoolWrites {
    private PoolWrites() {}

    /** Replaces the object as read; false when it changed since (or is gone). */
    static boolean replace(KubernetesClient client, HasMetadata changed) {
        if (changed.getMetadata().getResourceVersion() == null) {
            throw new IllegalArgumentException(changed.getKind() + " " + changed.getMetadata().getName()
                    + " has no resourceVersion; replace only objects read from the API");
        }
        return lostRaceIsFalse(() -> client.resource(changed).update());
    }

    /** Creates the object; false when one of that name appeared first. */
    static boolean create(KubernetesClient client, HasMetadata object) {
        return lostRaceIsFalse(() -> client.resource(object).create());
    }

    private static boolean lostRaceIsFalse(Runnable write) {
        try {
            write.run();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
