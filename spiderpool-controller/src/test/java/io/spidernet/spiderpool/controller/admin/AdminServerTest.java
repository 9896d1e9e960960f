package io.spidernet.spiderpool.controller.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.ListenableFuture;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.spidernet.spiderpool.api.controller.v1.AdminGrpc;
import io.spidernet.spiderpool.api.controller.v1.PoolUsageRequest;
import io.spidernet.spiderpool.api.controller.v1.PoolUsageResponse;
import io.spidernet.spiderpool.controller.admin.AdminAccess.AccessAnswer;
import io.spidernet.spiderpool.controller.admin.AdminAccess.Check;
import io.spidernet.spiderpool.controller.admin.AdminAccess.Identity;
import io.spidernet.spiderpool.controller.admin.AdminAccess.TokenAnswer;
import io.spidernet.spiderpool.controller.webhook.ServingCertificate;
import io.spidernet.spiderpool.controller.webhook.ServingKeyManager;
import io.spidernet.spiderpool.controller.webhook.TlsMaterial;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.net.KeyCertOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin server's bounds, without Quarkus: the concurrency cap, TLS only, the message size limit,
 * the per-call deadline, and a certificate swapped while running. Reviews are a fake that allows
 * every token (the review logic has its own tests) and can be held to keep calls in flight.
 */
@EnableKubernetesMockClient(crud = true)
class AdminServerTest {
    KubernetesMockServer server;
    KubernetesClient client;

    private Vertx vertx;
    private WorkerExecutor workers;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final TlsMaterial tls = TestTls.selfSigned();
    private final ServingCertificate serving = new ServingCertificate(tls);
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private final CountDownLatch reviewing = new CountDownLatch(2);

    private final Reviews allowAll = new Reviews() {
        @Override
        public TokenAnswer reviewToken(String token) {
            reviewing.countDown();
            try {
                hold.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new TokenAnswer(true, new Identity("alice", "u-1", List.of(), Map.of()));
        }

        @Override
        public AccessAnswer reviewAccess(Identity who, Check check) {
            reviewedUsers.add(who.user());
            return new AccessAnswer(true, "");
        }
    };
    private final List<String> reviewedUsers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final TestTls.Ca clusterCa = TestTls.Ca.create("cluster-client-ca");

    @BeforeEach
    void vertx() {
        vertx = Vertx.vertx();
        workers = vertx.createSharedWorkerExecutor("admin-test", 8);
    }

    @AfterEach
    void close() throws Exception {
        hold.countDown();
        for (ManagedChannel c : channels) {
            c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aCallBeyondTheConcurrencyCapIsRefusedNotQueued() throws Exception {
        AdminServer admin = start(new AdminServer.Settings("127.0.0.1", 0, 2, 65536), Duration.ofSeconds(30));
        hold = new CountDownLatch(1);
        var stub = AdminGrpc.newFutureStub(channel(admin)).withInterceptors(TestTls.authorization("Bearer t"));
        ListenableFuture<PoolUsageResponse> first = stub.poolUsage(PoolUsageRequest.getDefaultInstance());
        ListenableFuture<PoolUsageResponse> second = stub.poolUsage(PoolUsageRequest.getDefaultInstance());
        assertThat(reviewing.await(10, TimeUnit.SECONDS)).as("two calls in flight").isTrue();

        // a deadline so that, were the cap gone, the third call would fail as held rather than hang the test
        assertThatThrownBy(() -> blocking(admin).withDeadlineAfter(5, TimeUnit.SECONDS)
                .poolUsage(PoolUsageRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    assertThat(e.getStatus().getDescription()).contains("2 admin calls")
                            .contains("spiderpool.controller.admin.max-concurrent-calls");
                });

        hold.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).getPoolsList()).isEmpty();
        assertThat(second.get(10, TimeUnit.SECONDS).getPoolsList()).isEmpty();
        assertThat(blocking(admin).poolUsage(PoolUsageRequest.getDefaultInstance()).getPoolsList())
                .as("finished calls give their place back").isEmpty();
    }

    @Test
    void aCallItsClientAbandonsGivesItsPlaceBack() throws Exception {
        AdminServer admin = start(new AdminServer.Settings("127.0.0.1", 0, 1, 65536), Duration.ofSeconds(30));
        hold = new CountDownLatch(1);
        assertThatThrownBy(() -> blocking(admin).withDeadlineAfter(300, TimeUnit.MILLISECONDS)
                .poolUsage(PoolUsageRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
        hold.countDown();

        // the server learns of the abandoned call asynchronously (RST_STREAM): until then the one place is taken
        StatusRuntimeException last = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                assertThat(blocking(admin).poolUsage(PoolUsageRequest.getDefaultInstance()).getPoolsList()).isEmpty();
                return;
            } catch (StatusRuntimeException e) {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                last = e;
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the abandoned call never gave its place back", last);
    }

    @Test
    void aPlaintextConnectionToTheTlsPortGetsNoAnswer() throws Exception {
        AdminServer admin = start(new AdminServer.Settings("127.0.0.1", 0, 8, 65536), Duration.ofSeconds(30));
        ManagedChannel plaintext = NettyChannelBuilder.forAddress("127.0.0.1", admin.port()).usePlaintext().build();
        channels.add(plaintext);

        assertThatThrownBy(() -> AdminGrpc.newBlockingStub(plaintext).withInterceptors(TestTls.authorization("Bearer t"))
                .withDeadlineAfter(10, TimeUnit.SECONDS).poolUsage(PoolUsageRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        assertThat(blocking(admin).poolUsage(PoolUsageRequest.getDefaultInstance()).getPoolsList())
                .as("the same call over TLS").isEmpty();
    }

    @Test
    void aRequestLargerThanTheMessageLimitIsRefused() throws Exception {
        AdminServer admin = start(new AdminServer.Settings("127.0.0.1", 0, 8, 200), Duration.ofSeconds(30));
        PoolUsageRequest big = PoolUsageRequest.newBuilder().addPoolNames("p".repeat(300)).build();

        assertThatThrownBy(() -> blocking(admin).poolUsage(big))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        assertThat(blocking(admin).poolUsage(PoolUsageRequest.newBuilder().addPoolNames("p".repeat(150)).build())
                .getPoolsList()).as("a request within the limit").isEmpty();
    }

    @Test
    void aCallOutlastingItsDeadlineIsCutWithDeadlineExceeded() throws Exception {
        server.expect().get().delay(5, TimeUnit.SECONDS).withPath("/apis/spiderpool.spidernet.io/v2beta1/spiderippools")
                .andReturn(200, "{\"kind\":\"SpiderIPPoolList\",\"apiVersion\":\"spiderpool.spidernet.io/v2beta1\",\"items\":[]}")
                .once();
        AdminServer admin = start(new AdminServer.Settings("127.0.0.1", 0, 8, 65536), Duration.ofMillis(500));

        assertThatThrownBy(() -> blocking(admin).poolUsage(PoolUsageRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
                    assertThat(e.getStatus().getDescription()).contains("PT0.5S").contains("call-timeout");
                });
    }

    @Test
    void aSwappedCertificateIsServedToNewConnectionsWithoutRestart() throws Exception {
        AdminServer admin = start(new AdminServer.Settings("127.0.0.1", 0, 8, 65536), Duration.ofSeconds(30));
        TlsMaterial renewed = TestTls.selfSigned();

        serving.replace(renewed);

        ManagedChannel trustingRenewed = TestTls.channel(admin.port(), renewed.caPem(), TestTls.AUTHORITY);
        channels.add(trustingRenewed);
        assertThat(AdminGrpc.newBlockingStub(trustingRenewed).withInterceptors(TestTls.authorization("Bearer t"))
                .poolUsage(PoolUsageRequest.getDefaultInstance()).getPoolsList()).isEmpty();
        assertThatThrownBy(() -> blocking(admin).poolUsage(PoolUsageRequest.getDefaultInstance()))
                .as("a client trusting only the old certificate")
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    @Test
    void aClientCertificateIsRequestedNotRequiredAndItsSubjectIsTheCaller() throws Exception {
        AdminServer admin = start(new AdminServer.Settings("127.0.0.1", 0, 8, 65536), Duration.ofSeconds(30));
        ManagedChannel asCarol = TestTls.channel(admin.port(), tls.caPem(), TestTls.AUTHORITY, clusterCa.issue("O=ops,CN=carol"));
        channels.add(asCarol);

        assertThat(AdminGrpc.newBlockingStub(asCarol).poolUsage(PoolUsageRequest.getDefaultInstance()).getPoolsList()).isEmpty();
        assertThat(reviewedUsers).containsExactly("carol");
        assertThatThrownBy(() -> AdminGrpc.newBlockingStub(channel(admin)).poolUsage(PoolUsageRequest.getDefaultInstance()))
                .as("neither certificate nor token")
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).contains("no bearer token");
                });
    }

    @Test
    void aCertificateOfAnotherCaCompletesTheHandshakeAndIsRefusedWithWhy() throws Exception {
        AdminServer admin = start(new AdminServer.Settings("127.0.0.1", 0, 8, 65536), Duration.ofSeconds(30));
        ManagedChannel asMallory = TestTls.channel(admin.port(), tls.caPem(), TestTls.AUTHORITY,
                TestTls.Ca.create("elsewhere").issue("O=system:masters,CN=mallory"));
        channels.add(asMallory);

        assertThatThrownBy(() -> AdminGrpc.newBlockingStub(asMallory).poolUsage(PoolUsageRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).contains("CN=mallory", "is not signed by a CA of the cluster's client CA");
                });
        assertThat(reviewedUsers).isEmpty();
    }

    private AdminServer start(AdminServer.Settings settings, Duration callTimeout) throws Exception {
        AdminService service = new AdminService(client, SpiderpoolConf.defaults(), "kube-system", null, null);
        var definition = new AdminGrpcService(service, vertx, workers, callTimeout).bindService();
        ClientCaBundle clientCa = ClientCaBundle.parse(clusterCa.pem());
        AdminAuthorizer authorizer = new AdminAuthorizer(allowAll, Duration.ZERO, 16, System::nanoTime, () -> clientCa,
                java.time.Clock.systemUTC());
        return new AdminServer(vertx, settings, authorizer, workers, List.of(definition))
                .start(KeyCertOptions.wrap(ServingKeyManager.following(serving)), () -> clientCa)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A fresh TLS channel trusting the server's first certificate, sending a token. */
    private AdminGrpc.AdminBlockingStub blocking(AdminServer admin) throws Exception {
        return AdminGrpc.newBlockingStub(channel(admin)).withInterceptors(TestTls.authorization("Bearer t"));
    }

    private ManagedChannel channel(AdminServer admin) throws Exception {
        ManagedChannel c = TestTls.channel(admin.port(), tls.caPem(), TestTls.AUTHORITY);
        channels.add(c);
        return c;
    }
}
