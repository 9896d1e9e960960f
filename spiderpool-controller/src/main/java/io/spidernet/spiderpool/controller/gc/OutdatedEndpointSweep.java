package io.spidernet.spiderpool.controller.gc;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.spidernet.spiderpool.core.allocation.AllocationRecord;
import io.spidernet.spiderpool.core.allocation.PoolLedger;
import io.spidernet.spiderpool.core.gc.GcSettings;
import io.spidernet.spiderpool.core.gc.OutdatedEndpoints;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * conf.yml's {@code enableCleanOutdatedEndpoint}: SpiderEndpoints that no pool record refers to any
 * more are deleted after the scan. Judged (core's {@link OutdatedEndpoints}) on the cached pools,
 * confirmed on pools listed fresh from the API.
 */
final class OutdatedEndpointSweep {
    private static final Logger LOG = Logger.getLogger(OutdatedEndpointSweep.class);

    private final KubernetesClient client;
    private final GcSettings settings;
    private final GcReleaser releaser;

    OutdatedEndpointSweep(KubernetesClient client, GcSettings settings, GcReleaser releaser) {
        this.client = client;
        this.settings = settings;
        this.releaser = releaser;
    }

    /** How many endpoints went; none while the clean-up is off (upstream's default). */
    int sweep(GcCaches cached) {
        if (!settings.cleanOutdatedEndpoint()) {
            return 0;
        }
        Map<String, Collection<AllocationRecord>> cachedPools = recordsByPool(cached.pools());
        int deleted = 0;
        for (SpiderEndpoint ep : cached.endpoints()) {
            if (OutdatedEndpoints.outdated(ep, settings, p -> cachedPools.getOrDefault(p, List.of())).isEmpty()) {
                continue;
            }
            Map<String, Collection<AllocationRecord>> fresh = recordsByPool(
                    client.resources(SpiderIPPool.class).list().getItems());
            Optional<String> why = OutdatedEndpoints.outdated(ep, settings, p -> fresh.getOrDefault(p, List.of()));
            if (why.isPresent()) {
                LOG.infof("deleting outdated SpiderEndpoint %s/%s: %s", ep.getMetadata().getNamespace(), ep.getMetadata().getName(), why.get());
                if (releaser.releaseEndpointOrLeave(ep, true)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    private static Map<String, Collection<AllocationRecord>> recordsByPool(List<SpiderIPPool> pools) {
        Map<String, Collection<AllocationRecord>> out = new LinkedHashMap<>();
        for (SpiderIPPool pool : pools) {
            try {
                out.put(pool.getMetadata().getName(), PoolLedger.of(pool).records().values());
            } catch (RuntimeException e) {
                out.put(pool.getMetadata().getName(), List.of());
            }
        }
        return out;
    }
}
