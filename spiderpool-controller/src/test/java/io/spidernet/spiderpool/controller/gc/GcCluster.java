package io.spidernet.spiderpool.controller.gc;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.spidernet.spiderpool.core.allocation.AllocatedIpsCodec;
import io.spidernet.spiderpool.core.allocation.AllocationEngine;
import io.spidernet.spiderpool.core.allocation.AllocationRecord;
import io.spidernet.spiderpool.core.allocation.RetryPolicy;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.model.EndpointStatus;
import io.spidernet.spiderpool.core.model.IPAllocationDetail;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.PodIPAllocation;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import io.spidernet.spiderpool.kube.KubernetesPoolStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * A cluster on fabric8's CRUD API server with what agents leave behind: pods, their records in a
 * pool's ledger and their SpiderEndpoints, written the way the agent writes them.
 */
final class GcCluster {
    final KubernetesClient client;

    GcCluster(KubernetesClient client) {
        this.client = client;
        for (String plural : List.of("spiderippools", "spiderendpoints")) {
            String name = plural + ".spiderpool.spidernet.io";
            if (client.apiextensions().v1().customResourceDefinitions().withName(name).get() != null) {
                continue;
            }
            try (InputStream in = Files.newInputStream(Path.of("../deploy/crds/" + name + ".yaml"))) {
                client.apiextensions().v1().customResourceDefinitions().load(in).create();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    void pool(String name, String subnet, String ips) {
        SpiderIPPool pool = new SpiderIPPool();
        pool.setMetadata(new ObjectMetaBuilder().withName(name).withFinalizers(SpiderpoolGroup.FINALIZER).build());
        IPPoolSpec spec = new IPPoolSpec();
        spec.setIpVersion(IpVersion.IPV4);
        spec.setSubnet(subnet);
        spec.setIps(List.of(ips));
        pool.setSpec(spec);
        client.resource(pool).create();
    }

    void node(String name, boolean ready) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus()
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus().build())
                .createOr(existing -> existing.update());
    }

    /** A running pod with a fresh UID on node-1, reporting {@code podIp}. */
    Pod runningPod(String namespace, String name, String podIp) {
        return client.pods().resource(new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .withUid(UUID.randomUUID().toString()).endMetadata().withNewSpec().withNodeName("node-1").endSpec()
                .withNewStatus().withPhase("Running").addNewPodIP(podIp).endStatus().build()).create();
    }

    /** A pod of StatefulSet {@code sts}. */
    Pod statefulPod(String namespace, String sts, int ordinal, String podIp) {
        Pod pod = new PodBuilder(runningPodObject(namespace, sts + "-" + ordinal, podIp)).editMetadata()
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("StatefulSet").withName(sts)
                        .withUid("sts-uid").withController(true).build()).endMetadata().build();
        return client.pods().resource(pod).create();
    }

    void statefulSet(String namespace, String name, int replicas) {
        client.apps().statefulSets().resource(new StatefulSetBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .endMetadata().withNewSpec().withReplicas(replicas).endSpec().build()).createOr(e -> e.update());
    }

    private static Pod runningPodObject(String namespace, String name, String podIp) {
        return new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).withUid(UUID.randomUUID().toString())
                .endMetadata().withNewSpec().withNodeName("node-1").endSpec()
                .withNewStatus().withPhase("Running").addNewPodIP(podIp).endStatus().build();
    }

    /** What the agent does at ADD: the record in the pool (version-checked) and the pod's SpiderEndpoint. */
    void allocated(String pool, String ip, Pod pod) {
        recordOnly(pool, ip, pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(), pod.getMetadata().getUid());
        boolean stateful = pod.getMetadata().getOwnerReferences() != null && !pod.getMetadata().getOwnerReferences().isEmpty();
        SpiderEndpoint ep = new SpiderEndpoint();
        ObjectMetaBuilder meta = new ObjectMetaBuilder().withNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()).withFinalizers(SpiderpoolGroup.FINALIZER);
        if (!stateful) {
            meta.withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod")
                    .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build());
        }
        ep.setMetadata(meta.build());
        ep.setStatus(new EndpointStatus(new PodIPAllocation(pod.getMetadata().getUid(), "node-1",
                List.of(new IPAllocationDetail("eth0", ip + "/24", null, pool, null, 0L, null, null, null, null, null))),
                stateful ? "StatefulSet" : "Pod",
                stateful ? pod.getMetadata().getOwnerReferences().getFirst().getName() : pod.getMetadata().getName()));
        client.resource(ep).createOr(e -> e.update());
    }

    /** A bare record, as a crashed ADD or an old bug leaves it. */
    void recordOnly(String pool, String ip, String podKey, String uid) {
        for (int attempt = 0; ; attempt++) {
            SpiderIPPool p = client.resources(SpiderIPPool.class).withName(pool).get();
            Map<String, AllocationRecord> records = new LinkedHashMap<>(AllocatedIpsCodec.decode(
                    p.getStatus() == null ? null : p.getStatus().getAllocatedIPs()));
            if (records.containsKey(ip)) {
                throw new IllegalStateException(ip + " already allocated in " + pool);
            }
            records.put(ip, new AllocationRecord(podKey, uid));
            p.setStatus(new IPPoolStatus(AllocatedIpsCodec.encode(records), null, (long) records.size()));
            try {
                client.resource(p).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt > 50) {
                    throw e;
                }
            }
        }
    }

    /** The engine the controller frees addresses with, on this API server. */
    AllocationEngine engine() {
        return new AllocationEngine(new KubernetesPoolStore(client), RetryPolicy.sharedPool(Thread::sleep,
                RandomGenerator.getDefault()), SpiderpoolConf.defaults().maxAllocatedIPs());
    }

    /** Waits up to 10 s for {@code condition}, for what informers deliver in their own time. */
    static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }

    Map<String, AllocationRecord> records(String pool) {
        SpiderIPPool p = client.resources(SpiderIPPool.class).withName(pool).get();
        return AllocatedIpsCodec.decode(p.getStatus() == null ? null : p.getStatus().getAllocatedIPs());
    }

    SpiderEndpoint endpoint(String namespace, String name) {
        return client.resources(SpiderEndpoint.class).inNamespace(namespace).withName(name).get();
    }

    void deletePod(String namespace, String name) {
        client.pods().inNamespace(namespace).withName(name).delete();
    }

    /** The pod as the kubelet reports it after its containers exited with {@code phase}. */
    void finished(String namespace, String name, String phase, Instant at, long terminationGrace) {
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        pod.getSpec().setTerminationGracePeriodSeconds(terminationGrace);
        client.pods().resource(pod).update();
        Pod now = client.pods().inNamespace(namespace).withName(name).get();
        now.setStatus(new PodBuilder(now).editStatus().withPhase(phase).withPodIPs(List.of()).addNewContainerStatus()
                .withName("main").withNewState().withNewTerminated().withExitCode(0).withFinishedAt(at.toString())
                .endTerminated().endState().endContainerStatus().endStatus().build().getStatus());
        client.pods().resource(now).updateStatus();
    }

    /**
     * deletionTimestamp set as the API server does for a graceful delete. The mock removes an object
     * whose deletionTimestamp is set once it has no finalizer, so one stands in for the kubelet that
     * has not confirmed the containers stopped.
     */
    void terminating(String namespace, String name, Instant at, long grace) {
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        pod.getMetadata().setFinalizers(List.of("test.spidernet.io/kubelet-has-not-confirmed"));
        pod.getMetadata().setDeletionTimestamp(at.toString());
        pod.getMetadata().setDeletionGracePeriodSeconds(grace);
        client.pods().resource(pod).update();
    }
}
