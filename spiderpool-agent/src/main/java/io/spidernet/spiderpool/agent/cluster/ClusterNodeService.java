package io.spidernet.spiderpool.agent.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.spidernet.spiderpool.agent.ipam.EndpointRecord;
import io.spidernet.spiderpool.agent.ipam.NodeFailure;
import io.spidernet.spiderpool.agent.ipam.FlowNodeApi;
import io.spidernet.spiderpool.agent.ipam.NodeFlow;
import io.spidernet.spiderpool.agent.ipam.Replies;
import io.spidernet.spiderpool.agent.ipam.Workload;
import io.spidernet.spiderpool.api.agent.v1.CoordinatorConfig;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.GarbageCollectRequest;
import io.spidernet.spiderpool.api.agent.v1.GarbageCollectResponse;
import io.spidernet.spiderpool.api.agent.v1.GetCoordinatorConfigRequest;
import io.spidernet.spiderpool.api.agent.v1.GetWorkloadEndpointRequest;
import io.spidernet.spiderpool.api.agent.v1.HealthyRequest;
import io.spidernet.spiderpool.api.agent.v1.HealthyResponse;
import io.spidernet.spiderpool.api.agent.v1.WorkloadEndpoint;
import io.spidernet.spiderpool.core.allocation.AllocationEngine;
import io.spidernet.spiderpool.core.allocation.PoolStore;
import io.spidernet.spiderpool.core.allocation.RetryPolicy;
import io.spidernet.spiderpool.core.cni.CniAttachment;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.ipam.PodAllocator;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.kube.KubernetesEndpointStore;
import io.spidernet.spiderpool.kube.KubernetesPoolStore;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The node API against the API server, with upstream's pod semantics (upstream-ipam §4.1, §4.7, §4.9,
 * §5.1): a pod is identified by its UID; a dead pod gets nothing; a live pod's DEL frees nothing; a
 * StatefulSet replica or KubeVirt VM keeps its addresses across pods while its slot is valid. Pools
 * are written through core's engine (compare-and-set on the pool's resourceVersion, one write per
 * batch of this agent's requests); the SpiderEndpoint records what each pod holds.
 */
public final class ClusterNodeService extends FlowNodeApi<ClusterPods.Found, SpiderEndpoint> {
    private static final Logger LOG = Logger.getLogger(ClusterNodeService.class);

    private final ClusterView cluster;
    private final KubernetesPoolStore poolApi;
    private final Settings settings;
    private final ClusterAttachmentGc attachmentGc;

    /**
     * What the agent's configuration decides here.
     *
     * @param releaseConflictIps upstream {@code SPIDERPOOL_ENABLED_RELEASE_CONFLICT_IPS}
     * @param autoPoolWaits      looks for an application's auto-pool before giving up
     * @param autoPoolInterval   millis between looks
     * @param podsOfThisNodeOnly cache only this node's pods (others are read from the API when asked)
     */
    public record Settings(String nodeName, String spiderpoolNamespace, String clusterNetwork,
                           boolean releaseConflictIps, int autoPoolWaits, long autoPoolInterval,
                           String coordinatorName, boolean podsOfThisNodeOnly) {}

    /**
     * Fills the caches (waiting up to {@code cacheSync} for the first lists) and builds the service:
     * pools through {@link CachedPoolStore}, records through {@link KubernetesEndpointStore}.
     */
    public static ClusterNodeService open(KubernetesClient client, SpiderpoolConf conf, Settings settings,
                                          Duration cacheSync, RetryPolicy retry) {
        return open(client, conf, settings, cacheSync, retry, QueueWaits.NONE);
    }

    /** @param waits told how long each call waited for another call on the same record (the metrics) */
    public static ClusterNodeService open(KubernetesClient client, SpiderpoolConf conf, Settings settings,
                                          Duration cacheSync, RetryPolicy retry, QueueWaits waits) {
        ClusterCaches caches = ClusterCaches.start(client, settings.nodeName(), settings.podsOfThisNodeOnly(), cacheSync);
        KubernetesPoolStore poolApi = new KubernetesPoolStore(client);
        PoolStore pools = new CachedPoolStore(poolApi, caches::pool, caches.poolWrites());
        return new ClusterNodeService(new ClusterView(client, caches, conf, settings.nodeName()), poolApi,
                new KubernetesEndpointStore(client), new AllocationEngine(pools, retry, conf.maxAllocatedIPs()), conf, settings,
                waits);
    }

    private ClusterNodeService(ClusterView cluster, KubernetesPoolStore poolApi, KubernetesEndpointStore endpoints,
                               AllocationEngine engine, SpiderpoolConf conf, Settings settings, QueueWaits waits) {
        RecordLocks locks = new RecordLocks(waits);
        NodeFlow<ClusterPods.Found, SpiderEndpoint> node = new NodeFlow<>(
                new ClusterPods(cluster, new NodePods(cluster, settings.nodeName()), settings.releaseConflictIps()),
                new ClusterRecords(cluster, endpoints, locks, settings.nodeName()), engine,
                new PodAllocator(engine, conf, settings.spiderpoolNamespace(), settings.clusterNetwork()), cluster::snapshot,
                conf, settings.nodeName(), new NodeFlow.AutoPoolWait(settings.autoPoolWaits(), settings.autoPoolInterval()));
        super(node);
        this.cluster = cluster;
        this.poolApi = poolApi;
        this.settings = settings;
        this.attachmentGc = new ClusterAttachmentGc(cluster, endpoints, locks, settings.nodeName(),
                (ns, name, uid) -> node.releaseHeld(ClusterPods.recordOnly(ns, name, uid), Optional.empty()),
                (ep, uid, nics) -> node.free(ClusterRecords.viewOf(ep), nics));
    }

    @Override
    public String describe() {
        return "kubernetes store (" + cluster.describe() + ")";
    }

    @Override
    public void close() {
        cluster.close();
    }

    @Override
    public long poolWrites() {
        return poolApi.writes();
    }

    @Override
    public long poolWriteConflicts() {
        return poolApi.conflicts();
    }

    /** CNI GC: see {@link ClusterAttachmentGc}. */
    @Override
    public GarbageCollectResponse garbageCollect(GarbageCollectRequest req) {
        Set<CniAttachment> valid = req.getValidAttachmentsList().stream()
                .map(a -> new CniAttachment(a.getContainerId(), a.getIfName())).collect(Collectors.toSet());
        return GarbageCollectResponse.newBuilder().addAllReleased(attachmentGc.collect(req.getNetwork(), valid)).build();
    }

    // ---------------------------------------------------------------- reads

    @Override
    public HealthyResponse healthy(HealthyRequest req) {
        return HealthyResponse.newBuilder().setServing(true).setStore("kubernetes").build();
    }

    @Override
    public WorkloadEndpoint workloadEndpoint(GetWorkloadEndpointRequest req) {
        String ns = Workload.required(req.getPodNamespace(), "pod_namespace");
        String name = Workload.required(req.getPodName(), "pod_name");
        SpiderEndpoint ep = cluster.endpoint(ns, name).filter(e -> e.getStatus() != null && e.getStatus().current() != null)
                .orElseThrow(() -> new NodeFailure(Failure.Kind.NOT_FOUND, "no SpiderEndpoint " + ns + "/" + name));
        return Replies.workloadEndpoint(new EndpointRecord(ns, name, "", ep.getStatus().current()));
    }

    /** Served from the caches only, so that the coordinator's DEL never waits on the API server. */
    @Override
    public CoordinatorConfig coordinatorConfig(GetCoordinatorConfigRequest req) {
        String name = settings.coordinatorName();
        Pod pod = cluster.cachedPod(req.getPodNamespace(), req.getPodName())
                .orElseThrow(() -> CoordinatorConfigs.podMissing(req.getPodNamespace(), req.getPodName()));
        return CoordinatorConfigs.of(name, cluster.coordinator(name).orElse(null), pod.getMetadata().getAnnotations());
    }
}
