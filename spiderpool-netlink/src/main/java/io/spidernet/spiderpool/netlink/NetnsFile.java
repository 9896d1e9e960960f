package io.spidernet.spiderpool.netlink;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * An open network-namespace file descriptor, for the netlink attributes that name a namespace
 * (a veth peer's, a link moved elsewhere). Closing it does not end the namespace.
 */
public final class NetnsFile implements AutoCloseable {
    private final int fd;
    private boolean closed;

    private NetnsFile(int fd) {
        this.fd = fd;
    }

    /** Opens a namespace by path, e.g. CNI_NETNS. */
    public static NetnsFile open(Path path) throws NetlinkException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            int fd = Libc.open(state, arena.allocateFrom(path.toString()), Libc.O_RDONLY | Libc.O_CLOEXEC);
            if (fd < 0) {
                throw new Netns.NetnsException("open(" + path + ")", Libc.errno(state));
            }
            return new NetnsFile(fd);
        }
    }

    /** The calling thread's own namespace ({@code /proc/thread-self/ns/net}). */
    public static NetnsFile current() throws NetlinkException {
        return open(Path.of("/proc/thread-self/ns/net"));
    }

    public int fd() {
        return fd;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try (Arena arena = Arena.ofConfined()) {
                Libc.close(Libc.callState(arena), fd);
            }
        }
    }
}
