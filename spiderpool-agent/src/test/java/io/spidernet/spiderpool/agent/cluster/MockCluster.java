package io.spidernet.spiderpool.agent.cluster;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.spidernet.spiderpool.kube.MockApi;
import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.PodIdentity;
import io.spidernet.spiderpool.api.agent.v1.ReleaseRequest;
import io.spidernet.spiderpool.core.allocation.Pools;
import io.spidernet.spiderpool.core.allocation.RetryPolicy;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.time.Duration;
import io.spidernet.spiderpool.agent.ipam.NodeApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A cluster on fabric8's CRUD mock API server: Spiderpool's CRDs, one namespace, one node, and
 * builders for pods as their controllers would create them (owner references, node, phase). The
 * service under test is the real one, opened as the agent opens it.
 */
final class MockCluster implements AutoCloseable {
    static final String NS = "ns";
    static final String NODE = "node-a";

    final KubernetesClient client;
    private final List<ClusterNodeService> opened = new ArrayList<>();

    MockCluster(KubernetesClient client) {
        this.client = client;
        for (String plural : List.of("spiderippools", "spiderreservedips", "spiderendpoints", "spidercoordinators")) {
            MockApi.installCrd(client, plural);
        }
        installKubevirtCrds();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE)
                .withLabels(Map.of("kubernetes.io/hostname", NODE, "zone", "a")).endMetadata().build()).create();
    }

    /** The agent as it starts: caches filled first. */
    ClusterNodeService open(SpiderpoolConf conf) {
        return open(conf, true);
    }

    ClusterNodeService open(SpiderpoolConf conf, boolean releaseConflictIps) {
        return open(conf, releaseConflictIps, NODE, NodeApi.QueueWaits.NONE);
    }

    /** @param waits told how long each call waited for another on the same record (the metrics' view) */
    ClusterNodeService open(SpiderpoolConf conf, boolean releaseConflictIps, NodeApi.QueueWaits waits) {
        return open(conf, releaseConflictIps, NODE, waits);
    }

    /** The agent of another node, on the same API server. */
    ClusterNodeService openOnNode(SpiderpoolConf conf, String node) {
        return open(conf, true, node, NodeApi.QueueWaits.NONE);
    }

    private ClusterNodeService open(SpiderpoolConf conf, boolean releaseConflictIps, String node, NodeApi.QueueWaits waits) {
        ClusterNodeService.Settings settings = new ClusterNodeService.Settings(node, "kube-system", null,
                releaseConflictIps, 3, 50, "default", false); // the mock selects fields of metadata only
        ClusterNodeService service = ClusterNodeService.open(client, conf, settings, Duration.ofSeconds(20),
                RetryPolicy.immediate(20), waits);
        opened.add(service);
        return service;
    }

    SpiderIPPool pool(String name, String subnet, String ips) {
        return pool(name, subnet, ips, spec -> { });
    }

    SpiderIPPool pool(String name, String subnet, String ips, Consumer<IPPoolSpec> tweak) {
        return MockApi.create(client, Pools.pool(name, subnet, List.of(ips), tweak));
    }

    // ---------------------------------------------------------------- workloads

    /** A pod of a Deployment: owned by a ReplicaSet the Deployment owns. */
    Pod deploymentPod(String deployment, String pod, Map<String, String> annotations) {
        String rs = deployment + "-5d4f";
        if (client.apps().replicaSets().inNamespace(NS).withName(rs).get() == null) {
            client.apps().replicaSets().inNamespace(NS).resource(new ReplicaSetBuilder().withNewMetadata().withName(rs)
                    .withUid(uid()).withOwnerReferences(controller("apps/v1", "Deployment", deployment, uid()))
                    .endMetadata().build()).create();
        }
        String rsUid = client.apps().replicaSets().inNamespace(NS).withName(rs).get().getMetadata().getUid();
        return pod(pod, controller("apps/v1", "ReplicaSet", rs, rsUid), annotations);
    }

    /** A pod of a Job that a CronJob started. */
    Pod cronJobPod(String cronJob, String pod) {
        String job = cronJob + "-28000000";
        String jobUid = client.batch().v1().jobs().inNamespace(NS).resource(new JobBuilder().withNewMetadata().withName(job)
                .withOwnerReferences(controller("batch/v1", "CronJob", cronJob, uid())).endMetadata().build()).create()
                .getMetadata().getUid(); // the mock assigns its own
        return pod(pod, controller("batch/v1", "Job", job, jobUid), Map.of());
    }

    void statefulSet(String name, int replicas) {
        var sts = new StatefulSetBuilder().withNewMetadata().withName(name).withUid(uid()).endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec().build();
        client.apps().statefulSets().inNamespace(NS).resource(sts).createOr(existing -> existing.update());
    }

    Pod statefulSetPod(String sts, int ordinal, Map<String, String> annotations) {
        String stsUid = client.apps().statefulSets().inNamespace(NS).withName(sts).get().getMetadata().getUid();
        return pod(sts + "-" + ordinal, controller("apps/v1", "StatefulSet", sts, stsUid), annotations);
    }

    /** A KubeVirt VM: the VirtualMachine and its VMI of the same name; the VMI is owned by the VM. */
    void virtualMachine(String name) {
        String vmUid = uid();
        client.genericKubernetesResources("kubevirt.io/v1", "VirtualMachine").inNamespace(NS)
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("kubevirt.io/v1").withKind("VirtualMachine")
                        .withNewMetadata().withName(name).withNamespace(NS).withUid(vmUid).endMetadata().build()).create();
        client.genericKubernetesResources("kubevirt.io/v1", "VirtualMachineInstance").inNamespace(NS)
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("kubevirt.io/v1").withKind("VirtualMachineInstance")
                        .withNewMetadata().withName(name).withNamespace(NS).withUid(uid())
                        .withOwnerReferences(controller("kubevirt.io/v1", "VirtualMachine", name, vmUid)).endMetadata().build())
                .create();
    }

    void deleteVirtualMachine(String name) {
        client.genericKubernetesResources("kubevirt.io/v1", "VirtualMachineInstance").inNamespace(NS).withName(name).delete();
        client.genericKubernetesResources("kubevirt.io/v1", "VirtualMachine").inNamespace(NS).withName(name).delete();
    }

    /** A virt-launcher pod of the VM's VMI; each VM restart or migration makes a new one. */
    Pod launcherPod(String vm, String suffix) {
        String vmiUid = client.genericKubernetesResources("kubevirt.io/v1", "VirtualMachineInstance").inNamespace(NS)
                .withName(vm).get().getMetadata().getUid();
        return pod("virt-launcher-" + vm + "-" + suffix, controller("kubevirt.io/v1", "VirtualMachineInstance", vm, vmiUid),
                Map.of());
    }

    /** A running pod on this node; {@code owner} null for a bare pod. */
    Pod pod(String name, OwnerReference owner, Map<String, String> annotations) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).withUid(uid())
                .withAnnotations(annotations).withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().withNodeName(NODE).withRestartPolicy("Always").endSpec()
                .withNewStatus().withPhase("Running").endStatus();
        if (owner != null) {
            b.editMetadata().withOwnerReferences(owner).endMetadata();
        }
        return client.pods().inNamespace(NS).resource(b.build()).create();
    }

    void delete(Pod pod) {
        client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).delete();
    }

    // ---------------------------------------------------------------- calls

    static AllocateRequest add(Pod pod, String nic, String... v4Pools) {
        return AllocateRequest.newBuilder().setContainerId("c-" + pod.getMetadata().getUid()).setIfName(nic)
                .setPod(identity(pod)).addAllDefaultIpv4Ippool(List.of(v4Pools)).build();
    }

    static ReleaseRequest del(Pod pod, String nic) {
        return ReleaseRequest.newBuilder().setContainerId("c-" + pod.getMetadata().getUid()).setIfName(nic)
                .setPod(identity(pod)).build();
    }

    static PodIdentity identity(Pod pod) {
        return PodIdentity.newBuilder().setNamespace(pod.getMetadata().getNamespace()).setName(pod.getMetadata().getName())
                .setUid(pod.getMetadata().getUid()).build();
    }

    static OwnerReference controller(String apiVersion, String kind, String name, String uid) {
        return new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withName(name).withUid(uid)
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    static String uid() {
        return UUID.randomUUID().toString();
    }

    @Override
    public void close() {
        opened.forEach(ClusterNodeService::close);
    }

    /** KubeVirt's kinds, so the mock knows their plurals and serves them. */
    private void installKubevirtCrds() {
        for (String kind : List.of("VirtualMachine", "VirtualMachineInstance")) {
            String plural = kind.toLowerCase() + "s";
            client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                    .withNewMetadata().withName(plural + ".kubevirt.io").endMetadata()
                    .withNewSpec().withGroup("kubevirt.io").withScope("Namespaced")
                    .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase()).endNames()
                    .addNewVersion().withName("v1").withServed(true).withStorage(true).endVersion()
                    .endSpec().build()).create();
        }
    }
}
