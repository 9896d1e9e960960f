package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.spidernet.spiderpool.kube.VersionedPatch;
import io.spidernet.spiderpool.core.allocation.ReservedAddresses;
import io.spidernet.spiderpool.core.allocation.RetryPolicy;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.autopool.AppWorkload;
import io.spidernet.spiderpool.core.autopool.AutoPoolException;
import io.spidernet.spiderpool.core.autopool.AutoPoolPlan;
import io.spidernet.spiderpool.core.autopool.AutoPoolPlanner;
import io.spidernet.spiderpool.core.autopool.AutoPoolReclaim;
import io.spidernet.spiderpool.core.autopool.PoolDemand;
import io.spidernet.spiderpool.core.autopool.PoolDemands;
import io.spidernet.spiderpool.core.autopool.PoolWrite;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderReservedIP;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What the application reconcilers share: an application added or changed gets its auto-pools
 * planned and written (subnet status first, then the pool, as {@link AutoPoolPlan} orders), one
 * demand at a time under the subnet's lock; a deleted one has its reclaimable pools deleted.
 * A 409 on either write means another writer got there first: re-read and plan again, a few times,
 * then leave it to the operator SDK's reschedule. Both feature switches gate everything (I00024).
 */
@Singleton
public class AutoPoolSync {
    private static final Logger LOG = Logger.getLogger(AutoPoolSync.class);
    /**
     * Five rounds, back to back: a round re-reads from the API server, which already holds the write
     * that won, so waiting would find nothing newer.
     */
    static final RetryPolicy RETRY = RetryPolicy.immediate(5);
    static final Duration AFTER_CONFLICTS = Duration.ofSeconds(1);
    /** Insufficient IPs, a missing subnet, a shrink pods block: the world has to change first. */
    static final Duration AFTER_WAITING = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final ReconcileEvents events;
    private final SpiderpoolConf conf;
    private final SubnetLocks locks;
    private final SubnetStatusSync status;

    public AutoPoolSync(KubernetesClient client, ReconcileEvents events, SpiderpoolConf conf, SubnetLocks locks,
                        SubnetStatusSync status) {
        this.client = client;
        this.events = events;
        this.conf = conf;
        this.locks = locks;
        this.status = status;
    }

    /** The reconcilers' entry: sync on add/update, reclaim on delete. */
    public <T extends HasMetadata> UpdateControl<T> onEvent(T workload, boolean deleted) {
        if (deleted) {
            reclaim(workload.getMetadata().getUid());
            return UpdateControl.noUpdate();
        }
        return sync(workload).map(d -> UpdateControl.<T>noUpdate().rescheduleAfter(d)).orElseGet(UpdateControl::noUpdate);
    }

    public boolean enabled() {
        return conf.enableSpiderSubnet() && conf.enableAutoPoolForApplication();
    }

    /** Brings every pool the application wants to its size; empty when done, else when to come back. */
    public Optional<Duration> sync(HasMetadata workload) {
        return sync(workload, () -> AppWorkload.of(workload));
    }

    /**
     * Likewise for an application described by {@code app}; events go on {@code workload} (for a
     * third-party controller, the pod that asked).
     */
    public Optional<Duration> sync(HasMetadata workload, Supplier<AppWorkload> app) {
        if (!enabled()) {
            return Optional.empty();
        }
        List<PoolDemand> demands;
        try {
            demands = PoolDemands.of(app.get(), conf);
        } catch (AutoPoolException e) {
            events.warning(workload, "InvalidAutoPoolRequest", e.getMessage());
            return Optional.empty();
        }
        Optional<Duration> again = Optional.empty();
        for (PoolDemand d : demands) {
            Optional<Duration> next = ensure(workload, d);
            if (next.isPresent() && (again.isEmpty() || next.get().compareTo(again.get()) < 0)) {
                again = next;
            }
        }
        return again;
    }

    /**
     * Deletes the reclaimable pools of the application with this UID; returns their names. A pool
     * that changed between the list and its delete is judged again from a new list, a few times;
     * past that, the pool reconciler's periodic look for left-behind pools takes it.
     */
    public List<String> reclaim(String appUid) {
        if (!enabled() || appUid == null) {
            return List.of();
        }
        TreeSet<String> deleted = new TreeSet<>();
        for (int attempt = 1; attempt <= RETRY.maxAttempts(); attempt++) {
            if (attempt > 1) {
                RETRY.pause(attempt - 1);
            }
            List<SpiderIPPool> pools = client.resources(SpiderIPPool.class)
                    .withLabel(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_UID, appUid).list().getItems();
            List<String> names = AutoPoolReclaim.poolsToDelete(appUid, pools);
            deleted.addAll(names);
            if (delete(pools.stream().filter(p -> names.contains(p.getMetadata().getName())).toList())) {
                break;
            }
        }
        return List.copyOf(deleted);
    }

    /**
     * Deletes auto-pools as judged and brings their subnets' records up to date; false when one
     * changed since it was judged and was kept. A pool still holding its finalizer stays recorded
     * until it is gone; the subnet reconciler hears of that.
     */
    boolean delete(Collection<SpiderIPPool> pools) {
        TreeSet<String> subnets = new TreeSet<>();
        boolean all = true;
        for (SpiderIPPool p : pools) {
            VersionedPatch.Deletion d = VersionedPatch.delete(client, p);
            LOG.infof("IPPool %s of a deleted application: %s", p.getMetadata().getName(), d);
            all &= d != VersionedPatch.Deletion.CHANGED;
            Optional.ofNullable(p.getMetadata().getLabels()).map(l -> l.get(SpiderpoolAnnotations.LABEL_OWNER_SPIDER_SUBNET))
                    .ifPresent(subnets::add);
        }
        subnets.forEach(s -> locks.with(s, () -> status.recompute(s)));
        return all;
    }

    private enum Round { DONE, CONFLICT, WAIT }

    private Optional<Duration> ensure(HasMetadata workload, PoolDemand d) {
        for (int attempt = 1; attempt <= RETRY.maxAttempts(); attempt++) {
            if (attempt > 1) {
                RETRY.pause(attempt - 1);
            }
            switch (locks.with(d.subnet(), () -> round(workload, d))) {
                case DONE -> {
                    return Optional.empty();
                }
                case WAIT -> {
                    return Optional.of(AFTER_WAITING);
                }
                case CONFLICT -> LOG.debugf("conflict planning %s for %s, re-reading", d.poolName(), d.app());
            }
        }
        return Optional.of(AFTER_CONFLICTS);
    }

    private Round round(HasMetadata workload, PoolDemand d) {
        SpiderSubnet subnet = client.resources(SpiderSubnet.class).withName(d.subnet()).get();
        if (subnet == null || subnet.getMetadata().getDeletionTimestamp() != null) {
            events.warning(workload, "SubnetNotFound", "SpiderSubnet " + d.subnet() + " named for " + d.nic() + " "
                    + d.family() + (subnet == null ? " does not exist" : " is being deleted")
                    + "; create it or name another subnet in ipam.spidernet.io/subnet(s)");
            return Round.WAIT;
        }
        List<SpiderIPPool> pools = status.pools();
        List<SpiderReservedIP> reserved = client.resources(SpiderReservedIP.class).list().getItems();
        AutoPoolPlan plan;
        try {
            plan = AutoPoolPlanner.plan(d, subnet, pools, ReservedAddresses.of(reserved));
        } catch (AutoPoolException.InsufficientSubnetIps e) {
            events.warning(workload, "InsufficientSubnetIPs", e.getMessage());
            return Round.WAIT;
        } catch (AutoPoolException e) {
            events.warning(workload, "InvalidAutoPoolRequest", e.getMessage());
            return Round.DONE;
        }
        plan.repair().ifPresent(r -> LOG.infof("repairing IPPool %s: %s", plan.poolName(), r));
        if (plan.subnetWrite().isPresent() && !status.write(subnet, plan.subnetWrite().get())) {
            return Round.CONFLICT;
        }
        if (plan.poolWrite().isPresent() && !write(plan.poolWrite().get(), pools)) {
            return Round.CONFLICT;
        }
        if (plan.shrinkBlocked().isPresent()) {
            LOG.info(plan.shrinkBlocked().get());
            return Round.WAIT;
        }
        return Round.DONE;
    }

    private boolean write(PoolWrite write, List<SpiderIPPool> pools) {
        return switch (write) {
            case PoolWrite.Create c -> VersionedPatch.create(client, c.pool());
            case PoolWrite.Update u -> {
                SpiderIPPool read = pools.stream().filter(p -> Objects.equals(p.getMetadata().getName(), u.poolName()))
                        .findFirst().orElseThrow();
                yield VersionedPatch.replace(client, u.applyTo(client.getKubernetesSerialization().clone(read)));
            }
        };
    }
}
