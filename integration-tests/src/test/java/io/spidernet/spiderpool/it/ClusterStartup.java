package io.spidernet.spiderpool.it;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.PodIdentity;
import io.spidernet.spiderpool.cni.AgentSocketCalls;
import io.spidernet.spiderpool.core.allocation.AllocatedIpsCodec;
import io.spidernet.spiderpool.core.allocation.AllocationRecord;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.model.EndpointStatus;
import io.spidernet.spiderpool.core.model.IPAllocationDetail;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.PodIPAllocation;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An agent starting on a cluster that already holds many allocations: {@code pools} SpiderIPPools with
 * {@code perPool} records each in their status, one SpiderEndpoint per allocation (spread over
 * {@code nodes} nodes), and the pods of the agent's own node. Measures from the agent's process start
 * until its CNI socket serves (it opens only once its caches hold every object), then serves one ADD
 * to show it is really ready.
 */
final class ClusterStartup {
    static final String NAMESPACE = "startup";
    static final String NODE = "node-1";

    /**
     * What one start measured: until the CNI socket served, what the agent had cached then, the probe's
     * address, and the agent's line saying when its SpiderEndpoint cache (filled in the background) was full.
     */
    record Result(Duration ready, Duration cpuToReady, String cached, String address, String endpointsListed, ProcessMemory memory) {}

    private ClusterStartup() {}

    /** Creates the objects; returns how long that took (the mock API server writes one at a time). */
    static Duration populate(KubernetesClient client, int pools, int perPool, int nodes) throws Exception {
        long t0 = System.nanoTime();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
        for (int n = 1; n <= nodes; n++) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-" + n).endMetadata().build()).create();
        }
        List<Runnable> writes = new ArrayList<>();
        for (int p = 0; p < pools; p++) {
            int pool = p;
            Map<String, AllocationRecord> records = new TreeMap<>();
            List<SpiderEndpoint> endpoints = new ArrayList<>();
            for (int i = 0; i < perPool; i++) {
                String pod = "pod-" + pool + "-" + i;
                String uid = UUID.randomUUID().toString();
                String ip = address(pool, i + 1);
                records.put(ip, new AllocationRecord(NAMESPACE + "/" + pod, uid));
                String node = "node-" + ((pool * perPool + i) % nodes + 1);
                endpoints.add(endpoint(pod, uid, node, ip, "start-" + pool));
                if (node.equals(NODE)) {
                    writes.add(() -> client.resource(pod(pod, uid)).create());
                }
            }
            createPool(client, pool, perPool * 2, records);
            endpoints.forEach(ep -> writes.add(() -> client.resource(ep).create()));
        }
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<?>> done = writes.stream().map(threads::submit).<Future<?>>map(f -> f).toList();
            for (Future<?> f : done) {
                f.get();
            }
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /**
     * Starts an agent for {@link #NODE}, waits until it serves, and asks it for one address for the
     * probe pod ({@link #createProbePod}).
     */
    static Result start(String apiUrl, List<String> jvmOptions, String probeUid) throws IOException, InterruptedException {
        return start(apiUrl, jvmOptions, probeUid, Duration.ZERO);
    }

    /**
     * As {@link #start(String, List, String)}, and reads the agent's resident memory once its
     * SpiderEndpoint cache is full and it has then been left alone for {@code settle} (the benchmark's
     * "10 000 allocations cached" figure).
     */
    static Result start(String apiUrl, List<String> jvmOptions, String probeUid, Duration settle)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("startup-agent");
        Map<String, String> props = agentSettings(apiUrl);
        long t0 = System.nanoTime();
        try (AgentProcess agent = AgentProcess.launch(dir.resolve("agent.sock"), props, jvmOptions, dir.resolve("agent.log"))) {
            agent.awaitReady(Duration.ofSeconds(120));
            Duration ready = Duration.ofNanos(System.nanoTime() - t0);
            Duration cpu = agent.cpu();
            AllocateResponse got = new AgentSocketCalls(agent.socket()).allocate(AllocateRequest.newBuilder()
                    .setContainerId("startup-probe").setIfName("eth0")
                    .setPod(PodIdentity.newBuilder().setNamespace(NAMESPACE).setName("pod-probe").setUid(probeUid))
                    .addDefaultIpv4Ippool("start-0").build());
            String cached = logLine(agent, "spiderpool-agent: ");
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (logLine(agent, "SpiderEndpoints listed: ").isEmpty() && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            Thread.sleep(settle.toMillis());
            return new Result(ready, cpu, cached, got.getIps(0).getAddress(), logLine(agent, "SpiderEndpoints listed: "),
                    ProcessMemory.of(agent.pid()));
        }
    }

    /** An agent for {@link #NODE} on the cluster store of the API server at {@code apiUrl}. */
    static Map<String, String> agentSettings(String apiUrl) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("spiderpool.agent.store", "kubernetes");
        props.put("spiderpool.agent.node-name", NODE);
        props.put("quarkus.kubernetes-client.api-server-url", apiUrl);
        props.put("quarkus.kubernetes-client.trust-certs", "true");
        return props;
    }

    private static String logLine(AgentProcess agent, String marker) throws IOException {
        return agent.log().lines().filter(l -> l.contains(marker)).findFirst().map(l -> l.substring(l.indexOf(marker))).orElse("");
    }

    /** The probe pod, on the agent's node, so its ADD is served like any other; returns its UID. */
    static String createProbePod(KubernetesClient client) {
        return client.resource(pod("pod-probe", UUID.randomUUID().toString())).create().getMetadata().getUid();
    }

    private static void createPool(KubernetesClient client, int pool, int size, Map<String, AllocationRecord> records) {
        IPPoolSpec spec = new IPPoolSpec();
        spec.setIpVersion(IpVersion.of(IpFamily.V4));
        spec.setSubnet("10." + (100 + pool) + ".0.0/16");
        spec.setIps(List.of(address(pool, 1) + "-" + address(pool, size)));
        SpiderIPPool p = new SpiderIPPool();
        p.setMetadata(new ObjectMetaBuilder().withName("start-" + pool).build());
        p.setSpec(spec);
        SpiderIPPool created = client.resource(p).create();
        created.setStatus(new IPPoolStatus(AllocatedIpsCodec.encode(records), (long) size, (long) records.size()));
        client.resource(created).updateStatus();
    }

    /** The {@code n}-th address of pool {@code pool}'s /16 (n ≥ 1). */
    static String address(int pool, int n) {
        return "10." + (100 + pool) + "." + (n / 256) + "." + (n % 256);
    }

    private static SpiderEndpoint endpoint(String pod, String uid, String node, String ip, String pool) {
        SpiderEndpoint ep = new SpiderEndpoint();
        ep.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(pod).withFinalizers(SpiderpoolGroup.FINALIZER)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod").withName(pod).withUid(uid)
                        .withController(false).withBlockOwnerDeletion(true).build()).build());
        IPAllocationDetail nic = new IPAllocationDetail("eth0", ip + "/16", null, pool, null, 0L, null, null, null, List.of(), null);
        ep.setStatus(new EndpointStatus(new PodIPAllocation(uid, node, List.of(nic)), "Deployment", "app"));
        return ep;
    }

    private static Pod pod(String name, String uid) {
        return new PodBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(name).withUid(uid)
                .withLabels(Map.of(CountingApiServer.NODE_LABEL, NODE)).endMetadata()
                .withNewSpec().withNodeName(NODE).endSpec().withNewStatus().withPhase("Running").endStatus().build();
    }
}
