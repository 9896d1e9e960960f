package io.spidernet.spiderpool.netlink;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What a packet socket needs beyond the netlink calls: its constants and structure sizes, and a
 * wait for a frame with a timeout in milliseconds ({@link Libc#ppoll} takes a {@code timespec}).
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
    /** {@code struct timespec} on the 64-bit ABIs: seconds, nanoseconds. */
    private static final MemoryLayout TIMESPEC = MemoryLayout.structLayout(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG);

    private PacketCalls() {}

    /** Waits up to {@code timeoutMillis} (for ever when negative) for one of {@code fds} to be ready. */
    static int poll(MemorySegment state, MemorySegment fds, long count, int timeoutMillis) {
        if (timeoutMillis < 0) {
            return Libc.ppoll(state, fds, count, MemorySegment.NULL);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment timespec = arena.allocate(TIMESPEC);
            timespec.set(ValueLayout.JAVA_LONG, 0, timeoutMillis / 1000);
            timespec.set(ValueLayout.JAVA_LONG, 8, (timeoutMillis % 1000) * 1_000_000L);
            return Libc.ppoll(state, fds, count, timespec);
        }
    }
}
