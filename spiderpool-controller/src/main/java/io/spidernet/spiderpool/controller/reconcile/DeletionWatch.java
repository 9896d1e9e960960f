package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.spidernet.spiderpool.controller.leader.LeaderDuty;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Deleted pools and subnets, which the operator SDK does not show these reconcilers: it hands an
 * object marked for deletion only to a {@code Cleaner} under a finalizer it manages itself (and it
 * would add that finalizer to objects created without the webhook, which fabric8 refuses for
 * upstream's slash-less name), and quarkus-operator-sdk 7.7.3 drops {@code triggerReconcilerOnAllEvents}
 * (it stores the flag but never hands it to the SDK). So a small informer per kind watches for
 * {@code deletionTimestamp} and runs the same reconcile pass until it has let the object go.
 */
@Singleton
public class DeletionWatch implements LeaderDuty {
    private static final Logger LOG = Logger.getLogger(DeletionWatch.class);
    private static final long RETRY_MILLIS = 1000;

    private final KubernetesClient client;
    private final IPPoolReconciler pools;
    private final SubnetReconciler subnets;
    private ScheduledExecutorService worker;
    private SharedIndexInformer<SpiderIPPool> poolInformer;
    private SharedIndexInformer<SpiderSubnet> subnetInformer;

    public DeletionWatch(KubernetesClient client, IPPoolReconciler pools, SubnetReconciler subnets) {
        this.client = client;
        this.pools = pools;
        this.subnets = subnets;
    }

    @Override
    public String name() {
        return "deletion watch";
    }

    @Override
    public void start() {
        worker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("spiderpool-deletions").daemon().factory());
        poolInformer = client.resources(SpiderIPPool.class).runnableInformer(0);
        poolInformer.addEventHandler(new OnTerminating<>(name -> worker.execute(() -> pool(name)),
                // a pool gone may be the last one a deleted subnet waited for
                () -> worker.execute(this::terminatingSubnets)));
        subnetInformer = client.resources(SpiderSubnet.class).runnableInformer(0);
        subnetInformer.addEventHandler(new OnTerminating<>(name -> worker.execute(() -> subnet(name)), () -> { }));
        for (SharedIndexInformer<?> informer : List.of(poolInformer, subnetInformer)) {
            informer.exceptionHandler((started, t) -> true); // retried, not fatal
            informer.start();
        }
    }

    @PreDestroy
    void stop() {
        if (worker != null) {
            worker.shutdownNow();
            poolInformer.close();
            subnetInformer.close();
        }
    }

    private void pool(String name) {
        SpiderIPPool pool = poolInformer.getStore().getByKey(name);
        if (pool != null && pool.getMetadata().getDeletionTimestamp() != null) {
            retryUnless(pools.reconcile(pool), () -> pool(name));
        }
    }

    private void subnet(String name) {
        SpiderSubnet subnet = subnetInformer.getStore().getByKey(name);
        if (subnet != null && subnet.getMetadata().getDeletionTimestamp() != null) {
            retryUnless(subnets.reconcile(subnet), () -> subnet(name));
        }
    }

    private void terminatingSubnets() {
        List<String> names = subnetInformer.getStore().list().stream().filter(s -> s.getMetadata().getDeletionTimestamp() != null)
                .map(s -> s.getMetadata().getName()).toList();
        names.forEach(this::subnet);
    }

    private void retryUnless(boolean done, Runnable again) {
        if (!done) {
            worker.schedule(() -> {
                try {
                    again.run();
                } catch (RuntimeException e) {
                    LOG.warnf("deletion pass failed, retrying: %s", e.getMessage());
                    worker.schedule(again, RETRY_MILLIS, TimeUnit.MILLISECONDS);
                }
            }, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Calls {@code terminating} with the name of an object that has a deletionTimestamp, {@code gone} when one is deleted. */
    private record OnTerminating<T extends HasMetadata>(java.util.function.Consumer<String> terminating, Runnable gone)
            implements ResourceEventHandler<T> {
        private static final Predicate<HasMetadata> MARKED = o -> o.getMetadata().getDeletionTimestamp() != null;

        @Override
        public void onAdd(T obj) {
            if (MARKED.test(obj)) {
                terminating.accept(obj.getMetadata().getName());
            }
        }

        @Override
        public void onUpdate(T oldObj, T obj) {
            onAdd(obj);
        }

        @Override
        public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            gone.run();
        }
    }
}
