package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.PodIdentity;
import io.spidernet.spiderpool.api.agent.v1.ReleaseRequest;
import io.spidernet.spiderpool.api.controller.v1.AdminGrpc;
import io.spidernet.spiderpool.api.controller.v1.ExplainAllocationRequest;
import io.spidernet.spiderpool.api.controller.v1.GcPreviewRequest;
import io.spidernet.spiderpool.api.controller.v1.PoolUsage;
import io.spidernet.spiderpool.api.controller.v1.PoolUsageRequest;
import io.spidernet.spiderpool.api.controller.v1.TriggerGcRequest;
import io.spidernet.spiderpool.cni.AgentSocketCalls;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.model.SubnetSpec;
import io.spidernet.spiderpool.core.model.coordinator.PodCidrType;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import io.spidernet.spiderpool.core.model.operator.Spiderpool;
import io.spidernet.spiderpool.core.model.operator.SpiderpoolSpec;
import io.spidernet.spiderpool.core.model.multus.CniType;
import io.spidernet.spiderpool.core.model.multus.MasterLinkConfig;
import io.spidernet.spiderpool.core.model.multus.MultusConfigSpec;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What the RBAC test makes the real agent and controller do, so that every path that calls the API
 * server runs at least once: the cluster the controller expects around it (its webhook
 * configurations, the third-party kinds' CRDs), a pool deleted under a pod, pods whose owners no
 * cache holds, a short GC soak on two agents (ADD, DEL, StatefulSets, Jobs, leaked records), a
 * KubeVirt VM's pod, an auto-pool for each workload kind and a third-party one, an adopted manual
 * pool, a request naming a missing subnet, the subnet's deletion, a second replica that finds
 * the certificate's Secret emptied, the admin API called by an operator the API server vouches for,
 * a SpiderMultusConfig whose NAD is created, put back after an edit and deleted with it, and the
 * SpiderCoordinator's status discovered from a Calico pool and a ServiceCIDR, and the operator path (a
 * Spiderpool object's node side created, kept and removed).
 */
final class RbacScenario {
    static final String NS = "kube-system";
    static final String APPS = "rbac-apps";
    static final String SUBNET = "rbac-s4";
    private static final String POOL = "rbac-v4";
    private static final String GONE_POOL = "rbac-gone";
    private static final String VMI = "vm1";
    private static final String CERT_SECRET = "spiderpool-controller-server-certs";
    /** The name the controller's serving certificate is issued for: its Service's. */
    private static final String ADMIN_AUTHORITY = "spiderpool-controller.kube-system.svc";
    private static final String ADMIN_TOKEN = "admin-caller";
    private static final String ADMIN_USER = "system:serviceaccount:kube-system:spiderpool-admin";

    private final KubernetesClient client;

    RbacScenario(KubernetesClient client) {
        this.client = client;
    }

    /** Before the controller starts: what its start-up reads and writes, and the kinds it and the agent look up. */
    void prepareCluster() throws IOException {
        try (InputStream in = Files.newInputStream(Repo.path("deploy/controller/webhooks.yaml"))) {
            client.load(in).create();
        }
        crd("kubevirt.io", "v1", "VirtualMachine", "virtualmachines");
        crd("kubevirt.io", "v1", "VirtualMachineInstance", "virtualmachineinstances");
        crd("apps.kruise.io", "v1alpha1", "CloneSet", "clonesets");
        GcSoak.createNodes(client);
        createPool(POOL, "10.210.0.0/24", "10.210.0.10-10.210.0.50");
        new CoordinatorCluster(client).create(PodCidrType.CALICO, 500);
    }

    /**
     * The SpiderCoordinator status controller found the Calico pool and the ServiceCIDR (watching them,
     * the ConfigMaps by name and the kube-controller-manager pods) and wrote the status.
     */
    void coordinatorStatus(ControllerProcess controller) throws Exception {
        await("the SpiderCoordinator status Synced", () -> new CoordinatorCluster(client).status(CoordinatorCluster::synced),
                controller);
    }

    private void createPool(String name, String cidr, String ips) {
        IPPoolSpec spec = new IPPoolSpec();
        spec.setIpVersion(IpVersion.IPV4);
        spec.setSubnet(cidr);
        spec.setIps(List.of(ips));
        SpiderIPPool pool = new SpiderIPPool();
        pool.setMetadata(new ObjectMetaBuilder().withName(name).build());
        pool.setSpec(spec);
        client.resource(pool).create();
    }

    /**
     * The admin API as an operator calls it: over TLS trusting the CA in the certificate's Secret, with
     * a bearer token the API server authenticates (TokenReview) and a user it authorises per method
     * (SubjectAccessReview), both asked by the controller as itself. ExplainAllocation reads the pod's
     * Namespace; TriggerGc runs on the leader only, which {@code controller} is. An unknown token is
     * refused, which shows the reviews decided.
     */
    void adminApi(ControllerProcess controller, ReviewAnswers reviews) throws Exception {
        String admin = "/spiderpool.controller.v1.Admin/";
        reviews.register(ADMIN_TOKEN, ADMIN_USER, Set.of(new ReviewAnswers.Grant("get", admin + "PoolUsage"),
                new ReviewAnswers.Grant("get", admin + "ExplainAllocation"), new ReviewAnswers.Grant("get", admin + "GcPreview"),
                new ReviewAnswers.Grant("create", admin + "TriggerGc")));
        Pod pod = pod("admin-probe", GcSoak.NODES.getFirst(), List.of(), Map.of());
        ManagedChannel channel = adminChannel(controller);
        try {
            AdminGrpc.AdminBlockingStub stub = AdminGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            AdminGrpc.AdminBlockingStub caller = stub.withInterceptors(bearer(ADMIN_TOKEN));
            assertThat(caller.poolUsage(PoolUsageRequest.getDefaultInstance()).getPoolsList())
                    .extracting(PoolUsage::getName).contains(POOL);
            assertThat(caller.explainAllocation(ExplainAllocationRequest.newBuilder().setPodNamespace(APPS)
                    .setPodName(pod.getMetadata().getName()).addDefaultIpv4Ippool(POOL).build()).getRefused())
                    .as("the probe pod would get an address from " + POOL).isEmpty();
            caller.gcPreview(GcPreviewRequest.getDefaultInstance());
            caller.triggerGc(TriggerGcRequest.getDefaultInstance());
            assertThatThrownBy(() -> stub.withInterceptors(bearer("no-such-token")).poolUsage(PoolUsageRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        } finally {
            channel.shutdownNow();
        }
        client.pods().inNamespace(APPS).withName(pod.getMetadata().getName()).withGracePeriod(0).delete();
    }

    /** A TLS channel to the port the controller logged, trusting only the CA its certificate's Secret holds. */
    private ManagedChannel adminChannel(ControllerProcess controller) throws Exception {
        Pattern logged = Pattern.compile("admin API on TLS port (\\d+)");
        await("the admin API's port in the log", () -> logged.matcher(log(controller)).find(), controller);
        Matcher port = logged.matcher(controller.log());
        port.find();
        byte[] ca = Base64.getDecoder().decode(client.secrets().inNamespace(NS).withName(CERT_SECRET).get().getData().get("ca.crt"));
        return NettyChannelBuilder.forAddress("127.0.0.1", Integer.parseInt(port.group(1))).overrideAuthority(ADMIN_AUTHORITY)
                .sslContext(GrpcSslContexts.forClient().trustManager(new ByteArrayInputStream(ca)).build()).build();
    }

    private static ClientInterceptor bearer(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    private static String log(ControllerProcess controller) {
        try {
            return controller.log();
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits until a controller holds the lease: only the leader runs GC and the reconcilers. */
    void awaitLeader(ControllerProcess controller) throws Exception {
        await("the controller to take the lease", () -> {
            Lease lease = client.resources(Lease.class).inNamespace(NS).withName("spiderpool-controller-leases").get();
            return lease != null && lease.getSpec().getHolderIdentity() != null && !lease.getSpec().getHolderIdentity().isEmpty();
        }, controller);
    }

    /**
     * Empties the webhook certificate's Secret (as a failed write would leave it) so that the next
     * replica to start replaces it; the first one created it.
     */
    void blankCertificateSecret() {
        client.secrets().inNamespace(NS).withName(CERT_SECRET).edit(s -> {
            s.setData(null);
            return s;
        });
    }

    /**
     * A VM's pod: ADD, then the pod stops and DEL runs (the agent asks whether the VMI and VM still
     * exist; the VMI does, so the address stays), and GC later judges the record the same way.
     */
    void kubevirtPod(AgentFleet fleet) {
        GenericKubernetesResource vmi = client.genericKubernetesResources("kubevirt.io/v1", "VirtualMachineInstance").inNamespace(APPS)
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("kubevirt.io/v1").withKind("VirtualMachineInstance")
                        .withNewMetadata().withName(VMI).withNamespace(APPS).endMetadata().build()).create();
        Pod pod = pod("virt-launcher-" + VMI + "-x7k2p", owner(vmi), Map.of());
        AgentSocketCalls agent = new AgentSocketCalls(fleet.socket(pod.getSpec().getNodeName()));
        agent.allocate(add(pod));
        // stopped (Succeeded, restartPolicy Never), not gone: DEL finds the VM's record (named after the VM) through the pod's owner
        Pod stopped = client.pods().inNamespace(APPS).withName(pod.getMetadata().getName()).get();
        stopped.getStatus().setPhase("Succeeded");
        client.pods().resource(stopped).updateStatus();
        agent.release(del(pod));
        client.pods().inNamespace(APPS).withName(pod.getMetadata().getName()).withGracePeriod(0).delete();
    }

    /**
     * A pod's pool is deleted while it holds an address (before any controller runs, so nothing put a
     * finalizer on the pool and it goes at once); its DEL finds the pool in no cache and reads it from
     * the API. DEL is repeated until {@code poolRead} (a DEL that came before the agent's cache saw
     * the deletion fails on its write and is retried by the kubelet the same way).
     */
    void podOfDeletedPool(AgentFleet fleet, BooleanSupplier poolRead) throws InterruptedException {
        createPool(GONE_POOL, "10.211.0.0/24", "10.211.0.10-10.211.0.12");
        Pod pod = pod("orphan-a1", GcSoak.NODES.getFirst(), List.of(), Map.of());
        AllocateRequest add = add(pod).toBuilder().clearDefaultIpv4Ippool().addDefaultIpv4Ippool(GONE_POOL).build();
        retry("the ADD from the new pool", () -> socket(fleet, pod).allocate(add), () -> true);
        client.resources(SpiderIPPool.class).withName(GONE_POOL).delete();
        client.pods().inNamespace(APPS).withName(pod.getMetadata().getName()).withGracePeriod(0).delete();
        retry("the DEL's read of the deleted pool", () -> socket(fleet, pod).release(del(pod)), poolRead);
    }

    /** Calls {@code call} every 100 ms (failures included) until it succeeded and {@code done}, for at most 30 s. */
    private static void retry(String what, Runnable call, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < end) {
            try {
                call.run();
                if (done.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + what + " in 30 s" + (last == null ? "" : ": " + last.getMessage()), last);
    }

    /** Pods of a ReplicaSet and of a Job that no informer holds: the agent reads the owners from the API. */
    void podsOfUncachedOwners(AgentFleet fleet) {
        for (OwnerReference ghost : List.of(ref("apps/v1", "ReplicaSet", "ghost-5d8f7"), ref("batch/v1", "Job", "ghost-job"))) {
            Pod pod = pod(ghost.getName() + "-a1", ghost, Map.of());
            AgentSocketCalls agent = new AgentSocketCalls(fleet.socket(pod.getSpec().getNodeName()));
            agent.allocate(add(pod));
            client.pods().inNamespace(APPS).withName(pod.getMetadata().getName()).withGracePeriod(0).delete();
            agent.release(del(pod));
        }
    }

    /**
     * A subnet and an application of every kind asking for an auto-pool from it, a third-party one
     * (an OpenKruise CloneSet's pod), a manual pool for the subnet to adopt, and a Deployment naming a
     * subnet that does not exist (a warning event). Returns once every auto-pool and the adoption exist.
     */
    void autoPools(ControllerProcess controller) throws Exception {
        SpiderSubnet subnet = new SpiderSubnet();
        // with the finalizer the mutating webhook gives every subnet: its deletion waits for the controller
        subnet.setMetadata(new ObjectMetaBuilder().withName(SUBNET).withFinalizers(SpiderpoolGroup.FINALIZER).build());
        SubnetSpec spec = new SubnetSpec();
        spec.setIpVersion(IpVersion.IPV4);
        spec.setSubnet("10.61.0.0/24");
        spec.setIps(List.of("10.61.0.10-10.61.0.250"));
        subnet.setSpec(spec);
        client.resource(subnet).create();
        var meta = new ObjectMetaBuilder().withNamespace(APPS);
        client.resource(new DeploymentBuilder().withMetadata(meta.withName("web").build()).withNewSpec().withReplicas(1)
                .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector().withTemplate(template("web", SUBNET)).endSpec().build()).create();
        client.resource(new DeploymentBuilder().withMetadata(meta.withName("lost").build()).withNewSpec().withReplicas(1)
                .withNewSelector().withMatchLabels(Map.of("app", "lost")).endSelector().withTemplate(template("lost", "no-such-subnet")).endSpec().build())
                .create();
        client.resource(new ReplicaSetBuilder().withMetadata(meta.withName("bare").build()).withNewSpec().withReplicas(1)
                .withNewSelector().withMatchLabels(Map.of("app", "bare")).endSelector().withTemplate(template("bare", SUBNET)).endSpec().build()).create();
        client.resource(new StatefulSetBuilder().withMetadata(meta.withName("db").build()).withNewSpec().withReplicas(1)
                .withNewSelector().withMatchLabels(Map.of("app", "db")).endSelector().withTemplate(template("db", SUBNET)).endSpec().build()).create();
        client.resource(new DaemonSetBuilder().withMetadata(meta.withName("agent").build()).withNewSpec()
                .withNewSelector().withMatchLabels(Map.of("app", "agent")).endSelector().withTemplate(template("agent", SUBNET)).endSpec().build()).create();
        client.resource(new JobBuilder().withMetadata(meta.withName("once").build()).withNewSpec().withParallelism(1)
                .withTemplate(template("once", SUBNET)).endSpec().build()).create();
        client.resource(new CronJobBuilder().withMetadata(meta.withName("nightly").build()).withNewSpec().withSchedule("0 3 * * *")
                .withNewJobTemplate().withNewSpec().withTemplate(template("nightly", SUBNET)).endSpec().endJobTemplate().endSpec().build()).create();
        GenericKubernetesResource clones = client.genericKubernetesResources("apps.kruise.io/v1alpha1", "CloneSet").inNamespace(APPS)
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("apps.kruise.io/v1alpha1").withKind("CloneSet")
                        .withNewMetadata().withName("clones").withNamespace(APPS).endMetadata().build()).create();
        pod("clones-q9w8e", owner(clones), Map.of(SpiderpoolAnnotations.SUBNET, "{\"ipv4\":[\"" + SUBNET + "\"]}",
                SpiderpoolAnnotations.IPPOOL_IP_NUMBER, "2"));
        List<String> kinds = List.of("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "CloneSet");
        await("an auto-pool for each of " + kinds, () -> kinds.stream().allMatch(k -> client.resources(SpiderIPPool.class)
                .withLabel(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_KIND, k).list().getItems().size() == 1), controller);

        SpiderIPPool manual = new SpiderIPPool();
        manual.setMetadata(new ObjectMetaBuilder().withName("rbac-manual").build());
        IPPoolSpec m = new IPPoolSpec();
        m.setIpVersion(IpVersion.IPV4);
        m.setSubnet("10.61.0.0/24");
        m.setIps(List.of("10.61.0.220-10.61.0.225"));
        manual.setSpec(m);
        client.resource(manual).create();
        await("the manual pool's adoption", () -> {
            var owners = client.resources(SpiderIPPool.class).withName("rbac-manual").get().getMetadata().getOwnerReferences();
            return owners != null && !owners.isEmpty();
        }, controller);
    }

    /** The subnet goes: the controller deletes its pools, then drops its finalizer. */
    void deleteSubnet(ControllerProcess controller) throws Exception {
        client.resources(SpiderSubnet.class).withName(SUBNET).delete();
        await("the subnet and its pools to go", () -> client.resources(SpiderSubnet.class).withName(SUBNET).get() == null
                && client.resources(SpiderIPPool.class).withLabel(SpiderpoolAnnotations.LABEL_OWNER_SPIDER_SUBNET, SUBNET).list()
                        .getItems().isEmpty(), controller);
    }

    /**
     * A SpiderMultusConfig: its NAD is created; edited by hand, it is put back; the config deleted,
     * the NAD goes with it.
     */
    void multusConfig(ControllerProcess controller) throws Exception {
        SpiderMultusConfig smc = new SpiderMultusConfig();
        smc.setMetadata(new ObjectMetaBuilder().withName("rbac-macvlan").withNamespace(APPS).build());
        MultusConfigSpec spec = new MultusConfigSpec();
        spec.setCniType(CniType.MACVLAN);
        spec.setMacvlan(new MasterLinkConfig(List.of("eth0"), null, null, null, null, null));
        smc.setSpec(spec);
        client.resource(smc).create();
        var nads = client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("k8s.cni.cncf.io")
                .withVersion("v1").withKind("NetworkAttachmentDefinition").withPlural("network-attachment-definitions")
                .withNamespaced(true).build()).inNamespace(APPS);
        await("the SpiderMultusConfig's NAD", () -> nads.withName("rbac-macvlan").get() != null, controller);
        nads.withName("rbac-macvlan").edit(n -> {
            n.getMetadata().setAnnotations(Map.of("edited", "by hand"));
            return n;
        });
        await("the NAD put back", () -> {
            Map<String, String> a = nads.withName("rbac-macvlan").get().getMetadata().getAnnotations();
            return a == null || !a.containsKey("edited");
        }, controller);
        client.resource(smc).delete();
        await("the NAD deleted with its SpiderMultusConfig", () -> nads.withName("rbac-macvlan").get() == null, controller);
    }

    /**
     * The operator path (OLM): the Spiderpool object is created while the Helm path's webhook
     * configurations and SpiderCoordinator stand in the way (unlabelled: Degraded names them, nothing is
     * written); once they are gone the operator creates the node side, reports Available when the
     * DaemonSet's status (played here) says so, puts back each object edited by hand, and on the
     * object's deletion removes everything and then its finalizer.
     */
    void operator(ControllerProcess controller) throws Exception {
        try (InputStream in = Files.newInputStream(Repo.path("deploy/crds/spiderpools.operator.spiderpool.spidernet.io.yaml"))) {
            client.apiextensions().v1().customResourceDefinitions().load(in).create();
        }
        Spiderpool object = new Spiderpool();
        object.setMetadata(new ObjectMetaBuilder().withName("spiderpool").build());
        object.setSpec(new SpiderpoolSpec());
        client.resource(object).create();
        await("Degraded naming the Helm path's objects", () -> condition("Degraded", "ObjectNotManaged"), controller,
                () -> String.valueOf(spiderpool() == null ? null : spiderpool().getStatus()));
        var v1 = client.admissionRegistration().v1();
        v1.mutatingWebhookConfigurations().withName("spiderpool-controller").delete();
        v1.validatingWebhookConfigurations().withName("spiderpool-controller").delete();
        client.resources(SpiderCoordinator.class).withName("default").delete();
        var daemonSet = client.apps().daemonSets().inNamespace(NS).withName("spiderpool-agent");
        var configMap = client.configMaps().inNamespace(NS).withName("spiderpool-conf");
        var mutating = v1.mutatingWebhookConfigurations().withName("spiderpool-controller");
        var validating = v1.validatingWebhookConfigurations().withName("spiderpool-controller");
        var coordinator = client.resources(SpiderCoordinator.class).withName("default");
        BooleanSupplier allOurs = () -> Stream.of(daemonSet.get(), configMap.get(), mutating.get(), validating.get(), coordinator.get())
                .allMatch(o -> o != null && "spiderpool-operator".equals(o.getMetadata().getLabels().get("app.kubernetes.io/managed-by")));
        await("the operator's node side", allOurs, controller);
        DaemonSet ds = daemonSet.get();
        ds.setStatus(new DaemonSetStatusBuilder().withObservedGeneration(ds.getMetadata().getGeneration()).withDesiredNumberScheduled(2)
                .withCurrentNumberScheduled(2).withUpdatedNumberScheduled(2).withNumberAvailable(2).withNumberReady(2)
                .withNumberUnavailable(0).withNumberMisscheduled(0).build());
        client.resource(ds).updateStatus();
        await("Available", () -> condition("Available", "AgentsAvailable"), controller);

        configMap.edit(c -> {
            c.getData().put("conf.yml", "enableIPv4: false\n");
            return c;
        });
        daemonSet.edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage("someone/else:1");
            return d;
        });
        mutating.edit(m -> {
            m.getWebhooks().getFirst().setFailurePolicy("Ignore");
            return m;
        });
        validating.edit(m -> {
            m.getWebhooks().getFirst().setFailurePolicy("Ignore");
            return m;
        });
        coordinator.edit(c -> {
            c.getSpec().setHostRuleTable(501);
            return c;
        });
        await("every edit put back", () -> configMap.get().getData().get("conf.yml").contains("enableIPv4: true")
                && !daemonSet.get().getSpec().getTemplate().getSpec().getContainers().getFirst().getImage().equals("someone/else:1")
                && mutating.get().getWebhooks().getFirst().getFailurePolicy().equals("Fail")
                && validating.get().getWebhooks().getFirst().getFailurePolicy().equals("Fail")
                && coordinator.get().getSpec().getHostRuleTable() == 500, controller);

        client.resources(Spiderpool.class).withName("spiderpool").delete();
        await("the node side and the object gone", () -> spiderpool() == null && Stream.of(daemonSet.get(), configMap.get(),
                mutating.get(), validating.get(), coordinator.get()).allMatch(o -> o == null), controller);
    }

    private Spiderpool spiderpool() {
        return client.resources(Spiderpool.class).withName("spiderpool").get();
    }

    private boolean condition(String type, String reason) {
        Spiderpool s = spiderpool();
        return s != null && s.getStatus() != null && s.getStatus().getConditions() != null && s.getStatus().getConditions().stream()
                .anyMatch(c -> type.equals(c.getType()) && reason.equals(c.getReason()));
    }

    private void crd(String group, String version, String kind, String plural) {
        client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(plural + "." + group).endMetadata()
                .withNewSpec().withGroup(group).withScope("Namespaced")
                .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase()).endNames()
                .addNewVersion().withName(version).withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema().endVersion().endSpec().build()).create();
    }

    /** A running pod on node-1 in {@link #APPS}, created in the API. */
    private Pod pod(String name, OwnerReference owner, Map<String, String> annotations) {
        return pod(name, GcSoak.NODES.getFirst(), List.of(owner), annotations);
    }

    private Pod pod(String name, String node, List<OwnerReference> owners, Map<String, String> annotations) {
        return client.pods().inNamespace(APPS).resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(APPS)
                .withLabels(Map.of(CountingApiServer.NODE_LABEL, node)).withAnnotations(annotations).withOwnerReferences(owners).endMetadata()
                .withNewSpec().withNodeName(node).withRestartPolicy("Never").endSpec().withNewStatus().withPhase("Running").endStatus().build()).create();
    }

    private static AgentSocketCalls socket(AgentFleet fleet, Pod pod) {
        return new AgentSocketCalls(fleet.socket(pod.getSpec().getNodeName()));
    }

    private static PodTemplateSpec template(String app, String subnet) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(Map.of("app", app))
                .withAnnotations(Map.of(SpiderpoolAnnotations.SUBNET, "{\"ipv4\":[\"" + subnet + "\"]}")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("registry.k8s.io/pause:3.10").endContainer().endSpec().build();
    }

    private static AllocateRequest add(Pod pod) {
        return AllocateRequest.newBuilder().setContainerId("rbac-" + pod.getMetadata().getUid()).setIfName("eth0")
                .setNetNamespace("/var/run/netns/" + pod.getMetadata().getUid()).setPod(identity(pod)).addDefaultIpv4Ippool(POOL).build();
    }

    private static ReleaseRequest del(Pod pod) {
        return ReleaseRequest.newBuilder().setContainerId("rbac-" + pod.getMetadata().getUid()).setIfName("eth0")
                .setNetNamespace("/var/run/netns/" + pod.getMetadata().getUid()).setPod(identity(pod)).build();
    }

    private static PodIdentity identity(Pod pod) {
        return PodIdentity.newBuilder().setNamespace(APPS).setName(pod.getMetadata().getName()).setUid(pod.getMetadata().getUid()).build();
    }

    private static OwnerReference owner(HasMetadata o) {
        return new OwnerReferenceBuilder().withApiVersion(o.getApiVersion()).withKind(o.getKind()).withName(o.getMetadata().getName())
                .withUid(o.getMetadata().getUid()).withController(true).build();
    }

    private static OwnerReference ref(String apiVersion, String kind, String name) {
        return new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withName(name)
                .withUid(UUID.randomUUID().toString()).withController(true).build();
    }

    static void await(String what, BooleanSupplier done, ControllerProcess controller) throws Exception {
        await(what, done, controller, () -> "");
    }

    /** As {@link #await(String, BooleanSupplier, ControllerProcess)}, saying {@code last} (what was seen last) on timeout. */
    static void await(String what, BooleanSupplier done, ControllerProcess controller, Supplier<String> last) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!done.getAsBoolean()) {
            if (!controller.isAlive() || System.nanoTime() > end) {
                throw new AssertionError((controller.isAlive() ? "timed out" : "the controller exited") + " waiting for "
                        + what + "; last seen: " + last.get() + "\n--- controller log ---\n" + controller.log());
            }
            Thread.sleep(100);
        }
    }
}
