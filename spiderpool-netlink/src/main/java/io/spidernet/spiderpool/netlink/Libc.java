package io.spidernet.spiderpool.netlink;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The handful of libc calls the netlink and namespace code needs, bound through the FFM API from
 * their declarations in {@link LibcFunction}. Each call captures {@code errno} right after it
 * returns: reading it later through another downcall would see whatever the JVM did in between.
 * The class is only loaded on paths that touch a namespace (CHECK, the coordinator), never on
 * VERSION, ADD or DEL, because binding the handles costs tens of milliseconds the first time.
 *
 * <p>Binding native functions is what the FFM API calls restricted: the launcher grants it with
 * {@code --enable-native-access=ALL-UNNAMED}; {@link LibcFunction#bind} is the only code that needs it.
 */
final class Libc {
    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int NETLINK_ROUTE = 0;
    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final int CLONE_NEWNET = 0x40000000;
    static final int EINTR = 4;

    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement(LibcFunction.CAPTURED_STATE));

    private static final MethodHandle SOCKET = LibcFunction.SOCKET.bind();
    private static final MethodHandle BIND = LibcFunction.BIND.bind();
    private static final MethodHandle SEND = LibcFunction.SEND.bind();
    private static final MethodHandle RECV = LibcFunction.RECV.bind();
    private static final MethodHandle CLOSE = LibcFunction.CLOSE.bind();
    private static final MethodHandle OPEN = LibcFunction.OPEN.bind();
    private static final MethodHandle SETNS = LibcFunction.SETNS.bind();

    private Libc() {}

    /** Room for one call's captured state; one per call site keeps the calls thread-safe. */
    static MemorySegment callState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    static int socket(MemorySegment state, int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(state, domain, type, protocol);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int bind(MemorySegment state, int fd, MemorySegment addr, int len) {
        try {
            return (int) BIND.invokeExact(state, fd, addr, len);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long send(MemorySegment state, int fd, MemorySegment buf, long len, int flags) {
        try {
            return (long) SEND.invokeExact(state, fd, buf, len, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static long recv(MemorySegment state, int fd, MemorySegment buf, long len, int flags) {
        try {
            return (long) RECV.invokeExact(state, fd, buf, len, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int close(MemorySegment state, int fd) {
        try {
            return (int) CLOSE.invokeExact(state, fd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int open(MemorySegment state, MemorySegment path, int flags) {
        try {
            return (int) OPEN.invokeExact(state, path, flags);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static int setns(MemorySegment state, int fd, int nstype) {
        try {
            return (int) SETNS.invokeExact(state, fd, nstype);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** invokeExact declares Throwable; a downcall with a matching descriptor throws nothing checked. */
    static RuntimeException unexpected(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed", t);
    }

    /**
     * Bound on the first error only: strerror's descriptor is the one without errno capture, so its
     * downcall stub (generated code, some milliseconds) is not shared with the calls above.
     */
    private static final class Strerror {
        static final MethodHandle HANDLE = LibcFunction.STRERROR.bind();
    }

    /** The C library's text for an errno, e.g. "No such device" for 19. */
    static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) Strerror.HANDLE.invokeExact(errno);
            return text.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }
}
