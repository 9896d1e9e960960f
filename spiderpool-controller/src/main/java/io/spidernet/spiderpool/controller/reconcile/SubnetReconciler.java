package io.spidernet.spiderpool.controller.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.spidernet.spiderpool.kube.VersionedPatch;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.autopool.SubnetMembers;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import io.spidernet.spiderpool.core.webhook.IpamLabels;
import org.jboss.logging.Logger;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps a SpiderSubnet's status (controlledIPPools and the counts) in step with the pools it
 * controls, adopts manual pools of its CIDR that were created before it, and on deletion deletes its
 * pools before letting the subnet go. Pool events reach it through an informer on SpiderIPPools, so
 * a pool created, resized or gone updates the subnet's record. Does nothing without the subnet
 * feature.
 *
 * <p>It keeps upstream's finalizer itself; the operator SDK does not show deleted subnets to it,
 * {@link DeletionWatch} does.
 *
 * <p>Upstream re-issues the subnet's delete with foreground propagation and lets the garbage
 * collector delete the pools; here they are deleted explicitly, which works the same in a cluster
 * and needs no garbage collector in tests.
 */
@ControllerConfiguration(name = "spidersubnet", generationAwareEventProcessing = false)
public class SubnetReconciler implements Reconciler<SpiderSubnet> {
    private static final Logger LOG = Logger.getLogger(SubnetReconciler.class);
    private static final Duration AGAIN = Duration.ofSeconds(5);

    private final KubernetesClient client;
    private final ReconcileEvents events;
    private final SpiderpoolConf conf;
    private final SubnetLocks locks;
    private final SubnetStatusSync status;

    public SubnetReconciler(KubernetesClient client, ReconcileEvents events, SpiderpoolConf conf, SubnetLocks locks,
                            SubnetStatusSync status) {
        this.client = client;
        this.events = events;
        this.conf = conf;
        this.locks = locks;
        this.status = status;
    }

    @Override
    public List<EventSource<?, SpiderSubnet>> prepareEventSources(EventSourceContext<SpiderSubnet> context) {
        var pools = InformerEventSourceConfiguration.from(SpiderIPPool.class, SpiderSubnet.class)
                .withName("subnet-pools")
                .withSecondaryToPrimaryMapper((SpiderIPPool pool) -> subnetsOf(pool, context.getPrimaryCache().list().toList()))
                .build();
        return List.of(new InformerEventSource<>(pools, context));
    }

    @Override
    public UpdateControl<SpiderSubnet> reconcile(SpiderSubnet subnet, Context<SpiderSubnet> context) {
        return reconcile(subnet) ? UpdateControl.noUpdate() : UpdateControl.<SpiderSubnet>noUpdate().rescheduleAfter(AGAIN);
    }

    /** One pass; false when a write lost a race or pools are still going (the caller comes back). */
    public boolean reconcile(SpiderSubnet subnet) {
        if (!conf.enableSpiderSubnet()) {
            return true;
        }
        return locks.with(subnet.getMetadata().getName(), () -> subnet.getMetadata().getDeletionTimestamp() != null
                ? release(subnet) : sync(subnet));
    }

    private boolean sync(SpiderSubnet subnet) {
        boolean done = true;
        boolean adopted = false;
        for (SpiderIPPool pool : status.pools()) {
            var adoption = SubnetMembers.adoption(subnet, pool, conf);
            if (adoption.isEmpty()) {
                continue;
            }
            switch (adoption.get()) {
                case SubnetMembers.Adoption.Adopt a -> {
                    boolean written = VersionedPatch.replace(client, a.pool());
                    done &= written;
                    adopted |= written;
                    if (written) {
                        events.normal(pool, "Adopted", "controlled by SpiderSubnet " + subnet.getMetadata().getName()
                                + " of the same CIDR");
                    }
                }
                case SubnetMembers.Adoption.Refuse r -> events.warning(pool, "NotAdopted", r.reason());
            }
        }
        if (adopted) {
            LOG.debugf("SpiderSubnet %s adopted pools", subnet.getMetadata().getName());
        }
        return status.recompute(subnet) && done;
    }

    /** Deletes the subnet's pools; once none is left, removes the finalizer. */
    private boolean release(SpiderSubnet subnet) {
        List<SpiderIPPool> controlled = status.pools().stream().filter(p -> SubnetMembers.controlledBy(p, subnet)).toList();
        if (controlled.isEmpty()) {
            List<String> finalizers = subnet.getMetadata().getFinalizers();
            if (finalizers == null || !finalizers.contains(SpiderpoolGroup.FINALIZER)) {
                return true;
            }
            List<String> rest = finalizers.stream().filter(f -> !SpiderpoolGroup.FINALIZER.equals(f)).toList();
            boolean removed = VersionedPatch.finalizers(client, subnet, rest);
            if (removed) {
                LOG.infof("SpiderSubnet %s is deleted and controls no pool: finalizer removed", subnet.getMetadata().getName());
            }
            return removed;
        }
        for (SpiderIPPool p : controlled) {
            // a pool changed since the cache's copy is kept; its change event brings this subnet back
            if (!p.isTerminating() && VersionedPatch.delete(client, p) == VersionedPatch.Deletion.DELETED) {
                events.normal(subnet, "DeletingIPPool", "deleting IPPool " + p.getMetadata().getName() + " with its SpiderSubnet");
            }
        }
        status.recompute(subnet);
        return false;
    }

    /** The subnets a pool event concerns: its owner, and any subnet of its CIDR that might adopt it. */
    static Set<ResourceID> subnetsOf(SpiderIPPool pool, List<SpiderSubnet> subnets) {
        Set<ResourceID> out = new HashSet<>();
        Map<String, String> labels = pool.getMetadata().getLabels();
        if (labels != null && labels.get(SpiderpoolAnnotations.LABEL_OWNER_SPIDER_SUBNET) != null) {
            out.add(new ResourceID(labels.get(SpiderpoolAnnotations.LABEL_OWNER_SPIDER_SUBNET)));
        }
        if (pool.getMetadata().getOwnerReferences() != null) {
            pool.getMetadata().getOwnerReferences().stream().filter(r -> "SpiderSubnet".equals(r.getKind()))
                    .forEach(r -> out.add(new ResourceID(r.getName())));
        }
        // the webhook's CIDR label, or the spec itself for a pool that reached the API without the webhook
        String cidr = labels != null && labels.get(SpiderpoolAnnotations.LABEL_IPPOOL_CIDR) != null
                ? labels.get(SpiderpoolAnnotations.LABEL_IPPOOL_CIDR)
                : pool.getSpec() == null || pool.getSpec().getSubnet() == null ? null : IpamLabels.cidrLabelValue(pool.getSpec().getSubnet());
        if (cidr != null) {
            subnets.stream().filter(s -> s.getSpec() != null && s.getSpec().getSubnet() != null)
                    .filter(s -> cidr.equals(IpamLabels.cidrLabelValue(s.getSpec().getSubnet())))
                    .forEach(s -> out.add(new ResourceID(s.getMetadata().getName())));
        }
        return out;
    }
}
