package io.spidernet.spiderpool.netlink;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code NETLINK_ROUTE} socket in the network namespace of the thread that opens it (the
 * kernel binds a netlink socket to its creator's namespace, which is what makes
 * {@link Netns#run} work). Requests are synchronous: send, then read until the matching reply
 * is complete. Confined to its thread, like the namespace it talks to.
 */
public final class NetlinkSocket implements AutoCloseable {
    /** Large enough for any single datagram of a dump (the kernel sends at most 32 KiB). */
    private static final int RECEIVE_BUFFER = 64 * 1024;
    private static final int SOCKADDR_NL_LENGTH = 12;
    private static final int MSG_TRUNC = 0x20;
    /** A dump the kernel marks inconsistent is repeated this many times before giving up. */
    private static final int DUMP_ATTEMPTS = 5;

    private final Arena arena;
    private final MemorySegment state;
    private final MemorySegment receiveBuffer;
    private final int fd;
    private int seq;
    private boolean closed;

    private NetlinkSocket(Arena arena, MemorySegment state, int fd) {
        this.arena = arena;
        this.state = state;
        this.fd = fd;
        this.receiveBuffer = arena.allocate(RECEIVE_BUFFER);
    }

    /** Opens and binds a route netlink socket in the calling thread's network namespace. */
    public static NetlinkSocket openRoute() throws NetlinkException {
        Arena arena = Arena.ofConfined();
        MemorySegment state = Libc.callState(arena);
        int fd = Libc.socket(state, Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.NETLINK_ROUTE);
        if (fd < 0) {
            int errno = Libc.errno(state);
            arena.close();
            throw new NetlinkException("socket(AF_NETLINK, NETLINK_ROUTE)", errno);
        }
        NetlinkSocket socket = new NetlinkSocket(arena, state, fd);
        // sockaddr_nl {family, pad, pid 0 = let the kernel choose, groups 0 = no multicast}
        MemorySegment addr = arena.allocate(SOCKADDR_NL_LENGTH);
        addr.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
        if (Libc.bind(state, fd, addr, SOCKADDR_NL_LENGTH) < 0) {
            int errno = Libc.errno(state);
            socket.close();
            throw new NetlinkException("bind(AF_NETLINK)", errno);
        }
        return socket;
    }

    /**
     * Sends a dump request and returns every message of the answer (without the final DONE).
     * A dump the kernel flags as interrupted by a concurrent change is asked again.
     */
    public List<NetlinkMessage> dump(NetlinkRequest request) throws NetlinkException {
        if ((request.flags() & NetlinkRequest.NLM_F_DUMP) != NetlinkRequest.NLM_F_DUMP) {
            throw new IllegalArgumentException("not a dump request: flags 0x" + Integer.toHexString(request.flags()));
        }
        for (int attempt = 1; ; attempt++) {
            List<NetlinkMessage> messages = new ArrayList<>();
            boolean interrupted = collectDump(send(request), request.type(), messages);
            if (!interrupted) {
                return messages;
            }
            if (attempt == DUMP_ATTEMPTS) {
                throw new NetlinkException("netlink dump (type " + request.type() + ") was interrupted by concurrent"
                        + " changes " + DUMP_ATTEMPTS + " times in a row");
            }
        }
    }

    /** Sends a request with NLM_F_ACK and waits for the acknowledgement; a refusal carries the errno. */
    public void execute(NetlinkRequest request, String what) throws NetlinkException {
        if ((request.flags() & NetlinkRequest.NLM_F_ACK) == 0) {
            throw new IllegalArgumentException("request without NLM_F_ACK would never be answered: " + what);
        }
        int sent = send(request);
        while (true) {
            for (NetlinkMessage m : receive()) {
                if (m.seq() == sent && m.type() == NetlinkMessage.NLMSG_ERROR) {
                    if (m.errorCode() != 0) {
                        throw new NetlinkException(what, m.errorCode());
                    }
                    return;
                }
            }
        }
    }

    /**
     * Sends a request the kernel answers with one message (e.g. RTM_GETROUTE for one destination,
     * answered by an RTM_NEWROUTE) and returns that answer. NLM_F_ACK is required: the
     * acknowledgement the kernel sends after the answer marks its end, so nothing of this request
     * is left in the socket to be mistaken for the next one's reply.
     */
    public NetlinkMessage request(NetlinkRequest request, String what) throws NetlinkException {
        if ((request.flags() & NetlinkRequest.NLM_F_ACK) == 0) {
            throw new IllegalArgumentException("request without NLM_F_ACK has no marked end: " + what);
        }
        int sent = send(request);
        NetlinkMessage answer = null;
        while (true) {
            for (NetlinkMessage m : receive()) {
                if (m.seq() != sent) {
                    continue;
                }
                if (m.type() != NetlinkMessage.NLMSG_ERROR) {
                    answer = answer == null ? m : answer;
                } else if (m.errorCode() != 0) {
                    throw new NetlinkException(what, m.errorCode());
                } else if (answer == null) {
                    throw new NetlinkException(what + ": the kernel acknowledged without an answer");
                } else {
                    return answer;
                }
            }
        }
    }

    /** Reads the answer of one dump; returns whether the kernel flagged it inconsistent. */
    private boolean collectDump(int sent, int type, List<NetlinkMessage> into) throws NetlinkException {
        boolean interrupted = false;
        while (true) {
            for (NetlinkMessage m : receive()) {
                if (m.seq() != sent) {
                    continue; // a late answer to an earlier request
                }
                interrupted |= (m.flags() & NetlinkMessage.NLM_F_DUMP_INTR) != 0;
                if (m.type() == NetlinkMessage.NLMSG_DONE) {
                    return interrupted;
                }
                if (m.type() == NetlinkMessage.NLMSG_ERROR) {
                    throw new NetlinkException("netlink dump (message type " + type + ")", m.errorCode());
                }
                into.add(m);
            }
        }
    }

    private int send(NetlinkRequest request) throws NetlinkException {
        ensureOpen();
        int thisSeq = ++seq;
        byte[] bytes = request.toBytes(thisSeq);
        // a short-lived arena per request: the socket's own arena would grow with every send
        try (Arena call = Arena.ofConfined()) {
            MemorySegment out = call.allocate(bytes.length);
            MemorySegment.copy(bytes, 0, out, ValueLayout.JAVA_BYTE, 0, bytes.length);
            long n;
            do {
                n = Libc.send(state, fd, out, bytes.length, 0);
            } while (n < 0 && Libc.errno(state) == Libc.EINTR);
            if (n < 0) {
                throw new NetlinkException("send(netlink)", Libc.errno(state));
            }
        }
        return thisSeq;
    }

    private List<NetlinkMessage> receive() throws NetlinkException {
        ensureOpen();
        long n;
        do {
            n = Libc.recv(state, fd, receiveBuffer, RECEIVE_BUFFER, MSG_TRUNC);
        } while (n < 0 && Libc.errno(state) == Libc.EINTR);
        if (n < 0) {
            throw new NetlinkException("recv(netlink)", Libc.errno(state));
        }
        if (n > RECEIVE_BUFFER) {
            throw new NetlinkException("netlink datagram of " + n + " bytes exceeds the " + RECEIVE_BUFFER + "-byte buffer");
        }
        // copy out: the buffer is reused by the next receive, the messages may outlive it
        return NetlinkMessage.parseAll(ByteBuffer.wrap(receiveBuffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE)));
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("netlink socket is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Libc.close(state, fd);
            arena.close();
        }
    }
}
