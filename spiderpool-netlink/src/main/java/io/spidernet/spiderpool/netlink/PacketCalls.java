package io.spidernet.spiderpool.netlink;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The libc calls a packet socket needs beyond {@link Libc}'s: {@code poll(2)} to wait for a frame
 * with a timeout, and {@code recvfrom(2)} to learn whether a frame was our own outgoing one.
 * Separate from Libc so that the netlink paths do not bind them, and the IPAM plugin binds them
 * only when detection is switched on. They are declared in {@link LibcFunction} with the others,
 * and capture errno the same way.
 */
final class PacketCalls {
    static final int AF_PACKET = 17;
    static final int POLLIN = 0x1;
    static final int MSG_DONTWAIT = 0x40;
    static final int EAGAIN = 11;
    /** {@code struct sockaddr_ll}: family, protocol, ifindex, hatype, pkttype, halen, addr[8]. */
    static final int SOCKADDR_LL_LENGTH = 20;
    static final int SLL_PKTTYPE_OFFSET = 10;
    /** {@code sll_pkttype} of a frame this host sent, which a packet socket sees as well. */
    static final int PACKET_OUTGOING = 4;
    /** {@code struct pollfd}: fd, events, revents. */
    static final int POLLFD_LENGTH = 8;

    private static final MethodHandle POLL = LibcFunction.POLL.bind();
    private static final MethodHandle RECVFROM = LibcFunction.RECVFROM.bind();

    private PacketCalls() {}

    static int poll(MemorySegment state, MemorySegment fds, long count, int timeoutMillis) {
        try {
            return (int) POLL.invokeExact(state, fds, count, timeoutMillis);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }

    static long recvfrom(MemorySegment state, int fd, MemorySegment buf, long len, int flags,
                         MemorySegment from, MemorySegment fromLength) {
        try {
            return (long) RECVFROM.invokeExact(state, fd, buf, len, flags, from, fromLength);
        } catch (Throwable t) {
            throw Libc.unexpected(t);
        }
    }
}
