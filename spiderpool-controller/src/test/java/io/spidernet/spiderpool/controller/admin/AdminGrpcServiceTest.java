package io.spidernet.spiderpool.controller.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.spidernet.spiderpool.api.controller.v1.AdminGrpc;
import io.spidernet.spiderpool.api.controller.v1.Choice;
import io.spidernet.spiderpool.api.controller.v1.ExplainAllocationRequest;
import io.spidernet.spiderpool.api.controller.v1.ExplainAllocationResponse;
import io.spidernet.spiderpool.api.controller.v1.GcPreviewRequest;
import io.spidernet.spiderpool.api.controller.v1.PoolUsageRequest;
import io.spidernet.spiderpool.api.controller.v1.Rejection;
import io.spidernet.spiderpool.api.controller.v1.TriggerGcRequest;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.model.SubnetSpec;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin API over gRPC against the test API server: reflection lists it, ExplainAllocation explains
 * a refused pod pool by pool and previews the address a fitting pod would get, PoolUsage counts.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class AdminGrpcServiceTest {
    @KubernetesTestServer
    KubernetesServer server;

    @TestHTTPResource("/")
    URL http;

    private ManagedChannel channel;
    private KubernetesClient client;

    @BeforeEach
    void cluster() throws Exception {
        channel = NettyChannelBuilder.forAddress(http.getHost(), http.getPort()).usePlaintext().build();
        client = server.getClient();
        if (client.apiextensions().v1().customResourceDefinitions().withName("spiderippools.spiderpool.spidernet.io").get() != null) {
            return;
        }
        for (String plural : List.of("spiderippools", "spiderreservedips", "spidersubnets")) {
            try (InputStream in = Files.newInputStream(Path.of("../deploy/crds/" + plural + ".spiderpool.spidernet.io.yaml"))) {
                client.apiextensions().v1().customResourceDefinitions().load(in).create();
            }
        }
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("ns").endMetadata().build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-a").withLabels(Map.of("zone", "a"))
                .endMetadata().build()).create();
        pool("zone-b-only", "10.1.0.0/24", "10.1.0.10-10.1.0.12", spec -> spec.setNodeAffinity(
                new LabelSelectorBuilder().withMatchLabels(Map.of("zone", "b")).build()));
        SpiderIPPool open = pool("open", "10.2.0.0/24", "10.2.0.10-10.2.0.12", spec -> { });
        open.setStatus(new IPPoolStatus("{\"10.2.0.10\":{\"pod\":\"ns/other\",\"podUid\":\"u-0\"}}", 3L, 1L));
        client.resource(open).updateStatus();
        SpiderSubnet subnet = new SpiderSubnet();
        subnet.setMetadata(new ObjectMetaBuilder().withName("s-open").build());
        SubnetSpec subnetSpec = new SubnetSpec();
        subnetSpec.setIpVersion(IpVersion.of(IpFamily.V4));
        subnetSpec.setSubnet("10.2.0.0/24");
        subnetSpec.setIps(List.of("10.2.0.10-10.2.0.19"));
        subnet.setSpec(subnetSpec);
        client.resource(subnet).create();
        for (String pod : List.of("refused", "fits")) {
            client.pods().inNamespace("ns").resource(new PodBuilder().withNewMetadata().withName(pod).withNamespace("ns")
                    .endMetadata().withNewSpec().withNodeName("node-a").endSpec().build()).create();
        }
    }

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void explainsARefusedPodPoolByPool() {
        ExplainAllocationResponse r = AdminGrpc.newBlockingStub(channel).explainAllocation(ExplainAllocationRequest.newBuilder()
                .setPodNamespace("ns").setPodName("refused").addDefaultIpv4Ippool("zone-b-only").build());

        assertThat(r.getCandidatesList()).isEmpty();
        assertThat(r.getWouldUseList()).isEmpty();
        assertThat(r.getRefused()).contains("zone-b-only").contains("nodeAffinity");
    }

    @Test
    void previewsTheAddressAFittingPodWouldGet() {
        ExplainAllocationResponse r = AdminGrpc.newBlockingStub(channel).explainAllocation(ExplainAllocationRequest.newBuilder()
                .setPodNamespace("ns").setPodName("fits").addDefaultIpv4Ippool("zone-b-only").addDefaultIpv4Ippool("open").build());

        assertThat(r.getRefused()).isEmpty();
        assertThat(r.getCandidatesList()).extracting(c -> c.getPool()).containsExactly("open");
        assertThat(r.getRejectionsList()).extracting(Rejection::getPool).containsExactly("zone-b-only");
        assertThat(r.getRejectionsList().getFirst().getReason()).contains("nodeAffinity");
        assertThat(r.getWouldUseList()).extracting(Choice::getNic, Choice::getPool, Choice::getIp)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("eth0", "open", "10.2.0.11"));
    }

    @Test
    void anUnknownPodIsNotFound() {
        assertThatThrownBy(() -> AdminGrpc.newBlockingStub(channel).explainAllocation(ExplainAllocationRequest.newBuilder()
                .setPodNamespace("ns").setPodName("ghost").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).contains("ns/ghost");
                });
    }

    @Test
    void poolUsageCountsEachPool() {
        var usage = AdminGrpc.newBlockingStub(channel).poolUsage(PoolUsageRequest.newBuilder().addPoolNames("open").build());
        assertThat(usage.getPoolsList()).singleElement().satisfies(p -> {
            assertThat(p.getTotalIpCount()).isEqualTo("3");
            assertThat(p.getAllocatedIpCount()).isEqualTo(1);
            assertThat(p.getFreeIpCount()).isEqualTo("2");
            assertThat(p.getSubnet()).isEqualTo("10.2.0.0/24");
        });
    }

    @Test
    void subnetUsageSaysWhatANewPoolCouldStillGet() {
        var usage = AdminGrpc.newBlockingStub(channel).poolUsage(PoolUsageRequest.getDefaultInstance());
        assertThat(usage.getSubnetsList()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo("s-open");
            assertThat(s.getTotalIpCount()).isEqualTo("10");
            assertThat(s.getAllocatedIpCount()).isEqualTo("0");
            assertThat(s.getFreeIpCount()).as("minus pool open's 10.2.0.10-12").isEqualTo("7");
            assertThat(s.getPoolCount()).isZero();
        });
    }

    @Test
    void gcPreviewSaysWhichRecordAScanWouldFreeAndWhy() {
        var preview = AdminGrpc.newBlockingStub(channel).gcPreview(GcPreviewRequest.newBuilder().setReleasesOnly(true).build());

        assertThat(preview.getRowsList()).singleElement().satisfies(r -> {
            assertThat(r.getPool()).isEqualTo("open");
            assertThat(r.getIp()).isEqualTo("10.2.0.10");
            assertThat(r.getVerdict()).isEqualTo("Release");
            assertThat(r.getReason()).contains("ns/other");
        });
        assertThat(client.resources(SpiderIPPool.class).withName("open").get().getStatus().getAllocatedIPs())
                .as("a preview frees nothing").contains("10.2.0.10");
    }

    @Test
    void triggerGcOnAReplicaThatDoesNotLeadNamesTheLease() {
        assertThatThrownBy(() -> AdminGrpc.newBlockingStub(channel).triggerGc(TriggerGcRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).contains("spiderpool-controller-leases");
                });
    }

    @Test
    void reflectionListsTheAdminApi() throws Exception {
        CompletableFuture<List<String>> services = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> req = ServerReflectionGrpc.newStub(channel).serverReflectionInfo(
                new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse value) {
                        services.complete(value.getListServicesResponse().getServiceList().stream()
                                .map(ServiceResponse::getName).toList());
                    }

                    @Override
                    public void onError(Throwable t) {
                        services.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        services.complete(List.of());
                    }
                });
        req.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        req.onCompleted();
        assertThat(services.get(10, TimeUnit.SECONDS)).contains("spiderpool.controller.v1.Admin");
    }

    private SpiderIPPool pool(String name, String subnet, String ips, java.util.function.Consumer<IPPoolSpec> tweak) {
        IPPoolSpec spec = new IPPoolSpec();
        spec.setSubnet(subnet);
        spec.setIpVersion(IpVersion.of(IpFamily.V4));
        spec.setIps(List.of(ips));
        tweak.accept(spec);
        SpiderIPPool p = new SpiderIPPool();
        p.setMetadata(new ObjectMetaBuilder().withName(name).build());
        p.setSpec(spec);
        return client.resource(p).create();
    }
}
