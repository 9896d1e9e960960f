package io.spidernet.spiderpool.agent.socket;

import static io.spidernet.spiderpool.core.allocation.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.CodedOutputStream;
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
import io.spidernet.spiderpool.api.agent.v1.ReplyHeader;
import io.spidernet.spiderpool.api.agent.v1.RequestHeader;
import io.spidernet.spiderpool.api.agent.v1.Route;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
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
import java.util.concurrent.TimeUnit;
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

    @Test
    void aFrameOverFourMebibytesIsRefusedFromItsLengthAlone() throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        CodedOutputStream prefix = CodedOutputStream.newInstance(frame);
        prefix.writeUInt32NoTag(Framing.MAX_FRAME_BYTES + 1); // announced, never sent
        prefix.flush();
        FramedClient.Reply<HealthyResponse> r = FramedClient.raw(socket, frame.toByteArray(), HealthyResponse.parser());
        assertThat(r.failure().getKind()).isEqualTo(Failure.Kind.WRONG_INPUT);
        assertThat(r.failure().getMessage()).isEqualTo("request header of 4194305 bytes is larger than the 4194304-byte"
                + " (4 MiB) limit of a frame on the CNI socket");
    }

    @Test
    void aBodyOverFourMebibytesIsRefusedToo() throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        RequestHeader.newBuilder().setMethod(ALLOCATE).build().writeDelimitedTo(frame);
        CodedOutputStream prefix = CodedOutputStream.newInstance(frame);
        prefix.writeUInt32NoTag(-1); // 4 GiB - 1 as the unsigned varint the plugin would send
        prefix.flush();
        FramedClient.Reply<AllocateResponse> r = FramedClient.raw(socket, frame.toByteArray(), AllocateResponse.parser());
        assertThat(r.failure().getMessage()).startsWith(ALLOCATE + " request of 4294967295 bytes is larger than");
    }

    @Test
    void aFrameOfExactlyFourMebibytesIsRead() throws IOException {
        String method = "x".repeat(Framing.MAX_FRAME_BYTES - 5); // tag, 4-byte length, the string
        RequestHeader header = RequestHeader.newBuilder().setMethod(method).build();
        assertThat(header.getSerializedSize()).isEqualTo(Framing.MAX_FRAME_BYTES);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        header.writeDelimitedTo(frame);
        FramedClient.Reply<HealthyResponse> r = FramedClient.raw(socket, frame.toByteArray(), HealthyResponse.parser());
        assertThat(r.failure().getKind()).isEqualTo(Failure.Kind.UNKNOWN_METHOD);
        assertThat(r.failure().getMessage()).contains("... (" + method.length() + " characters)").hasSizeLessThan(1000);
    }

    @Test
    void aConnectionOverTheCapIsAnsweredNotReadyAndTheSlotComesBack() throws Exception {
        server.close();
        server = CniSocketServer.start(socket, fixture.node, new CniSocketServer.Limits(Duration.ofSeconds(30), 2));
        // the reader is closed last (it waits for its task), after the channel that unblocks it
        try (ExecutorService reader = Executors.newVirtualThreadPerTaskExecutor();
             SocketChannel a = connect(); SocketChannel b = connect(); SocketChannel third = connect()) {
            // the third only reads: the agent answers it at once and closes, before any request; the wait
            // is bounded so that without a cap (the agent waiting for a request) the test fails, not hangs
            ReplyHeader reply = reader.submit(() -> ReplyHeader.parseDelimitedFrom(Channels.newInputStream(third)))
                    .get(20, TimeUnit.SECONDS);
            assertThat(reply.getFailure().getKind()).isEqualTo(Failure.Kind.NOT_READY);
            assertThat(reply.getFailure().getMessage()).contains("limit of 2 connections",
                    "spiderpool.agent.cni-socket.max-connections");
        }
        // the two idle ones are gone: their slots are free again once the server has seen them close
        assertThat(eventually(() -> {
            try {
                return healthy().ok();
            } catch (RuntimeException turnedAwayStill) {
                return false;
            }
        })).isTrue();
    }

    @Test
    void aClientThatSendsHalfARequestIsClosedAfterTheReadDeadline() throws Exception {
        server.close();
        Duration deadline = Duration.ofMillis(300);
        server = CniSocketServer.start(socket, fixture.node, new CniSocketServer.Limits(deadline, 8));
        ByteArrayOutputStream half = new ByteArrayOutputStream();
        RequestHeader.newBuilder().setMethod(ALLOCATE).build().writeDelimitedTo(half);
        // a 20-byte request of which 3 arrive (container_id, 5 bytes long, begins with 'a'); the output stays open
        half.write(new byte[] {20, 10, 5, 'a'});
        try (ExecutorService reader = Executors.newVirtualThreadPerTaskExecutor(); SocketChannel ch = connect()) {
            ch.write(ByteBuffer.wrap(half.toByteArray()));
            long start = System.nanoTime();
            Future<Boolean> closed = reader.submit(() -> closedByPeer(ch));
            // a bound on the wait, so that without a deadline the test fails instead of hanging
            assertThat(closed.get(20, TimeUnit.SECONDS)).as("closed by the agent").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(deadline.minusMillis(50));
        }
    }

    @Test
    void bindingLeavesNoPrivateDirectoryBehind() throws IOException {
        try (var files = Files.list(socket.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("spiderpool.sock");
        }
    }

    private SocketChannel connect() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        return ch;
    }

    private FramedClient.Reply<HealthyResponse> healthy() {
        return FramedClient.call(socket, "spiderpool.agent.v1.Ipam/Healthy", HealthyRequest.getDefaultInstance(),
                HealthyResponse.parser());
    }

    /** Polls a condition that becomes true once the server has handled an event it is not told about. */
    private static boolean eventually(java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
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
