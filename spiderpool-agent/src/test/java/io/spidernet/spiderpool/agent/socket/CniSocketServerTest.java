package io.spidernet.spiderpool.agent.socket;

import static io.spidernet.spiderpool.core.allocation.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.agent.ipam.NodeFixture;
import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.CheckRequest;
import io.spidernet.spiderpool.api.agent.v1.CheckResponse;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.HealthyRequest;
import io.spidernet.spiderpool.api.agent.v1.HealthyResponse;
import io.spidernet.spiderpool.api.agent.v1.ReleaseRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseResponse;
import io.spidernet.spiderpool.api.agent.v1.RequestHeader;
import io.spidernet.spiderpool.api.agent.v1.Route;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The framed protocol over a real unix socket, against the real service and local store. */
class CniSocketServerTest {
    private static final String ALLOCATE = "spiderpool.agent.v1.Ipam/Allocate";
    private static final String RELEASE = "spiderpool.agent.v1.Ipam/Release";
    private static final String CHECK = "spiderpool.agent.v1.Ipam/Check";
    @TempDir
    Path dir;
    private NodeFixture fixture;
    private CniSocketServer server;
    private Path socket;

    @BeforeEach
    void start() throws IOException {
        fixture = NodeFixture.open(dir, pool("v4", "10.0.0.0/24", List.of("10.0.0.10-10.0.0.109"), s -> s.setGateway("10.0.0.1")),
                pool("small", "10.1.0.0/24", List.of("10.1.0.10")));
        socket = dir.resolve("run/spidernet/spiderpool.sock");
        server = CniSocketServer.start(socket, fixture.node);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        fixture.close();
    }

    private static AllocateRequest add(String containerId, String... v4Pools) {
        return AllocateRequest.newBuilder().setContainerId(containerId).setIfName("eth0").setNetNamespace("/var/run/netns/x")
                .addAllDefaultIpv4Ippool(List.of(v4Pools)).build();
    }

    private FramedClient.Reply<AllocateResponse> allocate(AllocateRequest req) {
        return FramedClient.call(socket, ALLOCATE, req, AllocateResponse.parser());
    }

    @Test
    void allocateCheckReleaseOverTheSocket() {
        AllocateResponse first = allocate(add("c1", "v4")).response();
        assertThat(first.getIpsList()).singleElement().satisfies(ip -> {
            assertThat(ip.getAddress()).isEqualTo("10.0.0.10/24");
            assertThat(ip.getNic()).isEqualTo("eth0");
            assertThat(ip.getIpPool()).isEqualTo("v4");
            assertThat(ip.getGateway()).isEqualTo("10.0.0.1");
            assertThat(ip.getVersion()).isEqualTo(4);
        });
        assertThat(first.getRoutesList()).containsExactly(Route.newBuilder().setIfName("eth0").setDst("0.0.0.0/0").setGw("10.0.0.1").build());
        assertThat(allocate(add("c1", "v4")).response()).as("a repeated ADD").isEqualTo(first);

        CheckRequest check = CheckRequest.newBuilder().setContainerId("c1").setIfName("eth0").build();
        FramedClient.Reply<CheckResponse> checked = FramedClient.call(socket, CHECK, check, CheckResponse.parser());
        assertThat(checked.response().getIpsList()).isEqualTo(first.getIpsList());

        ReleaseRequest del = ReleaseRequest.newBuilder().setContainerId("c1").setIfName("eth0").build();
        assertThat(FramedClient.call(socket, RELEASE, del, ReleaseResponse.parser()).response().getReleasedList())
                .containsExactly("v4/10.0.0.10");
        assertThat(FramedClient.call(socket, RELEASE, del, ReleaseResponse.parser()).response().getReleasedList())
                .as("DEL again").isEmpty();
        FramedClient.Reply<CheckResponse> gone = FramedClient.call(socket, CHECK, check, CheckResponse.parser());
        assertThat(gone.failure().getKind()).isEqualTo(Failure.Kind.NOT_FOUND);
        assertThat(gone.failure().getMessage()).contains("c1").contains("eth0");
    }

    @Test
    void fiftyParallelAddsOnOnePoolGetFiftyAddresses() throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<FramedClient.Reply<AllocateResponse>>> replies = IntStream.range(0, 50)
                    .mapToObj(i -> pool.submit(() -> allocate(add("par-" + i, "v4")))).toList();
            Set<String> addresses = replies.stream().map(f -> {
                FramedClient.Reply<AllocateResponse> r = join(f);
                assertThat(r.failure()).as("failure").isNull();
                return r.response().getIps(0).getAddress();
            }).collect(Collectors.toSet());
            assertThat(addresses).hasSize(50);
        }
        assertThat(fixture.store.read("v4").orElseThrow().getStatus().getAllocatedIPCount()).isEqualTo(50L);
    }

    @Test
    void anExhaustedPoolIsReportedWithItsName() {
        assertThat(allocate(add("a", "small")).ok()).isTrue();
        FramedClient.Reply<AllocateResponse> r = allocate(add("b", "small"));
        assertThat(r.failure().getKind()).isEqualTo(Failure.Kind.IP_USED_OUT);
        assertThat(r.failure().getMessage()).contains("IPPool small");
    }

    @Test
    void garbageInsteadOfAHeaderIsWrongInput() {
        FramedClient.Reply<AllocateResponse> r = FramedClient.raw(socket, new byte[] {5, (byte) 0xff, (byte) 0xff, 1, 2, 3},
                AllocateResponse.parser());
        assertThat(r.failure().getKind()).isEqualTo(Failure.Kind.WRONG_INPUT);
        assertThat(r.failure().getMessage()).contains("malformed request header");
    }

    @Test
    void aHeaderWithoutItsRequestIsWrongInput() throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        RequestHeader.newBuilder().setMethod(ALLOCATE).build().writeDelimitedTo(frame);
        frame.write(new byte[] {9, 1}); // a request of nine bytes, one of which arrives
        FramedClient.Reply<AllocateResponse> r = FramedClient.raw(socket, frame.toByteArray(), AllocateResponse.parser());
        assertThat(r.failure().getKind()).isEqualTo(Failure.Kind.WRONG_INPUT);
        assertThat(r.failure().getMessage()).contains("malformed " + ALLOCATE + " request");
    }

    @Test
    void anUnknownMethodIsNamedAndTheKnownOnesListed() {
        FramedClient.Reply<HealthyResponse> r = FramedClient.call(socket, "spiderpool.agent.v1.Ipam/Explode",
                HealthyRequest.getDefaultInstance(), HealthyResponse.parser());
        assertThat(r.failure().getKind()).isEqualTo(Failure.Kind.UNKNOWN_METHOD);
        assertThat(r.failure().getMessage()).contains("Ipam/Explode").contains(ALLOCATE);
    }

    @Test
    void aRequestWithoutContainerIdIsWrongInput() {
        FramedClient.Reply<AllocateResponse> r = allocate(AllocateRequest.newBuilder().setIfName("eth0").build());
        assertThat(r.failure().getKind()).isEqualTo(Failure.Kind.WRONG_INPUT);
        assertThat(r.failure().getMessage()).contains("container_id");
    }

    @Test
    void healthySaysWhichStore() {
        assertThat(FramedClient.call(socket, "spiderpool.agent.v1.Ipam/Healthy", HealthyRequest.getDefaultInstance(),
                HealthyResponse.parser()).response()).isEqualTo(HealthyResponse.newBuilder().setServing(true).setStore("local").build());
    }

    @Test
    void theSocketIsForItsOwnerOnly() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
    }

    @Test
    void aStaleSocketIsReplacedAndALiveOneIsNot() throws IOException {
        Path stale = dir.resolve("stale.sock");
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(stale));
        dead.close(); // the file stays, nobody answers: what a killed agent leaves
        try (CniSocketServer again = CniSocketServer.start(stale, fixture.node)) {
            assertThat(FramedClient.call(again.path(), "spiderpool.agent.v1.Ipam/Healthy", HealthyRequest.getDefaultInstance(),
                    HealthyResponse.parser()).ok()).isTrue();
        }
        assertThatThrownBy(() -> CniSocketServer.start(socket, fixture.node)).isInstanceOf(IOException.class)
                .hasMessageContaining("another process is serving");
        Path file = Files.writeString(dir.resolve("file.sock"), "x");
        assertThatThrownBy(() -> CniSocketServer.start(file, fixture.node)).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a socket");
    }

    @Test
    void anIdleConnectionDoesNotHoldUpShutdown() throws IOException {
        try (SocketChannel idle = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            idle.connect(UnixDomainSocketAddress.of(socket));
            long start = System.nanoTime();
            server.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(closedByPeer(idle)).as("closed by the agent").isTrue();
        }
        server = CniSocketServer.start(socket, fixture.node);
    }

    @Test
    void closingRemovesTheSocketFile() throws IOException {
        server.close();
        assertThat(Files.exists(socket)).isFalse();
        server = CniSocketServer.start(socket, fixture.node);
    }

    /**
     * End of stream, or a reset when the server closed before it had accepted the connection
     * (the kernel then resets what waited in the backlog): both mean the agent let go.
     */
    private static boolean closedByPeer(SocketChannel ch) {
        try {
            return ch.read(ByteBuffer.allocate(1)) == -1;
        } catch (IOException reset) {
            return true;
        }
    }

    private static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
