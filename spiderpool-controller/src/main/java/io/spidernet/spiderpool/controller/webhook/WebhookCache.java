package io.spidernet.spiderpool.controller.webhook;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The pools and subnets the validating rules compare against, from informers. Every replica runs
 * its own (webhooks are not leader-gated). Until an informer has listed once its snapshot would
 * be "nothing exists", which would admit any overlap, so reading it then fails with
 * {@link NotSynced} and the request is refused as unavailable.
 */
final class WebhookCache implements AutoCloseable {

    /** The informer has not listed yet. */
    static final class NotSynced extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NotSynced(String what) {
            super("spiderpool-controller has not read the " + what + " yet; retry in a few seconds");
        }
    }

    private final SharedIndexInformer<SpiderIPPool> pools;
    private final SharedIndexInformer<SpiderSubnet> subnets;

    private WebhookCache(SharedIndexInformer<SpiderIPPool> pools, SharedIndexInformer<SpiderSubnet> subnets) {
        this.pools = pools;
        this.subnets = subnets;
    }

    /** Starts both informers without waiting; a failed list (CRD not installed yet) is retried. */
    static WebhookCache start(KubernetesClient client) {
        SharedIndexInformer<SpiderIPPool> pools = client.resources(SpiderIPPool.class).runnableInformer(0);
        SharedIndexInformer<SpiderSubnet> subnets = client.resources(SpiderSubnet.class).runnableInformer(0);
        for (SharedIndexInformer<?> informer : List.of(pools, subnets)) {
            informer.exceptionHandler((started, t) -> true);
            informer.start();
        }
        return new WebhookCache(pools, subnets);
    }

    Supplier<Collection<SpiderIPPool>> pools() {
        return () -> snapshot(pools, "SpiderIPPools");
    }

    Supplier<Collection<SpiderSubnet>> subnets() {
        return () -> snapshot(subnets, "SpiderSubnets");
    }

    private static <T> Collection<T> snapshot(SharedIndexInformer<T> informer, String what) {
        if (!informer.hasSynced()) {
            throw new NotSynced(what);
        }
        return informer.getStore().list();
    }

    @Override
    public void close() {
        pools.close();
        subnets.close();
    }
}
