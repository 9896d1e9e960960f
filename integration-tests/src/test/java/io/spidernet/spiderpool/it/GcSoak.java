package io.spidernet.spiderpool.it;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.PodIdentity;
import io.spidernet.spiderpool.api.agent.v1.ReleaseRequest;
import io.spidernet.spiderpool.cni.AgentSocketCalls;
import io.spidernet.spiderpool.core.allocation.AllocatedIpsCodec;
import io.spidernet.spiderpool.core.allocation.AllocationRecord;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The GC soak (issue 5): pods through randomised lifecycles on real agents, the controller collecting
 * what they leave, against one pool with exactly as many addresses as pods may hold at once, so a
 * leak stops progress. A monitor checks all along that no running pod's record ever disappears.
 */
final class GcSoak {
    static final String NS = "soak";
    static final String POOL = "soak-v4";
    static final List<String> NODES = List.of("node-1", "node-2");
    private static final String FLAKY_NODE = "node-2";
    private static final String KUBELET_FINALIZER = "soak.spidernet.io/kubelet-not-done";
    private static final int STS_MAX = 4;
    /** Two StatefulSets scaling on one pool (upstream G00011). */
    private static final List<String> STATEFUL_SETS = List.of("db", "cache");

    /** How a pod's life ends. */
    enum End {
        /** deleted, and CNI DEL ran: the agent frees it */
        DEL,
        /** deleted at once (grace 0), no CNI DEL: the runtime crashed or the plugin binary was gone */
        GRACE_ZERO_NO_DEL,
        /** a graceful delete, no CNI DEL: the kubelet takes its grace period */
        TERMINATED_NO_DEL,
        /** a Job pod that completed: it stays in the API, its address must not */
        FINISHED,
        /** a pod on a node that went NotReady, deleted there and never confirmed */
        NOT_READY_NODE,
        /** a StatefulSet replica removed by a scale-down (half of them without CNI DEL) */
        STATEFULSET_SCALE_DOWN
    }

    record Result(int pods, Map<End, Integer> ends, Duration wall, Duration cleanAfterLastDeletion, List<String> violations,
                  int addRetries, List<String> leftovers) {}

    private final KubernetesClient client;
    private final Map<String, AgentSocketCalls> agents;
    private final int concurrency;
    private final int total;
    private final Random seed;
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger addRetries = new AtomicInteger();
    private final AtomicLong lastEnd = new AtomicLong();
    private final Map<End, AtomicInteger> ends = new EnumMap<>(End.class);
    /** Pods that hold an address and run: uid → (pod key, ip, since nanos); removed before their end starts. */
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    private volatile boolean done;
    private OwnerReference replicaSet;
    private OwnerReference job;

    private record Running(String key, String ip, long since) {}

    GcSoak(KubernetesClient client, AgentFleet fleet, int concurrency, int total, long seed) {
        this.client = client;
        this.agents = new ConcurrentHashMap<>();
        NODES.forEach(n -> agents.put(n, new AgentSocketCalls(fleet.socket(n))));
        this.concurrency = concurrency;
        this.total = total;
        this.seed = new Random(seed);
        for (End e : End.values()) {
            ends.put(e, new AtomicInteger());
        }
    }

    /** The pool holds exactly the pods that may hold an address at once: the lifecycle threads and the StatefulSet. */
    int poolSize() {
        return concurrency + STS_MAX * STATEFUL_SETS.size();
    }

    static void createNodes(KubernetesClient client) {
        for (String node : NODES) {
            setReady(client, node, true);
        }
    }

    void createCluster() {
        IPPoolSpec spec = new IPPoolSpec();
        spec.setIpVersion(IpVersion.IPV4);
        spec.setSubnet("10.200.0.0/16");
        spec.setIps(List.of("10.200.1.1-10.200.1." + poolSize()));
        SpiderIPPool pool = new SpiderIPPool();
        pool.setMetadata(new ObjectMetaBuilder().withName(POOL).build());
        pool.setSpec(spec);
        client.resource(pool).create();
        replicaSet = owner(client.apps().replicaSets().inNamespace(NS).resource(new ReplicaSetBuilder().withNewMetadata()
                .withName("web-6d4f").endMetadata().withNewSpec().withReplicas(concurrency).endSpec().build()).create());
        job = owner(client.batch().v1().jobs().inNamespace(NS).resource(new JobBuilder().withNewMetadata().withName("batch")
                .endMetadata().withNewSpec().withCompletions(total).endSpec().build()).create());
        for (String sts : STATEFUL_SETS) {
            client.apps().statefulSets().inNamespace(NS).resource(new StatefulSetBuilder().withNewMetadata().withName(sts)
                    .endMetadata().withNewSpec().withReplicas(0).endSpec().build()).create();
        }
    }

    Result run() throws Exception {
        long t0 = System.nanoTime();
        Thread monitor = Thread.ofPlatform().name("soak-monitor").start(this::monitor);
        Thread flapper = Thread.ofPlatform().name("soak-node-flapper").start(this::flapNode);
        try (ExecutorService threads = Executors.newFixedThreadPool(concurrency + STATEFUL_SETS.size())) {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                long s = seed.nextLong();
                work.add(threads.submit(() -> lifecycles(new Random(s))));
            }
            for (String sts : STATEFUL_SETS) {
                long s = seed.nextLong();
                work.add(threads.submit(() -> statefulSet(sts, new Random(s))));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            done = true;
            flapper.join();
        }
        setReady(client, FLAKY_NODE, true);
        Instant last = Instant.ofEpochMilli(lastEnd.get());
        Instant clean = awaitClean(Duration.ofSeconds(90));
        monitor.join();
        Map<End, Integer> counts = new EnumMap<>(End.class);
        ends.forEach((k, v) -> counts.put(k, v.get()));
        return new Result(started.get(), counts, Duration.ofNanos(System.nanoTime() - t0),
                clean == null ? null : Duration.between(last, clean), List.copyOf(violations), addRetries.get(),
                clean == null ? leftovers() : List.of());
    }

    /** Takes the next pod number, or -1 once {@code total} pods have started. */
    private int claim() {
        int n;
        do {
            n = started.get();
            if (n >= total) {
                return -1;
            }
        } while (!started.compareAndSet(n, n + 1));
        return n;
    }

    private void lifecycles(Random r) {
        int n;
        while ((n = claim()) >= 0) {
            End end = End.values()[r.nextInt(5)];
            String node = end == End.NOT_READY_NODE ? FLAKY_NODE : NODES.get(r.nextInt(NODES.size()));
            boolean isJob = end == End.FINISHED;
            Pod pod = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata()
                    .withName((isJob ? "batch-" : "web-6d4f-") + n).withNamespace(NS)
                    .withLabels(Map.of(CountingApiServer.NODE_LABEL, node)).withOwnerReferences(isJob ? job : replicaSet).endMetadata()
                    .withNewSpec().withNodeName(node).withTerminationGracePeriodSeconds(1L).endSpec()
                    .withNewStatus().withPhase("Running").endStatus().build()).create();
            String ip = add(pod);
            sleep(r.nextInt(300));
            end(pod, ip, end, r);
        }
    }

    private void statefulSet(String name, Random r) {
        int replicas = 0;
        while (started.get() < total) {
            int next = r.nextInt(STS_MAX + 1);
            if (next > replicas) {
                scale(name, next);
                for (int i = replicas; i < next; i++) {
                    if (claim() < 0) {
                        // out of pods: the StatefulSet keeps the replicas it has, so no slot waits for a pod
                        scale(name, i);
                        next = i;
                        break;
                    }
                    Pod pod = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name + "-" + i)
                            .withNamespace(NS).withLabels(Map.of(CountingApiServer.NODE_LABEL, NODES.get(i % 2)))
                            .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("StatefulSet")
                                    .withName(name).withUid(sts(name).getMetadata().getUid()).withController(true).build())
                            .endMetadata().withNewSpec().withNodeName(NODES.get(i % 2)).withTerminationGracePeriodSeconds(1L).endSpec()
                            .withNewStatus().withPhase("Running").endStatus().build()).create();
                    add(pod);
                }
            } else if (next < replicas) {
                scale(name, next);
                for (int i = next; i < replicas; i++) {
                    Pod pod = client.pods().inNamespace(NS).withName(name + "-" + i).get();
                    if (pod != null) {
                        stopRunning(pod);
                        delete(pod);
                        if (r.nextBoolean()) {
                            del(pod);
                        }
                        ended(End.STATEFULSET_SCALE_DOWN);
                    }
                }
            }
            replicas = next;
            sleep(200 + r.nextInt(800));
        }
    }

    private StatefulSet sts(String name) {
        return client.apps().statefulSets().inNamespace(NS).withName(name).get();
    }

    private void scale(String name, int replicas) {
        StatefulSet sts = sts(name);
        sts.getSpec().setReplicas(replicas);
        client.apps().statefulSets().resource(sts).update();
    }

    /** CNI ADD until it gets an address: a full pool fails the ADD and the kubelet retries. */
    private String add(Pod pod) {
        String node = pod.getSpec().getNodeName();
        AllocateRequest request = AllocateRequest.newBuilder().setContainerId("soak-" + pod.getMetadata().getUid()).setIfName("eth0")
                .setNetNamespace("/var/run/netns/" + pod.getMetadata().getUid()).setPod(identity(pod)).addDefaultIpv4Ippool(POOL).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            try {
                AllocateResponse answer = agents.get(node).allocate(request);
                String ip = answer.getIps(0).getAddress().split("/")[0];
                running.put(pod.getMetadata().getUid(), new Running(NS + "/" + pod.getMetadata().getName(), ip, System.nanoTime()));
                return ip;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("pod " + pod.getMetadata().getName() + " got no address in 120 s: " + e.getMessage(), e);
                }
                addRetries.incrementAndGet();
                sleep(100);
            }
        }
    }

    private void end(Pod pod, String ip, End end, Random r) {
        stopRunning(pod);
        switch (end) {
            case DEL -> {
                delete(pod);
                del(pod);
            }
            case GRACE_ZERO_NO_DEL -> delete(pod);
            case TERMINATED_NO_DEL, NOT_READY_NODE -> {
                edit(pod, p -> {
                    p.getMetadata().setFinalizers(List.of(KUBELET_FINALIZER));
                    p.getMetadata().setDeletionTimestamp(Instant.now().toString());
                    p.getMetadata().setDeletionGracePeriodSeconds(1L);
                });
                sleep(1000 + r.nextInt(2000));
                edit(pod, p -> p.getMetadata().setFinalizers(List.of()));
            }
            case FINISHED -> {
                Pod now = client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).get();
                now.setStatus(new PodBuilder(now).editStatus().withPhase("Succeeded").addNewContainerStatus().withName("main")
                        .withNewState().withNewTerminated().withExitCode(0).withFinishedAt(Instant.now().toString())
                        .endTerminated().endState().endContainerStatus().endStatus().build().getStatus());
                client.pods().resource(now).updateStatus();
            }
            case STATEFULSET_SCALE_DOWN -> throw new IllegalArgumentException("StatefulSet ends are the StatefulSet thread's");
        }
        ended(end);
    }

    private void ended(End end) {
        ends.get(end).incrementAndGet();
        lastEnd.set(System.currentTimeMillis());
    }

    private void stopRunning(Pod pod) {
        running.remove(pod.getMetadata().getUid());
    }

    private void delete(Pod pod) {
        client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).withGracePeriod(0).delete();
    }

    private void del(Pod pod) {
        try {
            agents.get(pod.getSpec().getNodeName()).release(ReleaseRequest.newBuilder().setContainerId("soak-" + pod.getMetadata().getUid())
                    .setIfName("eth0").setNetNamespace("/var/run/netns/" + pod.getMetadata().getUid()).setPod(identity(pod)).build());
        } catch (RuntimeException e) {
            // a DEL that fails leaves the address to the garbage collector, which is what is measured
        }
    }

    private void edit(Pod pod, Consumer<Pod> change) {
        for (int attempt = 0; attempt < 20; attempt++) {
            Pod now = client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).get();
            if (now == null) {
                return;
            }
            change.accept(now);
            try {
                client.pods().resource(now).update();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }

    /** Every 250 ms: every pod that ran since before the read still has its record. */
    private void monitor() {
        while (!done) {
            long before = System.nanoTime();
            Map<String, AllocationRecord> records = records();
            for (Map.Entry<String, Running> e : Map.copyOf(running).entrySet()) {
                Running r = e.getValue();
                AllocationRecord held = records.get(r.ip());
                if (r.since() < before && running.containsKey(e.getKey())
                        && (held == null || !held.podUid().equals(e.getKey()))) {
                    violations.add("running pod " + r.key() + " (" + e.getKey() + ") lost " + r.ip() + ": the pool holds " + held);
                }
            }
            sleep(250);
        }
    }

    private void flapNode() {
        boolean ready = true;
        while (!done) {
            sleep(3000);
            ready = !ready;
            setReady(client, FLAKY_NODE, ready);
        }
    }

    /** Waits until the pool holds exactly the running pods' addresses; when that was seen, or null. */
    private Instant awaitClean(Duration limit) {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < limit.toNanos()) {
            if (leftovers().isEmpty()) {
                return Instant.now();
            }
            sleep(100);
        }
        return null;
    }

    /** Records that are not a running pod's, and running pods without their record. */
    private List<String> leftovers() {
        Map<String, AllocationRecord> records = records();
        List<String> out = new ArrayList<>();
        Map<String, Running> live = Map.copyOf(running);
        records.forEach((ip, rec) -> {
            Running r = live.get(rec.podUid());
            if (r == null || !r.ip().equals(ip)) {
                out.add(ip + " still held by " + rec.pod() + " (" + rec.podUid() + "), no longer running");
            }
        });
        live.forEach((uid, r) -> {
            if (records.get(r.ip()) == null) {
                out.add("running pod " + r.key() + " has lost " + r.ip());
            }
        });
        return out;
    }

    private Map<String, AllocationRecord> records() {
        SpiderIPPool pool = client.resources(SpiderIPPool.class).withName(POOL).get();
        return AllocatedIpsCodec.decode(pool.getStatus() == null ? null : pool.getStatus().getAllocatedIPs());
    }

    private static void setReady(KubernetesClient client, String node, boolean ready) {
        var n = new NodeBuilder().withNewMetadata().withName(node).endMetadata().withNewStatus().addNewCondition()
                .withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus().build();
        client.nodes().resource(n).createOr(existing -> existing.update());
    }

    private static PodIdentity identity(Pod pod) {
        return PodIdentity.newBuilder().setNamespace(NS).setName(pod.getMetadata().getName()).setUid(pod.getMetadata().getUid()).build();
    }

    private static OwnerReference owner(HasMetadata o) {
        return new OwnerReferenceBuilder().withApiVersion(o.getApiVersion()).withKind(o.getKind()).withName(o.getMetadata().getName())
                .withUid(o.getMetadata().getUid()).withController(true).build();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
