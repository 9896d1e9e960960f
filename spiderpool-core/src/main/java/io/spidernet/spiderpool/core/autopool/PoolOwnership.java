package io.spidernet.spiderpool.core.autopool;

import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * Whose an existing auto-pool is. A pool is the application's when its owner labels name the same
 * kind, namespace and name (an application of another kind never gets it: I00015/I00016), the same
 * NIC, family and subnet. Of those, one with the application's UID is its own; one left by an
 * earlier application of that name passes to this one only if it was kept on purpose
 * ({@code ippool-reclaim=false}); a reclaimable leftover is skipped, it is about to be deleted.
 */
public final class PoolOwnership {

    private PoolOwnership() {}

    /** A pool the demand may use; {@code inherited} when it was another UID's and must be relabelled. */
    public record Claimed(SpiderIPPool pool, boolean inherited) {}

    public static Optional<Claimed> find(PoolDemand d, Collection<SpiderIPPool> pools) {
        Optional<SpiderIPPool> own = pools.stream()
                .filter(p -> samePlace(p, d) && d.app().uid().equals(label(p, SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_UID)))
                .findFirst();
        if (own.isPresent()) {
            return own.map(p -> new Claimed(p, false));
        }
        return pools.stream()
                .filter(p -> samePlace(p, d) && "false".equals(label(p, SpiderpoolAnnotations.LABEL_IPPOOL_RECLAIM)))
                .filter(p -> !p.isTerminating())
                .min(Comparator.comparing(p -> p.getMetadata().getName()))
                .map(p -> new Claimed(p, true));
    }

    /** Whether deleting the application with this UID deletes the pool. */
    public static boolean reclaimedWith(SpiderIPPool pool, String appUid) {
        return appUid.equals(label(pool, SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_UID))
                && "true".equals(label(pool, SpiderpoolAnnotations.LABEL_IPPOOL_RECLAIM));
    }

    private static boolean samePlace(SpiderIPPool p, PoolDemand d) {
        return p.isAutoCreated()
                && d.app().kind().equals(label(p, SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_KIND))
                && d.app().namespace().equals(label(p, SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_NAMESPACE))
                && d.app().name().equals(label(p, SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_NAME))
                && d.nic().equals(label(p, SpiderpoolAnnotations.LABEL_INTERFACE))
                && d.family().toString().equals(label(p, SpiderpoolAnnotations.LABEL_IP_VERSION))
                && d.subnet().equals(label(p, SpiderpoolAnnotations.LABEL_OWNER_SPIDER_SUBNET));
    }

    static String label(SpiderIPPool p, String key) {
        Map<String, String> labels = p.getMetadata() == null ? null : p.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }
}
