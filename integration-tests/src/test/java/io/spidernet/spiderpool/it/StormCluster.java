package io.spidernet.spiderpool.it;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpRange;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The cluster a storm runs in, as objects in the API server: the {@code storm} namespace, nodes
 * {@code node-1..N}, its IPv4 pools, and Deployments whose
 * ReplicaSets own the pods, placed round-robin on the nodes and Running, as the scheduler and
 * kubelet would leave them. No controller runs: the objects are written as those would write them.
 *
 * <p>Up to {@code perPool} pods share one pool of exactly as many addresses as pods, which every
 * agent allocates from (issue 4's shape). More pods get a pool of {@code perPool} addresses per node,
 * bound to it by {@code nodeAffinity} on {@code kubernetes.io/hostname}, and every CNI call lists all
 * of them as default pools: the agent picks the one whose affinity matches its node. That is how a
 * cluster whose nodes sit in separate L2 segments is laid out (upstream's "pool per node"), and it
 * keeps one pool's ledger at the size upstream caps it near rather than letting 10 000 records pile
 * into one object.
 * The mock API server gives every object a fresh UID on create, as a real one does; the pods' UIDs
 * are read back from what it answered.
 */
final class StormCluster {
    static final String NAMESPACE = "storm";
    /** The shared pool's name, and the prefix of the per-node pools' names. */
    static final String POOL = "storm-v4";
    /** The range starts past the gateway, so every address of the range can be handed out. */
    static final IpAddress FIRST = IpAddress.parse("10.100.1.0");
    private static final String HOSTNAME = "kubernetes.io/hostname";

    /** One pod, as the CNI call and the checks need it; {@code pool} is the one its address must come from. */
    record StormPod(String namespace, String name, String uid, String node, String pool) {
        String ref() {
            return namespace + "/" + name;
        }
    }

    private final KubernetesClient client;
    private final List<String> nodes;
    private final List<ReplicaSet> replicaSets = new ArrayList<>();
    private final IpRange range;
    /** node -> the pool its pods take addresses from, in node order. */
    private final Map<String, String> poolOfNode = new LinkedHashMap<>();

    private StormCluster(KubernetesClient client, List<String> nodes, IpRange range) {
        this.client = client;
        this.nodes = nodes;
        this.range = range;
    }

    /** Namespace, nodes, one pool of exactly {@code pods} addresses and {@code deployments} Deployments with a ReplicaSet each. */
    static StormCluster create(KubernetesClient client, int nodeCount, int pods, int deployments) {
        return create(client, nodeCount, pods, deployments, pods);
    }

    /**
     * As {@link #create(KubernetesClient, int, int, int)} for up to {@code perPool} pods; for more, a
     * pool of {@code perPool} addresses per node (see the class comment).
     */
    static StormCluster create(KubernetesClient client, int nodeCount, int pods, int deployments, int perPool) {
        List<String> nodes = new ArrayList<>();
        for (int i = 1; i <= nodeCount; i++) {
            nodes.add("node-" + i);
        }
        boolean shared = pods <= perPool;
        if (!shared && (long) perPool * nodeCount < pods) {
            throw new IllegalArgumentException(pods + " pods do not fit " + nodeCount + " pools of " + perPool
                    + " addresses: raise the pool size or the node count");
        }
        long addresses = shared ? pods : (long) perPool * nodeCount;
        StormCluster cluster = new StormCluster(client, nodes, new IpRange(FIRST, FIRST.plus(addresses - 1)));
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
        for (String node : nodes) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(node)
                    .withLabels(Map.of(HOSTNAME, node, "kubernetes.io/os", "linux")).endMetadata().build()).create();
        }
        if (shared) {
            cluster.createPool(POOL, cluster.range, null);
            nodes.forEach(n -> cluster.poolOfNode.put(n, POOL));
        } else {
            for (int i = 0; i < nodeCount; i++) {
                IpAddress first = FIRST.plus((long) i * perPool);
                String name = POOL + "-" + nodes.get(i);
                cluster.createPool(name, new IpRange(first, first.plus(perPool - 1L)), nodes.get(i));
                cluster.poolOfNode.put(nodes.get(i), name);
            }
        }
        for (int d = 1; d <= deployments; d++) {
            cluster.createDeployment("app-" + d);
        }
        return cluster;
    }

    List<String> nodes() {
        return nodes;
    }

    /** Every pool's addresses: the pools' ranges follow one another. */
    IpRange range() {
        return range;
    }

    /** Every pool, the default pool list of each CNI call. */
    List<String> pools() {
        return poolOfNode.values().stream().distinct().toList();
    }

    /**
     * Cluster-scoped, so without a namespace (the mock hangs on one); bound to {@code node} by
     * nodeAffinity unless that is null.
     */
    private void createPool(String name, IpRange addresses, String node) {
        IPPoolSpec spec = new IPPoolSpec();
        spec.setIpVersion(IpVersion.of(FIRST.family()));
        spec.setSubnet("10.100.0.0/16");
        spec.setIps(List.of(addresses.first() + "-" + addresses.last()));
        spec.setGateway("10.100.0.1");
        if (node != null) {
            spec.setNodeAffinity(new LabelSelectorBuilder().withMatchLabels(Map.of(HOSTNAME, node)).build());
        }
        SpiderIPPool pool = new SpiderIPPool();
        pool.setMetadata(new ObjectMetaBuilder().withName(name).build());
        pool.setSpec(spec);
        client.resource(pool).create();
    }

    private void createDeployment(String name) {
        Map<String, String> labels = Map.of("app", name);
        Deployment deployment = client.apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("registry.k8s.io/pause:3.10").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        replicaSets.add(client.apps().replicaSets().inNamespace(NAMESPACE).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName(name + "-5f7c9d8b4").withLabels(labels)
                .withOwnerReferences(controller(deployment)).endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(labels).endSelector().endSpec().build()).create());
    }

    /**
     * {@code perReplicaSet} fresh pods (new names and UIDs, prefixed by {@code round}) in every
     * ReplicaSet, the n-th pod overall on node n mod N: what a rollout leaves before kubelet's CNI ADDs.
     */
    List<StormPod> createPods(String round, int perReplicaSet) {
        return createPodsOn(round, perReplicaSet, nodes);
    }

    /** As {@link #createPods}, round-robin on {@code on} only (the nodes that are left after one was lost). */
    List<StormPod> createPodsOn(String round, int perReplicaSet, List<String> on) {
        List<Pod> pods = new ArrayList<>();
        int n = 0;
        for (ReplicaSet rs : replicaSets) {
            for (int i = 0; i < perReplicaSet; i++, n++) {
                pods.add(pod(rs, round + "-" + i, on.get(n % on.size())));
            }
        }
        return parallel(pods, this::create);
    }

    /**
     * Replica {@code ordinal} of StatefulSet {@code name} (created with {@code ordinal + 1} replicas if
     * absent) on {@code node}, Running: its slot stays valid, so its address is fixed across pods.
     */
    StormPod createStatefulSetPod(String name, int ordinal, String node) {
        StatefulSet sts = client.apps().statefulSets().inNamespace(NAMESPACE).withName(name).get();
        if (sts == null) {
            Map<String, String> labels = Map.of("app", name);
            sts = client.apps().statefulSets().inNamespace(NAMESPACE).resource(new StatefulSetBuilder()
                    .withNewMetadata().withName(name).withLabels(labels).endMetadata()
                    .withNewSpec().withReplicas(ordinal + 1).withNewSelector().withMatchLabels(labels).endSelector().endSpec()
                    .build()).create();
        }
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(name + "-" + ordinal).withNamespace(NAMESPACE)
                .withLabels(Map.of("app", name, CountingApiServer.NODE_LABEL, node))
                .withOwnerReferences(controller(sts)).endMetadata()
                .withNewSpec().withNodeName(node)
                .addNewContainer().withName("app").withImage("registry.k8s.io/pause:3.10").endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus()
                .build();
        return create(pod);
    }

    private StormPod create(Pod p) {
        Pod created = client.pods().inNamespace(NAMESPACE).resource(p).create();
        String node = created.getSpec().getNodeName();
        return new StormPod(NAMESPACE, created.getMetadata().getName(), created.getMetadata().getUid(), node,
                poolOfNode.get(node));
    }

    /** Deletes the pods at once (grace period 0, as after the kubelet confirmed the kill). */
    void deletePods(List<StormPod> pods) {
        parallel(pods, p -> client.pods().inNamespace(p.namespace()).withName(p.name()).withGracePeriod(0).delete());
    }

    private static Pod pod(ReplicaSet rs, String suffix, String node) {
        String app = rs.getMetadata().getLabels().get("app");
        return new PodBuilder()
                .withNewMetadata().withName(rs.getMetadata().getName() + "-" + suffix).withNamespace(NAMESPACE)
                .withLabels(Map.of("app", app, CountingApiServer.NODE_LABEL, node))
                .withOwnerReferences(controller(rs)).endMetadata()
                .withNewSpec().withNodeName(node)
                .addNewContainer().withName("app").withImage("registry.k8s.io/pause:3.10").endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus()
                .build();
    }

    private static OwnerReference controller(HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    /** Many small requests at once: sequentially, a thousand pods would take longer than the storm. */
    private static <T, R> List<R> parallel(List<T> items, Function<T, R> call) {
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<R>> futures = items.stream().map(i -> pool.submit(() -> call.apply(i))).toList();
            List<R> out = new ArrayList<>(futures.size());
            for (Future<R> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("API request failed: " + e.getMessage(), e);
        }
    }
}
