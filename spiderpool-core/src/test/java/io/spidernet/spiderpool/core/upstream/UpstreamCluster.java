package io.spidernet.spiderpool.core.upstream;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.spidernet.spiderpool.core.allocation.AllocatedIpsCodec;
import io.spidernet.spiderpool.core.allocation.AllocationEngine;
import io.spidernet.spiderpool.core.allocation.AllocationRecord;
import io.spidernet.spiderpool.core.allocation.MemoryPoolStore;
import io.spidernet.spiderpool.core.allocation.PodRef;
import io.spidernet.spiderpool.core.allocation.Pools;
import io.spidernet.spiderpool.core.allocation.RetryPolicy;
import io.spidernet.spiderpool.core.annotation.PoolNames;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ipam.IpamAnswer;
import io.spidernet.spiderpool.core.ipam.PodAllocator;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.ReservedIPSpec;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderReservedIP;
import io.spidernet.spiderpool.core.selection.PodFacts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A cluster as upstream's e2e cases see it, cut down to what IPAM reads: pools in a
 * {@link MemoryPoolStore}, SpiderReservedIPs, namespaces and nodes with their labels and
 * annotations, and pods whose CNI ADD runs the agent's path ({@link PodAllocator} over an
 * {@link AllocationEngine}). Where a case creates a Deployment, a pod of it is created here with
 * that controller; the scheduler and kubelet are the test's own sequence of ADDs.
 */
final class UpstreamCluster {
    static final String SPIDERPOOL_NAMESPACE = "kube-system";
    /** What the agent gets as MULTUS_CLUSTER_NETWORK: the NIC network of an eth0 that names none. */
    static final String CLUSTER_NETWORK = "kube-system/macvlan-vlan0";
    static final String DEFAULT_NODE = "node-1";

    private final MemoryPoolStore store = new MemoryPoolStore();
    private final AllocationEngine engine = new AllocationEngine(store, RetryPolicy.immediate(5), 5000);
    private final PodAllocator allocator = new PodAllocator(engine, SpiderpoolConf.defaults(), SPIDERPOOL_NAMESPACE, CLUSTER_NETWORK);
    private final Map<String, SpiderReservedIP> reserved = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
    private final Map<String, Map<String, String>> namespaceAnnotations = new HashMap<>();
    private final Map<String, Map<String, String>> nodeLabels = new HashMap<>();

    // --- cluster objects ------------------------------------------------------------------

    SpiderIPPool pool(String name, String subnet, String... ips) {
        return pool(name, subnet, List.of(ips), spec -> { });
    }

    SpiderIPPool pool(String name, String subnet, List<String> ips, Consumer<IPPoolSpec> spec) {
        return store.put(Pools.pool(name, subnet, ips, spec));
    }

    /** A pool with labels, as the controller writes them on an application's pool. */
    SpiderIPPool pool(String name, String subnet, List<String> ips, Map<String, String> labels, Consumer<IPPoolSpec> spec) {
        SpiderIPPool p = Pools.pool(name, subnet, ips, spec);
        p.setMetadata(new ObjectMetaBuilder(p.getMetadata()).addToLabels(labels).build());
        return store.put(p);
    }

    /** {@code kubectl edit} of a pool's spec: the status, and so every allocation, is kept. */
    void editSpec(String pool, Consumer<IPPoolSpec> edit) {
        SpiderIPPool p = store.read(pool).orElseThrow();
        edit.accept(p.getSpec());
        store.put(p);
    }

    /** A SpiderReservedIP; the family comes from the first address, as the webhook infers it. */
    void reserve(String name, String... ips) {
        SpiderReservedIP r = new SpiderReservedIP();
        r.setMetadata(new ObjectMetaBuilder().withName(name).build());
        r.setSpec(new ReservedIPSpec());
        r.getSpec().setIpVersion(IpVersion.of(IpAddress.parse(ips[0].split("-")[0]).family()));
        r.getSpec().setIps(List.of(ips));
        reserved.put(name, r);
    }

    void deleteReserved(String name) {
        reserved.remove(name);
    }

    void namespace(String name, Map<String, String> labels, Map<String, String> annotations) {
        namespaceLabels.put(name, Map.copyOf(labels));
        namespaceAnnotations.put(name, Map.copyOf(annotations));
    }

    void node(String name, Map<String, String> labels) {
        nodeLabels.put(name, Map.copyOf(labels));
    }

    Pod pod(String namespace, String name) {
        return new Pod(namespace, name);
    }

    // --- what a case checks afterwards ----------------------------------------------------

    /** The pool's {@code status.allocatedIPs}: address to holder. */
    Map<String, AllocationRecord> allocations(String pool) {
        var status = store.read(pool).orElseThrow().getStatus();
        return AllocatedIpsCodec.decode(status == null ? null : status.getAllocatedIPs());
    }

    long allocatedIPCount(String pool) {
        var status = store.read(pool).orElseThrow().getStatus();
        return status == null || status.getAllocatedIPCount() == null ? 0 : status.getAllocatedIPCount();
    }

    /** CNI DEL of a pod whose addresses live in {@code pools}: what the agent does once it is gone. */
    List<AllocationEngine.PoolAddress> release(Pod pod, String... pools) {
        return engine.release(pod.ref(), List.of(pools));
    }

    /** One line per address, {@code "<nic> <address/prefix> from <pool>"}, in the answer's order. */
    static List<String> addresses(IpamAnswer answer) {
        return answer.ipConfigs().stream().map(c -> c.nic() + " " + c.address() + " from " + c.ipPool()).toList();
    }

    /**
     * A pod about to be set up on a node. Without an owner it is a bare pod; {@link #ownedBy}
     * names its top controller (the Deployment, not the ReplicaSet).
     */
    final class Pod {
        private final String namespace;
        private final String name;
        private String uid;
        private String node = DEFAULT_NODE;
        private Map<String, String> labels = Map.of();
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private PodFacts.TopController controller; // null: a bare pod

        private Pod(String namespace, String name) {
            this.namespace = namespace;
            this.name = name;
            this.uid = "uid-" + namespace + "-" + name;
        }

        Pod uid(String uid) {
            this.uid = uid;
            return this;
        }

        Pod on(String node) {
            this.node = node;
            return this;
        }

        Pod labels(Map<String, String> labels) {
            this.labels = Map.copyOf(labels);
            return this;
        }

        Pod annotate(String key, String value) {
            annotations.put(key, value);
            return this;
        }

        /** Owned by an {@code apps/v1} workload (Deployment, DaemonSet, StatefulSet, ReplicaSet). */
        Pod ownedBy(String kind, String workload) {
            controller = new PodFacts.TopController("apps", "v1", kind, namespace, workload, "uid-" + kind + "-" + workload);
            return this;
        }

        PodRef ref() {
            return new PodRef(namespace, name, uid);
        }

        /** The top controller; a bare pod is its own. */
        PodFacts.TopController controller() {
            return controller != null ? controller : new PodFacts.TopController("", "v1", "Pod", namespace, name, uid);
        }

        /** CNI ADD for eth0 with a CNI config that names no pools. */
        IpamAnswer add() {
            return add("eth0", PoolNames.none());
        }

        /** CNI ADD for {@code nic}; {@code cniPools} are the config's default_ipv4/ipv6_ippool. */
        IpamAnswer add(String nic, PoolNames cniPools) {
            PodFacts facts = new PodFacts(namespace, name, labels, namespaceLabels.getOrDefault(namespace, Map.of()),
                    node, nodeLabels.getOrDefault(node, Map.of()), controller());
            return allocator.allocate(new PodAllocator.Request(nic, ref(), facts, Map.copyOf(annotations),
                    namespaceAnnotations.getOrDefault(namespace, Map.of()), cniPools, false),
                    new PodAllocator.Snapshot(store.list(), new ArrayList<>(reserved.values())));
        }
    }
}
