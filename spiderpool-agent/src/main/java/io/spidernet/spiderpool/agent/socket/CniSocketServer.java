package io.spidernet.spiderpool.agent.socket;

import com.google.protobuf.Message;
import io.spidernet.spiderpool.agent.ipam.Failures;
import io.spidernet.spiderpool.agent.ipam.NodeApi;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The CNI socket: the node API in {@link Framing}'s protocol on a unix socket, one virtual thread
 * per connection. Plain JDK channels rather than gRPC because the client is a short-lived process
 * that would pay for a gRPC client on every exec. A connection that does not deliver its request
 * within {@link #READ_TIMEOUT} is closed, so a stuck plugin cannot pin a thread forever.
 */
public final class CniSocketServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CniSocketServer.class);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DRAIN = Duration.ofSeconds(10);

    private final Path path;
    private final ServerSocketChannel server;
    private final Map<String, NodeMethods.Method<?>> methods;
    private final Set<Thread> connections = ConcurrentHashMap.newKeySet();
    /** Connections whose request has not fully arrived: nothing to finish for them at shutdown. */
    private final Set<SocketChannel> reading = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("cni-socket-timeouts").factory());
    private final Thread acceptor;

    private CniSocketServer(Path path, ServerSocketChannel server, Map<String, NodeMethods.Method<?>> methods) {
        this.path = path;
        this.server = server;
        this.methods = methods;
        this.acceptor = Thread.ofVirtual().name("cni-socket-accept").unstarted(this::acceptLoop);
    }

    /** Binds {@code path} (its directory is created; a stale socket is replaced) and starts serving. */
    public static CniSocketServer start(Path path, NodeApi node) throws IOException {
        SocketFiles.prepare(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            // connecting needs write permission on the socket: only root, as for upstream's socket
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw new IOException("cannot serve the CNI socket " + path.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        CniSocketServer s = new CniSocketServer(path, server, NodeMethods.of(node));
        s.acceptor.start();
        return s;
    }

    public Path path() {
        return path;
    }

    /** Still accepting connections. */
    public boolean serving() {
        return server.isOpen();
    }

    private void acceptLoop() {
        long n = 0;
        while (server.isOpen()) {
            try {
                SocketChannel ch = server.accept();
                Thread t = Thread.ofVirtual().name("cni-call-" + ++n).unstarted(() -> serve(ch));
                connections.add(t);
                reading.add(ch);
                t.start();
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                LOG.errorf(e, "accepting on the CNI socket %s failed", path);
            }
        }
    }

    private void serve(SocketChannel ch) {
        try (ch) {
            InputStream in = Channels.newInputStream(ch);
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch));
            ScheduledFuture<?> deadline = timeouts.schedule(() -> closeQuietly(ch), READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Framing.Call<?> call;
            try {
                call = Framing.readCall(in, methods);
            } catch (Framing.Refused r) {
                LOG.debugf("CNI socket request refused: %s", r.getMessage());
                Framing.writeFailure(out, r.failure());
                return;
            } finally {
                deadline.cancel(false);
                reading.remove(ch);
            }
            answer(call, out);
        } catch (IOException e) {
            LOG.debugf("CNI socket connection ended early: %s", e.getMessage());
        } finally {
            reading.remove(ch);
            connections.remove(Thread.currentThread());
        }
    }

    private static void answer(Framing.Call<?> call, OutputStream out) throws IOException {
        Message response;
        try {
            response = call.invoke();
        } catch (RuntimeException e) {
            Failure failure = Failures.of(e);
            if (failure.getKind() == Failure.Kind.INTERNAL) {
                LOG.errorf(e, "%s failed", call.method());
            } else {
                LOG.infof("%s refused (%s): %s", call.method(), failure.getKind(), failure.getMessage());
            }
            Framing.writeFailure(out, failure);
            return;
        }
        Framing.writeReply(out, response);
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // the connection is being abandoned anyway
        }
    }

    /**
     * Stops accepting, drops connections whose request has not arrived, lets calls in progress
     * finish (a half-done ADD would otherwise be answered by nobody) and removes the socket file.
     */
    @Override
    public void close() throws IOException {
        server.close();
        long until = System.nanoTime() + DRAIN.toNanos();
        try {
            acceptor.join(DRAIN);
            reading.forEach(CniSocketServer::closeQuietly);
            for (Thread t : Set.copyOf(connections)) {
                t.join(Duration.ofNanos(Math.max(1, until - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            timeouts.shutdownNow();
            Files.deleteIfExists(path);
        }
    }
}
