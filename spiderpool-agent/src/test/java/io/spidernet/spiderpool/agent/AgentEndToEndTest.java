package io.spidernet.spiderpool.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.spidernet.spiderpool.agent.grpc.NodeGrpcService;
import io.spidernet.spiderpool.agent.socket.FramedClient;
import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.CheckRequest;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.GetWorkloadEndpointRequest;
import io.spidernet.spiderpool.api.agent.v1.IpamGrpc;
import io.spidernet.spiderpool.api.agent.v1.WorkloadEndpoint;
import io.spidernet.spiderpool.api.agent.v1.WorkloadEndpointsGrpc;
import io.spidernet.spiderpool.api.agent.v1.PodIdentity;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent as it runs: the CNI socket and gRPC (on its unix socket only) answer from the same
 * service and store, with reflection and the standard health service on.
 */
@QuarkusTest
@TestProfile(TempDirsProfile.class)
class AgentEndToEndTest {
    private final List<ManagedChannel> channels = new ArrayList<>();
    private EpollEventLoopGroup loop;

    @AfterEach
    void close() throws InterruptedException {
        for (ManagedChannel c : channels) {
            c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (loop != null) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /**
     * grpc-java would send the socket path as the HTTP/2 authority, which Vert.x 4 refuses
     * (PROTOCOL_ERROR); "localhost" is what grpc-go and grpcurl send for unix targets.
     */
    private ManagedChannel unix() {
        if (loop == null) {
            loop = new EpollEventLoopGroup(1);
        }
        ManagedChannel c = NettyChannelBuilder.forAddress(new DomainSocketAddress(TempDirsProfile.grpcSocket().toFile()))
                .channelType(EpollDomainSocketChannel.class).eventLoopGroup(loop).overrideAuthority("localhost")
                .withOption(ChannelOption.SO_KEEPALIVE, null).usePlaintext().build();
        channels.add(c);
        return c;
    }

    @Test
    void anAddOnTheCniSocketIsSeenThroughGrpc() {
        AllocateRequest add = AllocateRequest.newBuilder().setContainerId("e2e-1").setIfName("eth0")
                .addDefaultIpv4Ippool("e2e-v4").build();
        AllocateResponse viaSocket = FramedClient.call(TempDirsProfile.cniSocket(), "spiderpool.agent.v1.Ipam/Allocate", add,
                AllocateResponse.parser()).response();
        assertThat(viaSocket.getIps(0).getAddress()).startsWith("10.20.0.");

        assertThat(IpamGrpc.newBlockingStub(unix()).allocate(add)).isEqualTo(viaSocket);
        WorkloadEndpoint e = WorkloadEndpointsGrpc.newBlockingStub(unix()).getWorkloadEndpoint(
                GetWorkloadEndpointRequest.newBuilder().setPodNamespace("default").setPodName("e2e-1").build());
        assertThat(e.getNode()).isEqualTo("e2e-node");
        assertThat(e.getInterfaces(0).getIpv4()).isEqualTo(viaSocket.getIps(0).getAddress());
    }

    @Test
    void aFailureKeepsItsKindInTheTrailer() {
        CheckRequest check = CheckRequest.newBuilder().setContainerId("never-added").setIfName("eth0").build();
        assertThatThrownBy(() -> IpamGrpc.newBlockingStub(unix()).check(check)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(e.getStatus().getDescription()).contains("never-added");
            assertThat(parse(e.getTrailers().get(NodeGrpcService.FAILURE_KEY)).getKind()).isEqualTo(Failure.Kind.NOT_FOUND);
        });
    }

    @Test
    void theStandardHealthServiceAnswers() {
        HealthCheckResponse r = HealthGrpc.newBlockingStub(unix()).check(HealthCheckRequest.getDefaultInstance());
        assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void reflectionListsTheNodeApi() throws Exception {
        CompletableFuture<List<String>> services = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> req = ServerReflectionGrpc.newStub(unix()).serverReflectionInfo(
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
        assertThat(services.get(10, TimeUnit.SECONDS)).contains("spiderpool.agent.v1.Ipam", "spiderpool.agent.v1.Coordinator",
                "spiderpool.agent.v1.WorkloadEndpoints", "grpc.health.v1.Health");
    }

    @Test
    void bothTransportsRefuseAMalformedPodNameNamingFieldValueAndRule() {
        AllocateRequest bad = AllocateRequest.newBuilder().setContainerId("e2e-bad").setIfName("eth0")
                .setPod(PodIdentity.newBuilder().setNamespace("default").setName("../etc/passwd")).addDefaultIpv4Ippool("e2e-v4").build();
        String why = "pod name (K8S_POD_NAME) '../etc/passwd' is not valid: a DNS-1123 subdomain";

        Failure viaSocket = FramedClient.call(TempDirsProfile.cniSocket(), "spiderpool.agent.v1.Ipam/Allocate", bad,
                AllocateResponse.parser()).failure();
        assertThat(viaSocket.getKind()).isEqualTo(Failure.Kind.WRONG_INPUT);
        assertThat(viaSocket.getMessage()).startsWith(why);
        assertThatThrownBy(() -> IpamGrpc.newBlockingStub(unix()).allocate(bad)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).startsWith(why);
        });
    }

    @Test
    void bothSocketsAreRootsAloneAndGrpcsDirectoryToo() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(TempDirsProfile.cniSocket()))).isEqualTo("rw-------");
        // made 0600 on Quarkus' asynchronous "domain socket started" event: waited for, within a bound
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!mode(TempDirsProfile.grpcSocket()).equals("rw-------") && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        assertThat(mode(TempDirsProfile.grpcSocket())).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(TempDirsProfile.grpcSocket().getParent())))
                .isEqualTo("rwx------");
    }

    private static String mode(java.nio.file.Path p) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static Failure parse(byte[] bytes) {
        try {
            return Failure.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
