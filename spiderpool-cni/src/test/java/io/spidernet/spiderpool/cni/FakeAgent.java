package io.spidernet.spiderpool.cni;

import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.CheckRequest;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.GetCoordinatorConfigRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseAllRequest;
import io.spidernet.spiderpool.api.agent.v1.GarbageCollectRequest;
import io.spidernet.spiderpool.api.agent.v1.HealthyRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseResponse;
import io.spidernet.spiderpool.api.agent.v1.ReplyHeader;
import io.spidernet.spiderpool.api.agent.v1.RequestHeader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process agent on a unix socket that speaks the CNI-socket framing with protobuf's own
 * delimited codec (so it also cross-checks the plugin's hand-written frame reader). Each method
 * gets a scripted {@link Answer}; every request is recorded. Release answers "nothing released"
 * unless told otherwise, as the real agent does for an allocation that is already gone.
 */
final class FakeAgent implements AutoCloseable {
    /** What the fake does with a call. */
    sealed interface Answer {}

    record Respond(MessageLite response) implements Answer {}

    record Fail(Failure.Kind kind, String message) implements Answer {}

    /** Never answers; waits until the plugin gives up and closes. */
    record Hang() implements Answer {}

    /** Closes the connection without a reply, like an agent that crashes mid-call. */
    record HangUp() implements Answer {}

    /** Sends bytes that are not the framing. */
    record Garbage(byte[] bytes) implements Answer {}

    record Call(String method, MessageLite request) {}

    private static final Map<String, Parser<? extends MessageLite>> REQUEST_PARSERS = Map.of(
            AgentClient.ALLOCATE, AllocateRequest.parser(),
            AgentClient.RELEASE, ReleaseRequest.parser(),
            AgentClient.CHECK, CheckRequest.parser(),
            AgentClient.COORDINATOR_CONFIG, GetCoordinatorConfigRequest.parser(),
            AgentClient.RELEASE_ALL, ReleaseAllRequest.parser(),
            AgentClient.HEALTHY, HealthyRequest.parser(),
            AgentClient.GARBAGE_COLLECT, GarbageCollectRequest.parser());

    private final Path socket;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger closedByClient = new AtomicInteger();

    FakeAgent(Path socket) throws IOException {
        this.socket = socket;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        answers.put(AgentClient.RELEASE, new Respond(ReleaseResponse.getDefaultInstance()));
        answers.put(AgentClient.RELEASE_ALL, new Respond(ReleaseResponse.getDefaultInstance()));
        acceptor = Thread.ofPlatform().daemon().name("fake-agent").start(this::serve);
    }

    Path socket() {
        return socket;
    }

    FakeAgent answer(String method, Answer answer) {
        answers.put(method, answer);
        return this;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    int connections() {
        return connections.get();
    }

    /** Connections the client closed after a reply (the fake waits for that before the next one). */
    int closedByClient() {
        return closedByClient.get();
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel channel = server.accept()) {
                connections.incrementAndGet();
                handle(channel);
            } catch (IOException e) {
                // closed by close(), or a client that went away mid-call: serve the next one
            }
        }
    }

    private void handle(SocketChannel channel) throws IOException {
        InputStream in = Channels.newInputStream(channel);
        OutputStream out = Channels.newOutputStream(channel);
        RequestHeader header = RequestHeader.parseDelimitedFrom(in);
        Parser<? extends MessageLite> parser = REQUEST_PARSERS.get(header.getMethod());
        if (parser == null) {
            reply(out, Failure.newBuilder().setKind(Failure.Kind.UNKNOWN_METHOD).setMessage(header.getMethod()).build());
            return;
        }
        calls.add(new Call(header.getMethod(), parser.parseDelimitedFrom(in)));
        Answer answer = answers.getOrDefault(header.getMethod(),
                new Fail(Failure.Kind.INTERNAL, "fake agent: no answer scripted for " + header.getMethod()));
        switch (answer) {
            case Respond r -> {
                ReplyHeader.getDefaultInstance().writeDelimitedTo(out);
                r.response().writeDelimitedTo(out);
                if (in.read() < 0) {
                    closedByClient.incrementAndGet();
                }
            }
            case Fail f -> reply(out, Failure.newBuilder().setKind(f.kind()).setMessage(f.message()).build());
            case Hang h -> in.transferTo(OutputStream.nullOutputStream());
            case HangUp h -> channel.close();
            case Garbage g -> out.write(g.bytes());
        }
    }

    private static void reply(OutputStream out, Failure failure) throws IOException {
        ReplyHeader.newBuilder().setFailure(failure).build().writeDelimitedTo(out);
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(socket);
    }
}
