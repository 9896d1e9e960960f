package io.spidernet.spiderpool.agent.cluster;

import static io.spidernet.spiderpool.agent.cluster.MockCluster.NS;
import static io.spidernet.spiderpool.agent.cluster.MockCluster.add;
import static io.spidernet.spiderpool.agent.cluster.MockCluster.del;
import static io.spidernet.spiderpool.agent.cluster.MockCluster.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.spidernet.spiderpool.agent.ipam.NodeFailure;
import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.GetCoordinatorConfigRequest;
import io.spidernet.spiderpool.api.agent.v1.IpConfig;
import io.spidernet.spiderpool.api.agent.v1.ReleaseAllRequest;
import io.spidernet.spiderpool.core.allocation.AllocationRecord;
import io.spidernet.spiderpool.core.allocation.PoolLedger;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.error.IpamException;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorSpec;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorStatus;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The cluster node service on fabric8's CRUD mock API server: upstream's pod semantics (ids of
 * upstream's e2e cases in the names, where one applies) observed through the API objects they leave:
 * pool status ledgers and SpiderEndpoints.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterNodeServiceTest {
    private static final SpiderpoolConf V4_ONLY = SpiderpoolConf.defaults().withFamilies(true, false);

    KubernetesClient client;
    private MockCluster cluster;

    @BeforeEach
    void cluster() {
        cluster = new MockCluster(client);
        cluster.pool("v4", "10.6.0.0/24", "10.6.0.10-10.6.0.19");
        cluster.pool("v4-other", "10.7.0.0/24", "10.7.0.10-10.7.0.19");
        cluster.pool("v6", "fd00:6::/64", "fd00:6::10-fd00:6::19");
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @ParameterizedTest(name = "{0}: {1} pod, endpoint owner {2}")
    @CsvSource({
            "E00001, bare, Pod",
            "E00002, deployment, Deployment",
            "E00003, statefulset, StatefulSet",
            "E00004, daemonset, DaemonSet",
            "E00005, cronjob, CronJob",
            "E00006, replicaset, ReplicaSet",
    })
    @DisplayName("E00001–E00006 every controller kind gets a dual-stack address pair and a SpiderEndpoint naming its top controller")
    void everyControllerKindIsServed(String caseId, String kind, String ownerType) {
        Pod pod = switch (kind) {
            case "bare" -> cluster.pod("bare", null, Map.of());
            case "deployment" -> cluster.deploymentPod("web", "web-abc", Map.of());
            case "statefulset" -> {
                cluster.statefulSet("db", 1);
                yield cluster.statefulSetPod("db", 0, Map.of());
            }
            case "daemonset" -> cluster.pod("ds-x1", MockCluster.controller("apps/v1", "DaemonSet", "ds", MockCluster.uid()), Map.of());
            case "cronjob" -> cluster.cronJobPod("nightly", "nightly-28000000-q");
            case "replicaset" -> cluster.pod("rs-x1", MockCluster.controller("apps/v1", "ReplicaSet", "lonely-rs", MockCluster.uid()), Map.of());
            default -> throw new IllegalArgumentException(kind);
        };
        ClusterNodeService node = cluster.open(SpiderpoolConf.defaults());

        AllocateResponse out = node.allocate(add(pod, "eth0", "v4").toBuilder().addDefaultIpv6Ippool("v6").build());

        assertThat(out.getIpsList()).extracting(IpConfig::getAddress).containsExactly("10.6.0.10/24", "fd00:6::10/64");
        assertThat(holder("v4", "10.6.0.10")).isEqualTo(new AllocationRecord(NS + "/" + pod.getMetadata().getName(), pod.getMetadata().getUid()));
        assertThat(holder("v6", "fd00:6::10")).isEqualTo(new AllocationRecord(NS + "/" + pod.getMetadata().getName(), pod.getMetadata().getUid()));
        SpiderEndpoint ep = endpoint(pod.getMetadata().getName()).orElseThrow();
        assertThat(ep.getStatus().ownerControllerType()).isEqualTo(ownerType);
        assertThat(ep.getStatus().current().uid()).isEqualTo(pod.getMetadata().getUid());
        assertThat(ep.getStatus().current().node()).isEqualTo(MockCluster.NODE);
        assertThat(ep.getMetadata().getFinalizers()).containsExactly(SpiderpoolGroup.FINALIZER);
        // a StatefulSet's record must outlive the pod; every other one goes with it
        assertThat(ep.getMetadata().getOwnerReferences()).hasSize("StatefulSet".equals(ownerType) ? 0 : 1);
    }

    @Test
    @DisplayName("A00008 a second container (another sandbox) of the same pod gets the same address, and nothing is written")
    void samePodAsksAgain() {
        Pod pod = cluster.deploymentPod("web", "web-1", Map.of());
        ClusterNodeService node = cluster.open(V4_ONLY);
        node.allocate(add(pod, "eth0", "v4"));
        String version = pool("v4").getMetadata().getResourceVersion();

        AllocateResponse again = node.allocate(add(pod, "eth0", "v4").toBuilder().setContainerId("another-sandbox").build());

        assertThat(again.getIpsList()).extracting(IpConfig::getAddress).containsExactly("10.6.0.10/24");
        assertThat(pool("v4").getMetadata().getResourceVersion()).isEqualTo(version);
    }

    @Test
    @DisplayName("a pod that will not run again (Succeeded, restartPolicy Never) is refused and nothing is allocated")
    void deadPodRefused() {
        Pod pod = client.pods().inNamespace(NS).resource(new PodBuilder(cluster.pod("done", null, Map.of()))
                .editSpec().withRestartPolicy("Never").endSpec().editStatus().withPhase("Succeeded").endStatus().build()).update();
        ClusterNodeService node = cluster.open(V4_ONLY);

        assertThatThrownBy(() -> node.allocate(add(pod, "eth0", "v4")))
                .isInstanceOfSatisfying(NodeFailure.class, f -> assertThat(f.kind()).isEqualTo(Failure.Kind.WRONG_INPUT))
                .hasMessageContaining("ns/done will not run again (phase Succeeded with restartPolicy Never)");
        assertThat(ledger("v4")).isEmpty();
    }

    @Test
    @DisplayName("a pod the API server does not know is NOT_READY (the runtime retries), naming it")
    void unknownPod() {
        ClusterNodeService node = cluster.open(V4_ONLY);
        AllocateRequest req = AllocateRequest.newBuilder().setContainerId("c").setIfName("eth0")
                .setPod(identity(new PodBuilder().withNewMetadata().withNamespace(NS).withName("ghost").withUid("u-1").endMetadata().build()))
                .addDefaultIpv4Ippool("v4").build();

        assertThatThrownBy(() -> node.allocate(req))
                .isInstanceOfSatisfying(NodeFailure.class, f -> assertThat(f.kind()).isEqualTo(Failure.Kind.NOT_READY))
                .hasMessageContaining("pod ns/ghost (uid u-1) is not in the API server");
    }

    @Test
    @DisplayName("DEL of a live pod keeps its addresses (sandbox re-creation); DEL after the pod is gone frees them and the record")
    void delKeepsLivePodsAddresses() {
        Pod pod = cluster.deploymentPod("web", "web-1", Map.of());
        ClusterNodeService node = cluster.open(V4_ONLY);
        node.allocate(add(pod, "eth0", "v4"));

        assertThat(node.release(del(pod, "eth0")).getReleasedList()).isEmpty();
        assertThat(ledger("v4")).containsKey("10.6.0.10");

        cluster.delete(pod);
        assertThat(node.release(del(pod, "eth0")).getReleasedList()).containsExactly("v4/10.6.0.10");
        assertThat(ledger("v4")).isEmpty();
        // as upstream: the record loses its finalizer and goes with the pod (the mock has no garbage collector)
        assertThat(endpoint("web-1").orElseThrow().getMetadata().getFinalizers()).isEmpty();
        assertThat(endpoint("web-1").orElseThrow().getMetadata().getOwnerReferences()).singleElement()
                .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(pod.getMetadata().getUid()));
        assertThat(node.release(del(pod, "eth0")).getReleasedList()).as("DEL again").isEmpty();
    }

    @Test
    @DisplayName("a re-created pod of the same name (new UID) frees its predecessor's addresses and gets its own record")
    void sameNameNewUid() {
        Pod first = cluster.pod("solo", null, Map.of());
        ClusterNodeService node = cluster.open(V4_ONLY);
        node.allocate(add(first, "eth0", "v4"));
        cluster.delete(first);
        Pod second = cluster.pod("solo", null, Map.of());

        node.allocate(add(second, "eth0", "v4"));

        assertThat(ledger("v4")).hasSize(1).allSatisfy((ip, r) -> assertThat(r.podUid()).isEqualTo(second.getMetadata().getUid()));
        assertThat(endpoint("solo").orElseThrow().getStatus().current().uid()).isEqualTo(second.getMetadata().getUid());
        // the late DEL of the first pod frees nothing of the second
        assertThat(node.release(del(first, "eth0")).getReleasedList()).isEmpty();
        assertThat(ledger("v4")).hasSize(1);
    }

    @Test
    @DisplayName("L00008 / A00017 a StatefulSet pod re-created keeps its address; the pool record and endpoint name the new UID")
    void statefulSetRestartKeepsAddress() {
        cluster.statefulSet("db", 2);
        cluster.pool("filler", "10.8.0.0/24", "10.8.0.10");
        Pod first = cluster.statefulSetPod("db", 1, Map.of());
        ClusterNodeService node = cluster.open(V4_ONLY);
        String ip = node.allocate(add(first, "eth0", "v4")).getIps(0).getAddress();

        cluster.delete(first);
        assertThat(node.release(del(first, "eth0")).getReleasedList()).as("slot db-1 is still valid").isEmpty();
        Pod second = cluster.statefulSetPod("db", 1, Map.of());
        // another pod allocates in between: the freed address would be its, had it been freed
        node.allocate(add(cluster.deploymentPod("web", "web-1", Map.of()), "eth0", "v4"));
        AllocateResponse again = node.allocate(add(second, "eth0", "v4"));

        assertThat(again.getIps(0).getAddress()).isEqualTo(ip);
        assertThat(holder("v4", "10.6.0.10").podUid()).isEqualTo(second.getMetadata().getUid());
        SpiderEndpoint ep = endpoint("db-1").orElseThrow();
        assertThat(ep.getStatus().current().uid()).isEqualTo(second.getMetadata().getUid());
        assertThat(ep.getMetadata().getOwnerReferences()).isNullOrEmpty();
    }

    @Test
    @DisplayName("a StatefulSet scaled down: the DEL of the pod outside the replicas frees its address")
    void statefulSetScaleDownFrees() {
        cluster.statefulSet("db", 2);
        Pod pod = cluster.statefulSetPod("db", 1, Map.of());
        ClusterNodeService node = cluster.open(V4_ONLY);
        node.allocate(add(pod, "eth0", "v4"));

        cluster.statefulSet("db", 1);
        cluster.delete(pod);
        assertThat(node.release(del(pod, "eth0")).getReleasedList()).containsExactly("v4/10.6.0.10");
        assertThat(endpoint("db-1")).isEmpty();
    }

    @Test
    @DisplayName("A00009 (StatefulSet) the pool annotation changed and the pod restarted: it moves to the new pool, the old address is freed")
    void statefulSetPoolChangeMoves() {
        cluster.statefulSet("db", 1);
        Pod first = cluster.statefulSetPod("db", 0, Map.of(SpiderpoolAnnotations.IPPOOL, "{\"ipv4\":[\"v4\"]}"));
        ClusterNodeService node = cluster.open(V4_ONLY);
        node.allocate(add(first, "eth0"));
        cluster.delete(first);
        node.release(del(first, "eth0"));

        Pod second = cluster.statefulSetPod("db", 0, Map.of(SpiderpoolAnnotations.IPPOOL, "{\"ipv4\":[\"v4-other\"]}"));
        AllocateResponse moved = node.allocate(add(second, "eth0"));

        assertThat(moved.getIpsList()).extracting(IpConfig::getAddress, IpConfig::getIpPool).containsExactly(
                org.assertj.core.groups.Tuple.tuple("10.7.0.10/24", "v4-other"));
        assertThat(ledger("v4")).isEmpty();
        assertThat(endpoint("db-0").orElseThrow().getStatus().current().ips()).singleElement()
                .satisfies(d -> assertThat(d.ipv4Pool()).isEqualTo("v4-other"));
    }

    private static final Map<String, String> TWO_NICS = Map.of(SpiderpoolAnnotations.IPPOOLS,
            "[{\"interface\":\"eth0\",\"ipv4\":[\"v4\"]},{\"interface\":\"net1\",\"ipv4\":[\"v4-other\"]}]");

    @Test
    @DisplayName("A00018 a StatefulSet pod with two NICs (ippools) restarted keeps both addresses; each NIC's ADD answers both")
    void statefulSetMultiNicRestart() {
        cluster.statefulSet("db", 1);
        Pod first = cluster.statefulSetPod("db", 0, TWO_NICS);
        ClusterNodeService node = cluster.open(V4_ONLY);
        List<String> before = addresses(node.allocate(add(first, "eth0")));
        assertThat(addresses(node.allocate(add(first, "net1")))).isEqualTo(before);
        assertThat(before).containsExactly("eth0 10.6.0.10/24", "net1 10.7.0.10/24");

        cluster.delete(first);
        node.release(del(first, "net1"));
        node.release(del(first, "eth0"));
        Pod second = cluster.statefulSetPod("db", 0, TWO_NICS);

        assertThat(addresses(node.allocate(add(second, "eth0")))).isEqualTo(before);
        assertThat(addresses(node.allocate(add(second, "net1")))).isEqualTo(before);
        assertThat(holder("v4", "10.6.0.10").podUid()).isEqualTo(second.getMetadata().getUid());
        assertThat(holder("v4-other", "10.7.0.10").podUid()).isEqualTo(second.getMetadata().getUid());
    }

    @Test
    @DisplayName("A00010 a multi-NIC StatefulSet pod whose second NIC's pool changed keeps eth0 and moves net1")
    void statefulSetMultiNicPoolChange() {
        cluster.statefulSet("db", 1);
        cluster.pool("v4-third", "10.8.0.0/24", "10.8.0.10-10.8.0.19");
        Pod first = cluster.statefulSetPod("db", 0, TWO_NICS);
        ClusterNodeService node = cluster.open(V4_ONLY);
        node.allocate(add(first, "eth0"));
        cluster.delete(first);
        node.release(del(first, "eth0"));

        Pod second = cluster.statefulSetPod("db", 0, Map.of(SpiderpoolAnnotations.IPPOOLS,
                "[{\"interface\":\"eth0\",\"ipv4\":[\"v4\"]},{\"interface\":\"net1\",\"ipv4\":[\"v4-third\"]}]"));
        node.allocate(add(second, "eth0"));
        List<String> after = addresses(node.allocate(add(second, "net1")));

        assertThat(after).containsExactly("eth0 10.6.0.10/24", "net1 10.8.0.10/24");
        assertThat(ledger("v4-other")).isEmpty();
    }

    @Test
    @DisplayName("F00003 a KubeVirt VM with two NICs keeps both addresses across launcher pods")
    void kubevirtMultiNic() {
        cluster.virtualMachine("vm1");
        Pod launcher = client.pods().inNamespace(NS).resource(new PodBuilder(cluster.launcherPod("vm1", "aaaaa"))
                .editMetadata().withAnnotations(TWO_NICS).endMetadata().build()).update();
        ClusterNodeService node = cluster.open(V4_ONLY);
        node.allocate(add(launcher, "eth0"));
        List<String> before = addresses(node.allocate(add(launcher, "net1")));
        cluster.delete(launcher);
        node.release(del(launcher, "eth0"));

        Pod restarted = client.pods().inNamespace(NS).resource(new PodBuilder(cluster.launcherPod("vm1", "bbbbb"))
                .editMetadata().withAnnotations(TWO_NICS).endMetadata().build()).update();
        node.allocate(add(restarted, "eth0"));
        assertThat(addresses(node.allocate(add(restarted, "net1")))).isEqualTo(before).hasSize(2);
    }

    @Test
    @DisplayName("F00001 a KubeVirt VM keeps its address across launcher pods; the record is named after the VMI")
    void kubevirtRestartKeepsAddress() {
        cluster.virtualMachine("vm1");
        Pod launcher = cluster.launcherPod("vm1", "aaaaa");
        ClusterNodeService node = cluster.open(V4_ONLY);
        String ip = node.allocate(add(launcher, "eth0", "v4")).getIps(0).getAddress();
        assertThat(endpoint("vm1")).isPresent();

        cluster.delete(launcher);
        assertThat(node.release(del(launcher, "eth0")).getReleasedList()).isEmpty();
        Pod restarted = cluster.launcherPod("vm1", "bbbbb");

        assertThat(node.allocate(add(restarted, "eth0", "v4")).getIps(0).getAddress()).isEqualTo(ip);
        assertThat(holder("v4", "10.6.0.10").podUid()).isEqualTo(restarted.getMetadata().getUid());
    }

    @Test
    @DisplayName("F00002 live migration: the target launcher pod gets the VM's address while the source still runs")
    void kubevirtMigrationKeepsAddress() {
        cluster.virtualMachine("vm1");
        Pod source = cluster.launcherPod("vm1", "src00");
        ClusterNodeService node = cluster.open(V4_ONLY);
        String ip = node.allocate(add(source, "eth0", "v4")).getIps(0).getAddress();

        Pod target = cluster.launcherPod("vm1", "dst00");
        assertThat(node.allocate(add(target, "eth0", "v4")).getIps(0).getAddress()).isEqualTo(ip);
        assertThat(ledger("v4")).hasSize(1);
    }

    @Test
    @DisplayName("a deleted VM's address is freed by its launcher pod's DEL")
    void kubevirtVmDeletedFrees() {
        cluster.virtualMachine("vm1");
        Pod launcher = cluster.launcherPod("vm1", "aaaaa");
        ClusterNodeService node = cluster.open(V4_ONLY);
        node.allocate(add(launcher, "eth0", "v4"));

        cluster.deleteVirtualMachine("vm1");
        // the pod is still there, terminating; the VM is gone, so the slot is not valid
        Pod terminating = client.pods().inNamespace(NS).resource(new PodBuilder(client.pods().inNamespace(NS)
                .withName(launcher.getMetadata().getName()).get()).editStatus().withPhase("Failed").endStatus()
                .editSpec().withRestartPolicy("Never").endSpec().build()).update();
        assertThat(node.release(del(terminating, "eth0")).getReleasedList()).containsExactly("v4/10.6.0.10");
        assertThat(endpoint("vm1")).isEmpty();
    }

    @Test
    @DisplayName("conflict release: stateless pod freed; off → CONFLICT_RELEASE_DISABLED (521); StatefulSet → CONFLICT_RELEASE_STATEFUL (522)")
    void C00018_C00019_conflictReleaseFreesStatelessPodsAndKeepsFixedAddresses() {
        Pod web = cluster.deploymentPod("web", "web-1", Map.of());
        cluster.statefulSet("db", 1);
        Pod db = cluster.statefulSetPod("db", 0, Map.of());
        ClusterNodeService node = cluster.open(V4_ONLY);
        node.allocate(add(web, "eth0", "v4"));
        node.allocate(add(db, "eth0", "v4"));

        assertThatThrownBy(() -> node.releaseAll(ReleaseAllRequest.newBuilder().setContainerId("c").setPod(identity(db)).build()))
                .isInstanceOfSatisfying(NodeFailure.class, f -> assertThat(f.kind()).isEqualTo(Failure.Kind.CONFLICT_RELEASE_STATEFUL))
                .hasMessageContaining("StatefulSet db");
        ClusterNodeService off = cluster.open(V4_ONLY, false);
        assertThatThrownBy(() -> off.releaseAll(ReleaseAllRequest.newBuilder().setContainerId("c").setPod(identity(web)).build()))
                .isInstanceOfSatisfying(NodeFailure.class, f -> assertThat(f.kind()).isEqualTo(Failure.Kind.CONFLICT_RELEASE_DISABLED))
                .hasMessageContaining("SPIDERPOOL_ENABLED_RELEASE_CONFLICT_IPS=false");

        assertThat(node.releaseAll(ReleaseAllRequest.newBuilder().setContainerId("c").setPod(identity(web)).build())
                .getReleasedList()).containsExactly("v4/10.6.0.10");
        assertThat(ledger("v4")).containsOnlyKeys("10.6.0.11");
    }

    @Test
    @DisplayName("an application's auto-pool that appears while the agent waits is used; one that never appears is NOT_READY naming the wait")
    void autoPoolWait() throws Exception {
        Pod pod = cluster.deploymentPod("app", "app-1", Map.of(SpiderpoolAnnotations.SUBNET, "{\"ipv4\":[\"subnet-a\"]}"));
        ClusterNodeService node = cluster.open(V4_ONLY);

        assertThatThrownBy(() -> node.allocate(add(pod, "eth0")))
                .isInstanceOf(IpamException.AutoPoolNotReady.class)
                .hasMessageContaining("SpiderSubnet subnet-a").hasMessageContaining("waited 3 times 50 ms");

        // the controller makes the application's pool from the subnet, labelled with the owner
        String appUid = client.apps().replicaSets().inNamespace(NS).withName("app-5d4f").get().getMetadata().getOwnerReferences()
                .get(0).getUid();
        cluster.pool("auto-app-v4-eth0", "10.9.0.0/24", "10.9.0.10-10.9.0.11");
        SpiderIPPool auto = pool("auto-app-v4-eth0");
        auto.getMetadata().setLabels(Map.of(
                SpiderpoolAnnotations.LABEL_OWNER_SPIDER_SUBNET, "subnet-a",
                SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_KIND, "Deployment",
                SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_NAMESPACE, NS,
                SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_NAME, "app",
                SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_UID, appUid,
                SpiderpoolAnnotations.LABEL_INTERFACE, "eth0",
                SpiderpoolAnnotations.LABEL_IP_VERSION, "IPv4"));
        client.resource(auto).update();

        assertThat(node.allocate(add(pod, "eth0")).getIpsList()).extracting(IpConfig::getIpPool).containsExactly("auto-app-v4-eth0");
    }

    @Test
    @DisplayName("GetCoordinatorConfig answers from the caches: the SpiderCoordinator named in the settings, the pod's default-route-nic")
    void coordinatorConfig() {
        SpiderCoordinator c = new SpiderCoordinator();
        c.getMetadata().setName("default");
        CoordinatorSpec spec = new CoordinatorSpec();
        c.setSpec(spec);
        client.resource(c).create();
        SpiderCoordinator stored = client.resources(SpiderCoordinator.class).withName("default").get();
        CoordinatorStatus status = new CoordinatorStatus();
        status.setPhase("Synced");
        status.setServiceCIDR(List.of("10.233.0.0/18"));
        stored.setStatus(status);
        client.resource(stored).updateStatus();
        Pod pod = cluster.pod("p", null, Map.of(SpiderpoolAnnotations.DEFAULT_ROUTE_NIC, "net1"));
        ClusterNodeService node = cluster.open(V4_ONLY);

        var config = node.coordinatorConfig(GetCoordinatorConfigRequest.newBuilder().setPodNamespace(NS).setPodName("p").build());
        assertThat(config.getServiceCidrList()).containsExactly("10.233.0.0/18");
        assertThat(config.getPodDefaultRouteNic()).isEqualTo("net1");
        assertThat(pod.getMetadata().getName()).isEqualTo("p");
    }

    // ---------------------------------------------------------------- reading the API

    private static List<String> addresses(AllocateResponse out) {
        return out.getIpsList().stream().map(ip -> ip.getNic() + " " + ip.getAddress()).toList();
    }

    private SpiderIPPool pool(String name) {
        return client.resources(SpiderIPPool.class).withName(name).get();
    }

    private Map<String, AllocationRecord> ledger(String pool) {
        return PoolLedger.of(pool(pool)).records();
    }

    private AllocationRecord holder(String pool, String ip) {
        return ledger(pool).get(ip);
    }

    private Optional<SpiderEndpoint> endpoint(String name) {
        return Optional.ofNullable(client.resources(SpiderEndpoint.class).inNamespace(NS).withName(name).get());
    }
}
