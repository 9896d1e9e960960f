package io.spidernet.spiderpool.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.spidernet.spiderpool.core.model.EndpointStatus;
import io.spidernet.spiderpool.core.model.IPAllocationDetail;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import io.spidernet.spiderpool.core.selection.PodFacts.TopController;
import io.spidernet.spiderpool.core.workload.WorkloadIdentity;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SpiderEndpoint records as the store writes them, on fabric8's CRUD mock with the CRD installed. */
@EnableKubernetesMockClient(crud = true)
class KubernetesEndpointStoreTest {
    private static final String NS = "ns";

    KubernetesClient client;
    KubernetesMockServer server;
    private KubernetesEndpointStore store;

    @BeforeEach
    void crd() {
        MockApi.installCrd(client, "spiderendpoints");
        store = new KubernetesEndpointStore(client);
    }

    @Test
    void aStatelessPodsRecordIsOwnedByThePodAndHoldsTheFinalizer() {
        Pod pod = pod("web-1", "uid-1");
        store.record(pod, stateless(pod), deployment("web"), "node-a", List.of(nic("eth0", "10.0.0.10/24")));

        SpiderEndpoint ep = store.get(NS, "web-1").orElseThrow();
        assertThat(ep.getMetadata().getFinalizers()).containsExactly(SpiderpoolGroup.FINALIZER);
        assertThat(ep.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
            assertThat(ref.getKind()).isEqualTo("Pod");
            assertThat(ref.getApiVersion()).isEqualTo("v1");
            assertThat(ref.getName()).isEqualTo("web-1");
            assertThat(ref.getUid()).isEqualTo("uid-1");
            assertThat(ref.getController()).isFalse();
            assertThat(ref.getBlockOwnerDeletion()).isTrue();
        });
        EndpointStatus status = ep.getStatus();
        assertThat(status.ownerControllerType()).isEqualTo("Deployment");
        assertThat(status.ownerControllerName()).isEqualTo("web");
        assertThat(status.current().uid()).isEqualTo("uid-1");
        assertThat(status.current().node()).isEqualTo("node-a");
        assertThat(status.current().ips()).extracting(IPAllocationDetail::ipv4).containsExactly("10.0.0.10/24");
    }

    @Test
    void statefulSetAndKubevirtRecordsHaveNoOwnerSoTheyOutliveThePod() {
        Pod sts = pod("db-0", "uid-s");
        store.record(sts, statefulSet("db-0", "db"), top("StatefulSet", "db"), "node-a", List.of(nic("eth0", "10.0.0.20/24")));
        Pod launcher = pod("virt-launcher-vm1-abcde", "uid-v");
        store.record(launcher, new WorkloadIdentity.KubevirtVm(NS, "vm1"), top("VirtualMachineInstance", "vm1"), "node-a",
                List.of(nic("eth0", "10.0.0.21/24")));

        SpiderEndpoint stsEp = store.get(NS, "db-0").orElseThrow();
        assertThat(stsEp.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(stsEp.getMetadata().getFinalizers()).containsExactly(SpiderpoolGroup.FINALIZER);
        SpiderEndpoint vmEp = store.get(NS, "vm1").orElseThrow();
        assertThat(vmEp.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(vmEp.getStatus().current().uid()).isEqualTo("uid-v");
        assertThat(store.get(NS, "virt-launcher-vm1-abcde")).isEmpty();
    }

    @Test
    void aSecondNicOfTheSamePodIsAppendedAndAKnownNicGivenAnewReplacesItsEntryInPlace() {
        Pod pod = pod("web-1", "uid-1");
        store.record(pod, stateless(pod), deployment("web"), "node-a", List.of(nic("eth0", "10.0.0.10/24")));
        store.record(pod, stateless(pod), deployment("web"), "node-a", List.of(nic("net1", "10.1.0.10/24")));
        // net1's address was lost from its pool (its ADD's record write timed out but landed) and allocated anew
        store.record(pod, stateless(pod), deployment("web"), "node-a", List.of(nic("net1", "10.1.0.99/24")));

        assertThat(store.get(NS, "web-1").orElseThrow().getStatus().current().ips())
                .extracting(IPAllocationDetail::nic, IPAllocationDetail::ipv4)
                .containsExactly(tuple("eth0", "10.0.0.10/24"),
                        tuple("net1", "10.1.0.99/24"));
    }

    @Test
    void aRecreatedStatelessPodWithANewUidReplacesTheOldRecord() {
        Pod old = pod("web-1", "uid-old");
        store.record(old, stateless(old), deployment("web"), "node-a",
                List.of(nic("eth0", "10.0.0.10/24"), nic("net1", "10.1.0.10/24")));
        Pod now = pod("web-1", "uid-new");
        store.record(now, stateless(now), deployment("web"), "node-b", List.of(nic("eth0", "10.0.0.11/24")));

        SpiderEndpoint ep = store.get(NS, "web-1").orElseThrow();
        assertThat(ep.getStatus().current().uid()).isEqualTo("uid-new");
        assertThat(ep.getStatus().current().node()).isEqualTo("node-b");
        assertThat(ep.getStatus().current().ips()).extracting(IPAllocationDetail::ipv4).containsExactly("10.0.0.11/24");
        assertThat(ep.getMetadata().getOwnerReferences()).extracting(OwnerReference::getUid).containsExactly("uid-new");
        assertThat(ep.getMetadata().getFinalizers()).containsExactly(SpiderpoolGroup.FINALIZER);
    }

    @Test
    void aStatefulSetRecordSurvivesAndTakesTheNewPodsUidAndNode() {
        Pod old = pod("db-0", "uid-old");
        store.record(old, statefulSet("db-0", "db"), top("StatefulSet", "db"), "node-a",
                List.of(nic("eth0", "10.0.0.20/24"), nic("net1", "10.1.0.20/24")));
        String createdAs = store.get(NS, "db-0").orElseThrow().getMetadata().getUid();

        Pod now = pod("db-0", "uid-new");
        store.record(now, statefulSet("db-0", "db"), top("StatefulSet", "db"), "node-b", List.of(nic("eth0", "10.0.0.20/24")));

        SpiderEndpoint ep = store.get(NS, "db-0").orElseThrow();
        assertThat(ep.getMetadata().getUid()).as("the same object, updated").isEqualTo(createdAs);
        assertThat(ep.getStatus().current().uid()).isEqualTo("uid-new");
        assertThat(ep.getStatus().current().node()).isEqualTo("node-b");
        assertThat(ep.getStatus().current().ips()).extracting(IPAllocationDetail::nic).containsExactly("eth0", "net1");
        assertThat(ep.getMetadata().getOwnerReferences()).isNullOrEmpty();
    }

    @Test
    void aWriteBasedOnAStaleReadGets409AndIsRedoneFromAFreshRead() {
        Pod pod = pod("web-1", "uid-1");
        store.record(pod, stateless(pod), deployment("web"), "node-a", List.of(nic("eth0", "10.0.0.10/24")));
        AtomicBoolean raced = new AtomicBoolean();
        // another writer appends net2 between the racing store's read and its PUT, once
        KubernetesEndpointStore other = new KubernetesEndpointStore(client);
        KubernetesEndpointStore racing = new KubernetesEndpointStore(RacingClient.beforeEndpointWrites(client, () -> {
            if (raced.compareAndSet(false, true)) {
                other.record(pod, stateless(pod), deployment("web"), "node-a", List.of(nic("net2", "10.2.0.10/24")));
            }
        }));

        racing.record(pod, stateless(pod), deployment("web"), "node-a", List.of(nic("net1", "10.1.0.10/24")));

        assertThat(racing.conflicts()).isEqualTo(1);
        assertThat(store.get(NS, "web-1").orElseThrow().getStatus().current().ips())
                .extracting(IPAllocationDetail::nic).containsExactly("eth0", "net2", "net1");
    }

    @Test
    void aRecordThatKeepsChangingUnderTheWriterIsGivenUpAfterBoundedAttempts() {
        Pod pod = pod("web-1", "uid-1");
        store.record(pod, stateless(pod), deployment("web"), "node-a", List.of(nic("eth0", "10.0.0.10/24")));
        KubernetesEndpointStore other = new KubernetesEndpointStore(client);
        int[] n = {0};
        KubernetesEndpointStore racing = new KubernetesEndpointStore(RacingClient.beforeEndpointWrites(client, () -> other.record(pod, stateless(pod),
                deployment("web"), "node-a", List.of(nic("x" + n[0]++, "10.9.0.1/24")))));

        assertThatThrownBy(() -> racing.record(pod, stateless(pod), deployment("web"), "node-a",
                List.of(nic("net1", "10.1.0.10/24"))))
                .isInstanceOf(KubernetesStoreException.class).hasMessageContaining("ns/web-1");
        assertThat(racing.conflicts()).isEqualTo(KubernetesEndpointStore.MAX_ATTEMPTS);
    }

    @Test
    void aRecordDeletedBetweenReadAndWriteIsCreatedAnew() {
        Pod pod = pod("web-1", "uid-1");
        store.record(pod, stateless(pod), deployment("web"), "node-a", List.of(nic("eth0", "10.0.0.10/24")));
        AtomicBoolean gone = new AtomicBoolean();
        KubernetesEndpointStore racing = new KubernetesEndpointStore(RacingClient.beforeEndpointWrites(client, () -> {
            if (gone.compareAndSet(false, true)) {
                store.removeFinalizer(NS, "web-1");
                store.delete(store.get(NS, "web-1").orElseThrow());
            }
        }));

        racing.record(pod, stateless(pod), deployment("web"), "node-a", List.of(nic("net1", "10.1.0.10/24")));

        assertThat(store.get(NS, "web-1").orElseThrow().getStatus().current().ips())
                .extracting(IPAllocationDetail::nic).containsExactly("net1");
    }

    @Test
    void finalizerRemovalAndDeleteAreIdempotent() {
        Pod pod = pod("web-1", "uid-1");
        store.record(pod, stateless(pod), deployment("web"), "node-a", List.of(nic("eth0", "10.0.0.10/24")));

        store.removeFinalizer(NS, "web-1");
        store.removeFinalizer(NS, "web-1");
        assertThat(store.get(NS, "web-1").orElseThrow().getMetadata().getFinalizers()).isNullOrEmpty();

        SpiderEndpoint judged = store.get(NS, "web-1").orElseThrow();
        assertThat(store.delete(judged)).isTrue();
        assertThat(store.delete(judged)).as("already gone").isTrue();
        store.removeFinalizer(NS, "web-1");
        assertThat(store.get(NS, "web-1")).isEmpty();
    }

    @Test
    void aDeleteCarriesTheResourceVersionTheRecordWasJudgedAt() throws InterruptedException {
        Pod pod = pod("web-1", "uid-1");
        store.record(pod, stateless(pod), deployment("web"), "node-a", List.of(nic("eth0", "10.0.0.10/24")));
        SpiderEndpoint judged = store.get(NS, "web-1").orElseThrow();

        store.delete(judged);

        // the CRUD mock does not enforce delete preconditions; the API server does, so the request must carry one
        assertThat(deletes()).singleElement().satisfies(body -> assertThat(body)
                .contains("\"preconditions\":{\"resourceVersion\":\"" + judged.getMetadata().getResourceVersion() + "\""));
    }

    @Test
    void replacingAnOlderPodsRecordDeletesItAtTheVersionItWasRead() throws InterruptedException {
        Pod old = pod("web-1", "uid-old");
        store.record(old, stateless(old), deployment("web"), "node-a", List.of(nic("eth0", "10.0.0.10/24")));
        Pod now = pod("web-1", "uid-new");

        store.record(now, stateless(now), deployment("web"), "node-b", List.of(nic("eth0", "10.0.0.11/24")));

        assertThat(deletes()).singleElement().satisfies(body -> assertThat(body).contains("\"preconditions\":{\"resourceVersion\":"));
    }

    @Test
    void aFinalizerIsNotDroppedFromARecordRewrittenForAnotherPod() {
        Pod old = pod("web-1", "uid-old");
        store.record(old, stateless(old), deployment("web"), "node-a", List.of(nic("eth0", "10.0.0.10/24")));
        SpiderEndpoint judged = store.get(NS, "web-1").orElseThrow();
        Pod now = pod("web-1", "uid-new");
        store.record(now, stateless(now), deployment("web"), "node-b", List.of(nic("eth0", "10.0.0.11/24")));

        assertThat(store.removeFinalizer(NS, "web-1", judged)).isEmpty();

        assertThat(store.get(NS, "web-1").orElseThrow().getMetadata().getFinalizers()).containsExactly(SpiderpoolGroup.FINALIZER);
    }

    /** The bodies of the DELETE requests the mock received so far. */
    private List<String> deletes() throws InterruptedException {
        List<String> bodies = new java.util.ArrayList<>();
        for (RecordedRequest r = server.takeRequest(1, TimeUnit.MILLISECONDS); r != null;
             r = server.takeRequest(1, TimeUnit.MILLISECONDS)) {
            if (r.getMethod().equals("DELETE") && r.getPath().contains("/spiderendpoints/")) {
                bodies.add(r.getUtf8Body());
            }
        }
        return bodies;
    }

    private static Pod pod(String name, String uid) {
        return new PodBuilder().withNewMetadata().withNamespace(NS).withName(name).withUid(uid).endMetadata().build();
    }

    private static WorkloadIdentity stateless(Pod pod) {
        return new WorkloadIdentity.Stateless(NS, pod.getMetadata().getName(), pod.getMetadata().getUid());
    }

    private static WorkloadIdentity statefulSet(String podName, String sts) {
        return new WorkloadIdentity.StatefulSetPod(NS, podName, sts, Integer.parseInt(podName.substring(podName.lastIndexOf('-') + 1)));
    }

    private static TopController deployment(String name) {
        return new TopController("apps", "apps/v1", "Deployment", NS, name, "uid-" + name);
    }

    private static TopController top(String kind, String name) {
        return new TopController("", "v1", kind, NS, name, "uid-" + name);
    }

    private static IPAllocationDetail nic(String nic, String ipv4) {
        return new IPAllocationDetail(nic, ipv4, null, "pool-" + nic, null, 0L, null, null, null, null, null);
    }
}
