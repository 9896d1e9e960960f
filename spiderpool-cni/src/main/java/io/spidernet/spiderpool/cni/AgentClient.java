package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.cni.WireReader.MalformedWireException;
import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.cni.SpiderpoolErrorKind;
import io.spidernet.spiderpool.core.coordinator.CoordinatorDefaults;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The plugin's side of the CNI socket: one call per connection, framed as ipam.proto describes
 * (delimited RequestHeader + request; delimited ReplyHeader, then the response unless the header
 * carries a failure). Plain JDK socket and the wire format written by hand ({@link WireWriter}), no
 * gRPC and no protobuf runtime: a gRPC client costs the
 * plugin well over 100 ms per exec. Every outcome that is not a response becomes a {@link CniError}.
 */
final class AgentClient {
    /**
     * Upstream's budget for one IPAM call; kubelet's own sandbox budget is about two minutes. A
     * compile-time constant, so that naming it does not load this class on the VERSION path.
     */
    static final long CALL_TIMEOUT_MILLIS = 100_000L;

    static final String ALLOCATE = "spiderpool.agent.v1.Ipam/Allocate";
    static final String RELEASE = "spiderpool.agent.v1.Ipam/Release";
    static final String CHECK = "spiderpool.agent.v1.Ipam/Check";
    static final String COORDINATOR_CONFIG = "spiderpool.agent.v1.Coordinator/GetCoordinatorConfig";
    static final String RELEASE_ALL = "spiderpool.agent.v1.Ipam/ReleaseAll";
    static final String HEALTHY = "spiderpool.agent.v1.Ipam/Healthy";
    static final String GARBAGE_COLLECT = "spiderpool.agent.v1.Ipam/GarbageCollect";

    /**
     * STATUS's budget: runtimes ask it on their own readiness path (containerd before it starts
     * pods), where a hung agent must not hold them for {@link #CALL_TIMEOUT_MILLIS}.
     */
    static final long STATUS_TIMEOUT_MILLIS = 5_000L;

    /** No reply of this API comes near it; a larger length means the bytes are not our framing. */
    private static final int MAX_FRAME = 4 << 20;

    private final Path socket;
    private final long timeoutMillis;
    private final ByteBuffer in = ByteBuffer.allocate(8192).flip();

    AgentClient(Path socket, long timeoutMillis) {
        this.socket = socket;
        this.timeoutMillis = timeoutMillis;
    }

    /** A decoder of one reply message. */
    interface Decoder<R> {
        R decode(WireReader in) throws MalformedWireException;
    }

    AgentReply.Allocation allocate(WireWriter request) {
        return call(ALLOCATE, request, AgentReply.Allocation::decode);
    }

    AgentReply.Released release(WireWriter request) {
        return call(RELEASE, request, AgentReply.Released::decode);
    }

    /** Every address of the pod, after detection found one unusable. */
    AgentReply.Released releaseAll(WireWriter request) {
        return call(RELEASE_ALL, request, AgentReply.Released::decode);
    }

    AgentReply.Allocation check(WireWriter request) {
        return call(CHECK, request, AgentReply.Allocation::decode);
    }

    /** The node's coordinator settings (SpiderCoordinator, or the agent's defaults) for one pod. */
    CoordinatorDefaults coordinatorConfig(WireWriter request) {
        return call(COORDINATOR_CONFIG, request, AgentCoordinatorConfig::decode);
    }

    AgentReply.Health healthy() {
        return call(HEALTHY, new WireWriter(), AgentReply.Health::decode);
    }

    AgentReply.Released garbageCollect(WireWriter request) {
        return call(GARBAGE_COLLECT, request, AgentReply.Released::decode);
    }

    /**
     * One call with a request encoded elsewhere; the response message's bytes, undecoded (for the
     * system tests, which bring protobuf's message classes).
     */
    byte[] call(String method, byte[] request) {
        return call(method, request, WireReader::unread);
    }

    private <R> R call(String method, WireWriter request, Decoder<R> decoder) {
        return call(method, request.toByteArray(), decoder);
    }

    /**
     * The deadline covers connect, write and read together: a watchdog thread closes the channel
     * when it expires, which wakes the blocked call with an AsynchronousCloseException. (A UNIX
     * SocketChannel has no socket timeouts, and a Selector would load far more classes.)
     */
    private <R> R call(String method, byte[] request, Decoder<R> decoder) {
        SocketChannel channel = open();
        Deadline deadline = new Deadline(channel, timeoutMillis);
        Thread watchdog = new Thread(null, deadline, "agent-call-deadline", 0);
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            connect(channel);
            writeFully(channel, frame(method, request));
            AgentReply.Failure failure = AgentReply.Failure.ofHeader(new WireReader(readFrame(channel, method)));
            if (failure != null) {
                throw AgentFailures.toCni(failure, method);
            }
            return decoder.decode(new WireReader(readFrame(channel, method)));
        } catch (MalformedWireException e) {
            throw new CniError.Spiderpool(SpiderpoolErrorKind.AGENT_FAILURE, "the reply of spiderpool-agent at "
                    + socket + " to " + method + " is not what this plugin understands (" + e.getMessage()
                    + "): the plugin and the agent are probably different versions; install matching versions");
        } catch (IOException e) {
            throw deadline.fired() ? timedOut(method) : broken(method, e);
        } finally {
            // the watchdog closes the channel as it ends: closing a connected UNIX SocketChannel
            // initialises sun.nio.ch.Net (libnet, InetAddress), milliseconds the reply need not wait for
            watchdog.interrupt();
        }
    }

    private SocketChannel open() {
        try {
            return SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new CniError.IoFailure("cannot create a unix socket to reach spiderpool-agent: " + e.getMessage(),
                    "the node is out of file descriptors or memory; retry once it recovers");
        }
    }

    /** A socket that is missing or refuses is an agent that is not (yet) running: retry later. */
    private void connect(SocketChannel channel) throws IOException {
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (ConnectException e) {
            throw agentDown("refuses connections (" + e.getMessage() + ")");
        } catch (IOException e) {
            if (!Files.exists(socket)) {
                throw agentDown("does not exist");
            }
            if (e.getMessage() != null && e.getMessage().contains("Permission denied")) {
                throw new CniError.IoFailure("permission denied connecting to spiderpool-agent socket " + socket,
                        "the socket is mode 0600 and owned by root: run the plugin as root, as container runtimes do");
            }
            throw e;
        }
    }

    private CniError agentDown(String how) {
        return new CniError.TryAgainLater("spiderpool-agent socket " + socket + " " + how,
                "start spiderpool-agent on this node (or wait until it is ready); if it runs with another socket,"
                        + " set \"ipam\": {\"ipam_unix_socket_path\": ...} in the network configuration to that path");
    }

    private CniError timedOut(String method) {
        return new CniError.TryAgainLater("spiderpool-agent did not answer " + method + " within "
                + timeoutMillis + " ms", "the agent at " + socket + " is overloaded or stuck; the runtime"
                + " retries; if this persists, see the spiderpool-agent log on this node");
    }

    private CniError broken(String method, IOException e) {
        String what = e instanceof EOFException ? "closed the connection before answering " + method
                : "failed while answering " + method + ": " + e.getMessage();
        return new CniError.TryAgainLater("spiderpool-agent at " + socket + " " + what,
                "the agent may be restarting; the runtime retries; if this persists, see the spiderpool-agent log");
    }

    /** RequestHeader (method = 1) and the request, each preceded by its length. */
    static byte[] frame(String method, byte[] request) {
        byte[] header = new WireWriter().string(1, method).delimited();
        byte[] body = WireWriter.delimited(request);
        byte[] frame = new byte[header.length + body.length];
        System.arraycopy(header, 0, frame, 0, header.length);
        System.arraycopy(body, 0, frame, header.length, body.length);
        return frame;
    }

    private static void writeFully(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    /** One varint-length-prefixed message, read through a small buffer to keep system calls few. */
    private byte[] readFrame(SocketChannel channel, String method) throws IOException, MalformedWireException {
        int size = readVarint(channel);
        if (size < 0 || size > MAX_FRAME) {
            throw new MalformedWireException("a frame of " + Integer.toUnsignedString(size)
                    + " bytes announced in the reply to " + method);
        }
        byte[] frame = new byte[size];
        int filled = 0;
        while (filled < size) {
            if (!in.hasRemaining()) {
                fill(channel);
            }
            int n = Math.min(in.remaining(), size - filled);
            in.get(frame, filled, n);
            filled += n;
        }
        return frame;
    }

    private int readVarint(SocketChannel channel) throws IOException, MalformedWireException {
        int value = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            if (!in.hasRemaining()) {
                fill(channel);
            }
            byte b = in.get();
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new MalformedWireException("malformed frame length in the agent's reply");
    }

    private void fill(SocketChannel channel) throws IOException {
        in.compact();
        int n = channel.read(in);
        in.flip();
        if (n < 0) {
            throw new EOFException();
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was left to send or read; the reply (or the error) is already decided
        }
    }

    /** Closes the channel when the call's time is up, or as soon as it is interrupted (the call is over). */
    private static final class Deadline implements Runnable {
        private final SocketChannel channel;
        private final long millis;
        private volatile boolean fired;

        Deadline(SocketChannel channel, long millis) {
            this.channel = channel;
            this.millis = millis;
        }

        boolean fired() {
            return fired;
        }

        @Override
        public void run() {
            try {
                Thread.sleep(millis);
                fired = true;
            } catch (InterruptedException e) {
                // the call finished in time
            }
            closeQuietly(channel);
        }
    }
}
