package io.spidernet.spiderpool.controller.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.utils.ResponseProvider;
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
import io.spidernet.spiderpool.api.controller.v1.NodeUsage;
import io.spidernet.spiderpool.api.controller.v1.PoolUsage;
import io.spidernet.spiderpool.api.controller.v1.PoolUsageRequest;
import io.spidernet.spiderpool.api.controller.v1.Rejection;
import io.spidernet.spiderpool.api.controller.v1.TriggerGcRequest;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.EndpointStatus;
import io.spidernet.spiderpool.core.model.PodIPAllocation;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.model.SubnetSpec;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.controller.webhook.WebhookServer;
import jakarta.inject.Inject;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin API over gRPC on its own TLS port, against the test API server: reflection lists it,
 * ExplainAllocation explains a refused pod pool by pool and previews the address a fitting pod would
 * get, PoolUsage counts. Every call is authorised by the test API server's TokenReview and
 * SubjectAccessReview, answered by expectations: tokens starting {@code alice} are user alice, whom
 * RBAC allows everything; {@code mallory} is authenticated and allowed nothing; {@code bogus} is not
 * authenticated; {@code broken} makes the TokenReview fail.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class AdminGrpcServiceTest {
    @KubernetesTestServer
    KubernetesServer server;

    @TestHTTPResource("/")
    URL http;

    @Inject
    AdminEndpoint admin;

    @Inject
    WebhookServer webhooks;

    /** The SubjectAccessReviews the test API server was asked. */
    static final ConcurrentLinkedQueue<SubjectAccessReview> ACCESS_REVIEWS = new ConcurrentLinkedQueue<>();

    private ManagedChannel tls;
    private io.grpc.Channel channel;
    private KubernetesClient client;

    @BeforeEach
    void cluster() throws Exception {
        String authority = webhooks.tls().certificate().getSubjectAlternativeNames().iterator().next().get(1).toString();
        tls = TestTls.channel(admin.port(), webhooks.tls().caPem(), authority);
        // a token of its own per test: no test sees another's cached verdict
        channel = ClientInterceptors.intercept(tls, TestTls.authorization("Bearer alice-" + UUID.randomUUID()));
        client = server.getClient();
        if (client.apiextensions().v1().customResourceDefinitions().withName("spiderippools.spiderpool.spidernet.io").get() != null) {
            return;
        }
        server.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews")
                .andReply(new TokenReviews()).always();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews")
                .andReply(201, AdminGrpcServiceTest::accessReview).always();
        for (String plural : List.of("spiderippools", "spiderreservedips", "spidersubnets", "spiderendpoints")) {
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
        SpiderEndpoint other = new SpiderEndpoint();
        other.setMetadata(new ObjectMetaBuilder().withName("other").withNamespace("ns").build());
        other.setStatus(new EndpointStatus(new PodIPAllocation("u-0", "node-a", List.of()), "Pod", "other"));
        client.resource(other).create();
        SpiderIPPool pinned = pool("pinned", "10.3.0.0/24", "10.3.0.10-10.3.0.12", spec -> spec.setNodeName(List.of("node-b", "node-a")));
        pinned.setStatus(new IPPoolStatus("{\"10.3.0.10\":{\"pod\":\"ns/gone\",\"podUid\":\"u-9\"}}", 3L, 1L));
        client.resource(pinned).updateStatus();
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
        tls.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
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
            assertThat(p.getNodeNamesList()).isEmpty();
            assertThat(p.getNodesList()).as("ns/other's endpoint is on node-a")
                    .containsExactly(NodeUsage.newBuilder().setNode("node-a").setAllocatedIpCount(1).build());
        });
    }

    @Test
    void poolUsageListsANodeBoundPoolsNodesAndRecordsWithoutEndpoint() {
        var usage = AdminGrpc.newBlockingStub(channel).poolUsage(PoolUsageRequest.newBuilder().addPoolNames("pinned")
                .addPoolNames("zone-b-only").build());
        assertThat(usage.getPoolsList()).extracting(PoolUsage::getName, PoolUsage::getNodeAffinity)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("pinned", false),
                        org.assertj.core.groups.Tuple.tuple("zone-b-only", true));
        PoolUsage pinned = usage.getPoolsList().stream().filter(p -> p.getName().equals("pinned")).findFirst().orElseThrow();
        assertThat(pinned.getNodeNamesList()).containsExactly("node-b", "node-a");
        assertThat(pinned.getNodesList()).extracting(NodeUsage::getNode, NodeUsage::getAllocatedIpCount).containsExactly(
                org.assertj.core.groups.Tuple.tuple("", 1L), org.assertj.core.groups.Tuple.tuple("node-a", 0L),
                org.assertj.core.groups.Tuple.tuple("node-b", 0L));
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
        // pool pinned's record of ns/gone is released too: the usage tests' pool, not this one's
        var preview = AdminGrpc.newBlockingStub(channel).gcPreview(GcPreviewRequest.newBuilder().setReleasesOnly(true)
                .addPoolNames("open").build());

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

    @Test
    void aCallWithoutATokenIsUnauthenticated() {
        assertRefused(tls, Status.Code.UNAUTHENTICATED, "no bearer token");
    }

    @Test
    void aHeaderThatIsNotABearerTokenIsUnauthenticated() {
        assertRefused(ClientInterceptors.intercept(tls, TestTls.authorization("Basic YWxpY2U6c2VjcmV0")),
                Status.Code.UNAUTHENTICATED, "not 'Bearer <token>'");
    }

    @Test
    void aTokenTheApiServerDoesNotAcceptIsUnauthenticated() {
        assertRefused(ClientInterceptors.intercept(tls, TestTls.authorization("Bearer bogus-" + UUID.randomUUID())),
                Status.Code.UNAUTHENTICATED, "TokenReview: not authenticated");
    }

    @Test
    void aUserRbacDoesNotAllowIsDeniedWithTheVerbAndPathItNeeds() {
        io.grpc.Channel mallory = ClientInterceptors.intercept(tls, TestTls.authorization("Bearer mallory-" + UUID.randomUUID()));
        assertRefused(mallory, Status.Code.PERMISSION_DENIED,
                "user mallory may not get /spiderpool.controller.v1.Admin/PoolUsage");
        assertThatThrownBy(() -> AdminGrpc.newBlockingStub(mallory).triggerGc(TriggerGcRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                    assertThat(e.getStatus().getDescription())
                            .contains("user mallory may not create /spiderpool.controller.v1.Admin/TriggerGc");
                });
    }

    @Test
    void aReviewTheApiServerFailsIsUnavailableAndTellsNoMore() {
        String token = "broken-" + UUID.randomUUID();
        assertThatThrownBy(() -> AdminGrpc.newBlockingStub(ClientInterceptors.intercept(tls, TestTls.authorization("Bearer " + token)))
                .poolUsage(PoolUsageRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription()).contains("TokenReview failed").doesNotContain(token)
                            .doesNotContainIgnoringCase("exception");
                });
    }

    @Test
    void anAuthorisedCallIsCheckedAsItsUserForItsPathAndVerb() {
        String token = "alice-" + UUID.randomUUID();
        io.grpc.Channel alice = ClientInterceptors.intercept(tls, TestTls.authorization("Bearer " + token));
        ACCESS_REVIEWS.clear();

        AdminGrpc.newBlockingStub(alice).gcPreview(GcPreviewRequest.getDefaultInstance());
        assertThatThrownBy(() -> AdminGrpc.newBlockingStub(alice).triggerGc(TriggerGcRequest.getDefaultInstance()))
                .as("authorised, then refused by the replica: it does not lead")
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));

        assertThat(ACCESS_REVIEWS).extracting(r -> r.getSpec().getUser(), r -> r.getSpec().getUid(), r -> r.getSpec().getGroups(),
                        r -> r.getSpec().getNonResourceAttributes().getPath(), r -> r.getSpec().getNonResourceAttributes().getVerb())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("alice", "uid-alice", List.of("system:authenticated"),
                                "/spiderpool.controller.v1.Admin/GcPreview", "get"),
                        org.assertj.core.groups.Tuple.tuple("alice", "uid-alice", List.of("system:authenticated"),
                                "/spiderpool.controller.v1.Admin/TriggerGc", "create"));
        assertThat(ACCESS_REVIEWS).allSatisfy(r -> assertThat(r.getSpec().getResourceAttributes()).isNull());
    }

    @Test
    void theHealthPortServesNoAdminApi() {
        ManagedChannel health = NettyChannelBuilder.forAddress(http.getHost(), http.getPort()).usePlaintext().build();
        try {
            assertThatThrownBy(() -> AdminGrpc.newBlockingStub(ClientInterceptors.intercept(health,
                    TestTls.authorization("Bearer alice-" + UUID.randomUUID())))
                    .withDeadlineAfter(10, TimeUnit.SECONDS).poolUsage(PoolUsageRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
        } finally {
            health.shutdownNow();
        }
    }

    /**
     * Prints what authorisation adds to a call against the test API server: a new token's first call
     * (TokenReview and SubjectAccessReview) against the same call again (cached verdict, no review).
     */
    @Test
    void printsTheCostOfReviewsAgainstACachedVerdict() {
        int rounds = 20;
        long[] first = new long[rounds];
        long[] cached = new long[rounds];
        PoolUsageRequest none = PoolUsageRequest.newBuilder().addPoolNames("no-such-pool").build();
        AdminGrpc.newBlockingStub(channel).poolUsage(none);
        for (int i = 0; i < rounds; i++) {
            var stub = AdminGrpc.newBlockingStub(ClientInterceptors.intercept(tls,
                    TestTls.authorization("Bearer alice-" + UUID.randomUUID())));
            long t0 = System.nanoTime();
            stub.poolUsage(none);
            long t1 = System.nanoTime();
            int reviews = ACCESS_REVIEWS.size();
            stub.poolUsage(none);
            cached[i] = System.nanoTime() - t1;
            first[i] = t1 - t0;
            assertThat(ACCESS_REVIEWS).as("the second call reuses the verdict").hasSize(reviews);
        }
        java.util.Arrays.sort(first);
        java.util.Arrays.sort(cached);
        System.out.printf("admin call, median of %d: with TokenReview+SubjectAccessReview %.2f ms, cached verdict %.2f ms%n",
                rounds, first[rounds / 2] / 1e6, cached[rounds / 2] / 1e6);
    }

    private static void assertRefused(io.grpc.Channel caller, Status.Code code, String description) {
        assertThatThrownBy(() -> AdminGrpc.newBlockingStub(caller).poolUsage(PoolUsageRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(code);
                    assertThat(e.getStatus().getDescription()).contains(description);
                });
    }

    /** The test API server's TokenReview: the token's prefix says who it is; {@code broken} gets a 500. */
    static final class TokenReviews implements ResponseProvider<Object> {
        private Headers headers = Headers.builder().build();

        @Override
        public int getStatusCode(RecordedRequest request) {
            return token(request).startsWith("broken") ? 500 : 201;
        }

        @Override
        public Object getBody(RecordedRequest request) {
            String token = token(request);
            if (token.startsWith("broken")) {
                return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":500}";
            }
            String user = token.startsWith("alice") ? "alice" : token.startsWith("mallory") ? "mallory" : null;
            TokenReviewStatus status = user == null ? new TokenReviewStatusBuilder().withAuthenticated(false)
                    .withError("invalid bearer token").build()
                    : new TokenReviewStatusBuilder().withAuthenticated(true).withNewUser().withUsername(user)
                    .withUid("uid-" + user).withGroups("system:authenticated").endUser().build();
            return new TokenReviewBuilder().withStatus(status).build();
        }

        private static String token(RecordedRequest request) {
            return Serialization.unmarshal(body(request), TokenReview.class).getSpec().getToken();
        }

        @Override
        public Headers getHeaders() {
            return headers;
        }

        @Override
        public void setHeaders(Headers headers) {
            this.headers = headers;
        }
    }

    /** A request's body; read without consuming it, since the mock server asks the status and the body apart. */
    private static String body(RecordedRequest request) {
        return new String(request.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The test API server's SubjectAccessReview: RBAC allows alice everything and nobody else anything. */
    static Object accessReview(RecordedRequest request) {
        SubjectAccessReview review = Serialization.unmarshal(body(request), SubjectAccessReview.class);
        ACCESS_REVIEWS.add(review);
        boolean allowed = "alice".equals(review.getSpec().getUser());
        return new SubjectAccessReviewBuilder().withNewStatus().withAllowed(allowed)
                .withReason(allowed ? "" : "no RBAC policy matched").endStatus().build();
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
