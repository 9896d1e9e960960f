package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.IpConfig;
import io.spidernet.spiderpool.api.agent.v1.PodIdentity;
import io.spidernet.spiderpool.core.cni.CniError;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The transport on its own: framing, deadlines, and how each way of failing reaches the runtime. */
class AgentClientTest {
    static final AllocateRequest REQUEST = AllocateRequest.newBuilder().setContainerId("c1").setIfName("eth0")
            .setPod(PodIdentity.newBuilder().setNamespace("default").setName("web-0")).build();

    @TempDir
    Path dir;

    CniError failure(AgentClient client) {
        return catchThrowableOfType(CniError.class, () -> client.call(AgentClient.ALLOCATE, REQUEST.toByteArray()));
    }

    @Test
    void roundTripsRequestAndResponse() throws Exception {
        AllocateResponse big = AllocateResponse.newBuilder()
                // larger than the client's read buffer, so the frame arrives in pieces
                .addIps(IpConfig.newBuilder().setAddress("10.0.0.1/24").setNic("eth0").setIpPool("x".repeat(20_000)))
                .build();
        try (FakeAgent agent = new FakeAgent(dir.resolve("a.sock"))) {
            agent.answer(AgentClient.ALLOCATE, new FakeAgent.Respond(big));

            AllocateResponse got = AllocateResponse.parseFrom(new AgentClient(agent.socket(), 5_000)
                    .call(AgentClient.ALLOCATE, REQUEST.toByteArray()));

            assertThat(got).isEqualTo(big);
            assertThat(agent.calls()).singleElement().isEqualTo(new FakeAgent.Call(AgentClient.ALLOCATE, REQUEST));
        }
    }

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of(Failure.Kind.WRONG_INPUT, 106),
                Arguments.of(Failure.Kind.NO_AVAILABLE_POOL, 100),
                Arguments.of(Failure.Kind.IP_USED_OUT, 101),
                Arguments.of(Failure.Kind.RETRIES_EXHAUSTED, 104),
                Arguments.of(Failure.Kind.NOT_READY, 11),
                Arguments.of(Failure.Kind.NOT_FOUND, 108),
                Arguments.of(Failure.Kind.CONFLICT_RELEASE_DISABLED, 110),
                Arguments.of(Failure.Kind.CONFLICT_RELEASE_STATEFUL, 111),
                Arguments.of(Failure.Kind.INTERNAL, 107),
                Arguments.of(Failure.Kind.UNKNOWN_METHOD, 107));
    }

    @ParameterizedTest(name = "{0} -> code {1}")
    @MethodSource("kinds")
    void everyFailureKindHasItsCodeAndKeepsTheAgentsMessage(Failure.Kind kind, int code) throws Exception {
        try (FakeAgent agent = new FakeAgent(dir.resolve("a.sock"))) {
            agent.answer(AgentClient.ALLOCATE, new FakeAgent.Fail(kind, "agent says: fix pool X"));

            CniError e = failure(new AgentClient(agent.socket(), 5_000));

            assertThat(e.code()).isEqualTo(code);
            assertThat(e.details()).startsWith(kind == Failure.Kind.UNKNOWN_METHOD
                    ? "spiderpool-agent does not serve spiderpool.agent.v1.Ipam/Allocate (agent says: fix pool X)"
                    : "agent says: fix pool X");
        }
    }

    /** The watchdog closes the connection after the reply, off the caller's path; it is not left open. */
    @Test
    void theConnectionIsClosedAfterTheReply() throws Exception {
        try (FakeAgent agent = new FakeAgent(dir.resolve("closed.sock"))) {
            agent.answer(AgentClient.ALLOCATE, new FakeAgent.Respond(AllocateResponse.getDefaultInstance()));
            AgentClient client = new AgentClient(agent.socket(), 5_000);
            for (int i = 0; i < 3; i++) {
                client.call(AgentClient.ALLOCATE, REQUEST.toByteArray());
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (agent.closedByClient() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(agent.closedByClient()).as("connections the plugin closed").isEqualTo(3);
        }
    }

    @Test
    void theMappingCoversEveryKindTheProtoDefines() {
        assertThat(kinds().map(a -> a.get()[0])).containsExactlyInAnyOrder(Stream.of(Failure.Kind.values())
                .filter(k -> k != Failure.Kind.UNRECOGNIZED).toArray());
        AgentReply.Failure newer = new AgentReply.Failure(42, "from the future");
        assertThat(AgentFailures.toCni(newer, AgentClient.ALLOCATE).code()).isEqualTo(107);
        assertThat(AgentFailures.toCni(newer, AgentClient.ALLOCATE).details()).startsWith("failure kind 42 unknown");
    }

    @Test
    void aMissingSocketMeansStartTheAgentAndRetryLater() {
        Path socket = dir.resolve("spiderpool.sock");

        CniError e = failure(new AgentClient(socket, 5_000));

        assertThat(e.code()).isEqualTo(11);
        assertThat(e.msg()).isEqualTo("spiderpool-agent socket " + socket + " does not exist");
        assertThat(e.details()).contains("start spiderpool-agent on this node").contains("ipam_unix_socket_path");
    }

    @Test
    void aStaleSocketThatRefusesIsAlsoRetryLater() throws IOException {
        Path socket = dir.resolve("stale.sock");
        try (ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            gone.bind(UnixDomainSocketAddress.of(socket));
        }

        CniError e = failure(new AgentClient(socket, 5_000));

        assertThat(e.code()).isEqualTo(11);
        assertThat(e.msg()).startsWith("spiderpool-agent socket " + socket + " refuses connections");
    }

    @Test
    void anAgentThatNeverAnswersHitsTheDeadline() throws Exception {
        try (FakeAgent agent = new FakeAgent(dir.resolve("a.sock"))) {
            agent.answer(AgentClient.ALLOCATE, new FakeAgent.Hang());
            long start = System.nanoTime();

            CniError e = failure(new AgentClient(agent.socket(), 300));

            assertThat(e.code()).isEqualTo(11);
            assertThat(e.msg()).isEqualTo("spiderpool-agent did not answer spiderpool.agent.v1.Ipam/Allocate within 300 ms");
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 5_000L);
        }
    }

    @Test
    void anAgentThatHangsUpIsRetryLater() throws Exception {
        try (FakeAgent agent = new FakeAgent(dir.resolve("a.sock"))) {
            agent.answer(AgentClient.ALLOCATE, new FakeAgent.HangUp());

            CniError e = failure(new AgentClient(agent.socket(), 5_000));

            assertThat(e.code()).isEqualTo(11);
            assertThat(e.msg()).endsWith("closed the connection before answering spiderpool.agent.v1.Ipam/Allocate");
        }
    }

    @Test
    void bytesThatAreNotTheFramingAreAnAgentFailureNamingVersions() throws Exception {
        try (FakeAgent agent = new FakeAgent(dir.resolve("a.sock"))) {
            agent.answer(AgentClient.ALLOCATE, new FakeAgent.Garbage(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, (byte) 0xff, 0x01}));

            CniError e = failure(new AgentClient(agent.socket(), 5_000));

            assertThat(e.code()).isEqualTo(107);
            assertThat(e.details()).contains("different versions");
        }
    }

    @Test
    void aTruncatedReplyIsRetryLater() throws Exception {
        try (FakeAgent agent = new FakeAgent(dir.resolve("a.sock"))) {
            // a header frame announcing 10 bytes, then the connection ends
            agent.answer(AgentClient.ALLOCATE, new FakeAgent.Garbage(new byte[] {10, 1, 2}));

            assertThat(failure(new AgentClient(agent.socket(), 5_000)).code()).isEqualTo(11);
        }
    }
}
