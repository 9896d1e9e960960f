package io.spidernet.spiderpool.netlink;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * An {@code AF_PACKET}/{@code SOCK_RAW} socket bound to one interface and one ethertype: it sends
 * whole Ethernet frames (header included) and receives the frames of that ethertype arriving on
 * the interface. Frames this host sends itself, which a packet socket also sees, are skipped.
 * Opened in the calling thread's network namespace; used by one thread (its memory is confined).
 */
public final class PacketSocket implements AutoCloseable {
    public static final int ETH_P_ARP = 0x0806;
    public static final int ETH_P_IPV6 = 0x86DD;
    /** Room for any frame of a standard 1500-byte MTU; longer frames arrive truncated and fail parsing. */
    public static final int MAX_FRAME = 2048;

    private final Arena arena;
    private final MemorySegment state;
    private final MemorySegment buffer;
    private final MemorySegment pollFd;
    private final MemorySegment from;
    private final MemorySegment fromLength;
    private final int fd;
    private final String name;
    private boolean closed;

    private PacketSocket(Arena arena, int fd, String name) {
        this.arena = arena;
        this.fd = fd;
        this.name = name;
        this.state = Libc.callState(arena);
        this.buffer = arena.allocate(MAX_FRAME);
        this.pollFd = arena.allocate(PacketCalls.POLLFD_LENGTH, 4);
        this.from = arena.allocate(PacketCalls.SOCKADDR_LL_LENGTH, 4);
        this.fromLength = arena.allocate(ValueLayout.JAVA_INT);
    }

    /**
     * @param ifIndex   the interface's index in the calling thread's namespace
     * @param etherType e.g. {@link #ETH_P_ARP} or {@link #ETH_P_IPV6}
     * @throws NetlinkException naming the interface and the errno (EPERM without CAP_NET_RAW,
     *                          ENODEV for an index that does not exist)
     */
    public static PacketSocket open(int ifIndex, int etherType) throws NetlinkException {
        String name = "packet socket (ethertype 0x" + Integer.toHexString(etherType) + ") on interface " + ifIndex;
        Arena arena = Arena.ofConfined();
        MemorySegment state = Libc.callState(arena);
        int protocol = Short.toUnsignedInt(Short.reverseBytes((short) etherType)); // htons
        int fd = Libc.socket(state, PacketCalls.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, protocol);
        if (fd < 0) {
            int errno = Libc.errno(state);
            arena.close();
            throw new NetlinkException("open " + name, errno);
        }
        PacketSocket socket = new PacketSocket(arena, fd, name);
        MemorySegment addr = arena.allocate(PacketCalls.SOCKADDR_LL_LENGTH, 4);
        addr.set(ValueLayout.JAVA_SHORT, 0, (short) PacketCalls.AF_PACKET);
        addr.set(ValueLayout.JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, (short) etherType);
        addr.set(ValueLayout.JAVA_INT, 4, ifIndex);
        if (Libc.bind(state, fd, addr, PacketCalls.SOCKADDR_LL_LENGTH) < 0) {
            int errno = Libc.errno(state);
            socket.close();
            throw new NetlinkException("bind " + name, errno);
        }
        return socket;
    }

    /** Sends one frame, Ethernet header included, out of the bound interface. */
    public void send(byte[] frame) throws NetlinkException {
        ensureOpen();
        if (frame.length > MAX_FRAME) {
            throw new IllegalArgumentException("a frame of " + frame.length + " bytes is longer than " + MAX_FRAME);
        }
        MemorySegment.copy(frame, 0, buffer, ValueLayout.JAVA_BYTE, 0, frame.length);
        long n;
        do {
            n = Libc.send(state, fd, buffer, frame.length, 0);
        } while (n < 0 && Libc.errno(state) == Libc.EINTR);
        if (n < 0) {
            throw new NetlinkException("send on " + name, Libc.errno(state));
        }
    }

    /**
     * Waits at most {@code timeoutMillis} for a frame sent by another host and copies it into
     * {@code into} (cut at its length).
     *
     * @return the frame's length, or -1 when none arrived in time
     */
    public int receive(byte[] into, long timeoutMillis) throws NetlinkException {
        ensureOpen();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !readable((int) Math.max(1, (left + 999_999) / 1_000_000))) {
                return -1;
            }
            fromLength.set(ValueLayout.JAVA_INT, 0, PacketCalls.SOCKADDR_LL_LENGTH);
            long n = Libc.recvfrom(state, fd, buffer, MAX_FRAME, PacketCalls.MSG_DONTWAIT, from, fromLength);
            if (n < 0) {
                int errno = Libc.errno(state);
                if (errno == Libc.EINTR || errno == PacketCalls.EAGAIN) {
                    continue;
                }
                throw new NetlinkException("receive on " + name, errno);
            }
            if (Byte.toUnsignedInt(from.get(ValueLayout.JAVA_BYTE, PacketCalls.SLL_PKTTYPE_OFFSET))
                    == PacketCalls.PACKET_OUTGOING) {
                continue;
            }
            int length = (int) Math.min(n, into.length);
            MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, into, 0, length);
            return length;
        }
    }

    private boolean readable(int timeoutMillis) throws NetlinkException {
        pollFd.set(ValueLayout.JAVA_INT, 0, fd);
        pollFd.set(ValueLayout.JAVA_SHORT, 4, (short) PacketCalls.POLLIN);
        pollFd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        int ready = PacketCalls.poll(state, pollFd, 1, timeoutMillis);
        if (ready < 0) {
            int errno = Libc.errno(state);
            if (errno == Libc.EINTR) {
                return true; // the caller re-checks its deadline and reads without blocking
            }
            throw new NetlinkException("poll on " + name, errno);
        }
        return ready > 0;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
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
