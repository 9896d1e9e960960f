package io.spidernet.spiderpool.agent.socket;

import com.google.protobuf.Message;
import io.spidernet.spiderpool.agent.ipam.Failures;
import io.spidernet.spiderpool.agent.ipam.NodeApi;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The CNI socket: the node API in {@link Framing}'s protocol on a unix socket, one virtual thread
 * per connection. Plain JDK channels rather than gRPC because the client is a short-lived process
 * that would pay for a gRPC client on every exec. A connection that does not deliver its request
 * within {@link Limits#readTimeout()} is closed, so a stuck plugin cannot pin a thread forever, and
 * at most {@link Limits#maxConnections()} are served at once, so a flood of them cannot exhaust memory.
 */
public final class CniSocketServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CniSocketServer.class);
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
    private final Limits limits;
    private final Semaphore slots;

    /**
     * How long a connection may take to deliver its request, and how many connections are served at
     * once; one more is answered {@code NOT_READY} and closed.
     */
    public record Limits(Duration readTimeout, int maxConnections) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(30), 128);

        public Limits {
            if (readTimeout.isNegative() || readTimeout.isZero() || maxConnections < 1) {
                throw new IllegalArgumentException("CNI socket limits must be positive: read timeout " + readTimeout
                        + ", max connections " + maxConnections);
            }
        }
    }

    private CniSocketServer(Path path, ServerSocketChannel server, Map<String, NodeMethods.Method<?>> methods, Limits limits) {
        this.path = path;
        this.server = server;
        this.methods = methods;
        this.limits = limits;
        this.slots = new Semaphore(limits.maxConnections());
        this.acceptor = Thread.ofVirtual().name("cni-socket-accept").unstarted(this::acceptLoop);
    }

    /** As {@link #start(Path, NodeApi, Limits)} with the default limits. */
    public static CniSocketServer start(Path path, NodeApi node) throws IOException {
        return start(path, node, Limits.DEFAULT);
    }

    /**
     * Binds {@code path} root-only from the start ({@link SocketFiles#bindPrivate}: its directory is
     * created; a stale socket is replaced) and starts serving.
     */
    public static CniSocketServer start(Path path, NodeApi node, Limits limits) throws IOException {
        ServerSocketChannel server;
        try {
            server = SocketFiles.bindPrivate(path);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot serve the CNI socket " + path.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        CniSocketServer s = new CniSocketServer(path, server, NodeMethods.of(node), limits);
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
                if (!slots.tryAcquire()) {
                    turnAway(ch);
                    continue;
                }
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
            ScheduledFuture<?> deadline = timeouts.schedule(() -> closeQuietly(ch), limits.readTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
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
            slots.release();
        }
    }

    /**
     * Over the cap: the caller gets a reply it can act on (NOT_READY: the plugin fails the call and
     * the runtime retries it) rather than a bare close it would report as a broken agent. Written
     * without blocking, so a peer that never reads cannot stall the acceptor; if the reply does not
     * fit at once the connection is just closed.
     */
    private void turnAway(SocketChannel ch) {
        try (ch) {
            ch.configureBlocking(false);
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            Framing.writeFailure(reply, Failure.newBuilder().setKind(Failure.Kind.NOT_READY).setMessage("the CNI socket "
                    + path + " is serving its limit of " + limits.maxConnections() + " connections; retry"
                    + " (spiderpool.agent.cni-socket.max-connections)").build());
            ch.write(ByteBuffer.wrap(reply.toByteArray()));
            LOG.warnf("CNI socket %s: turned a connection away, %d are being served", path, limits.maxConnections());
        } catch (IOException e) {
            LOG.debugf("CNI socket connection turned away: %s", e.getMessage());
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
