package io.spidernet.spiderpool.netlink;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The handful of system calls the netlink, packet and namespace code needs, all made through the
 * one {@code syscall(2)} handle declared in {@link LibcFunction}. Each call captures {@code errno} right after it
 * returns: reading it later through another downcall would see whatever the JVM did in between.
 * The class is only loaded on paths that touch a namespace (CHECK, the coordinator), never on
 * VERSION, ADD or DEL, because binding the handle costs milliseconds the first time.
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

    private static final SyscallNumbers NR = SyscallNumbers.forArch(System.getProperty("os.arch"));
    private static final MethodHandle SYSCALL = LibcFunction.SYSCALL.bind();
    /** openat's "relative to the working directory"; our paths are absolute, so it is never used. */
    private static final long AT_FDCWD = -100;

    private Libc() {}

    /** Room for one call's captured state; one per call site keeps the calls thread-safe. */
    static MemorySegment callState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    static int socket(MemorySegment state, int domain, int type, int protocol) {
        return (int) syscall(state, NR.socket, domain, type, protocol, 0, 0, 0);
    }

    static int bind(MemorySegment state, int fd, MemorySegment addr, int len) {
        return (int) syscall(state, NR.bind, fd, addr.address(), len, 0, 0, 0);
    }

    static long send(MemorySegment state, int fd, MemorySegment buf, long len, int flags) {
        return syscall(state, NR.sendto, fd, buf.address(), len, flags, 0, 0);
    }

    static long recv(MemorySegment state, int fd, MemorySegment buf, long len, int flags) {
        return syscall(state, NR.recvfrom, fd, buf.address(), len, flags, 0, 0);
    }

    /** {@code recvfrom(2)} with the sender's address written to {@code from}, its length in/out at {@code fromLength}. */
    static long recvfrom(MemorySegment state, int fd, MemorySegment buf, long len, int flags,
                         MemorySegment from, MemorySegment fromLength) {
        return syscall(state, NR.recvfrom, fd, buf.address(), len, flags, from.address(), fromLength.address());
    }

    static int close(MemorySegment state, int fd) {
        return (int) syscall(state, NR.close, fd, 0, 0, 0, 0, 0);
    }

    static int open(MemorySegment state, MemorySegment path, int flags) {
        return (int) syscall(state, NR.openat, AT_FDCWD, path.address(), flags, 0, 0, 0);
    }

    static int setns(MemorySegment state, int fd, int nstype) {
        return (int) syscall(state, NR.setns, fd, nstype, 0, 0, 0, 0);
    }

    /**
     * {@code ppoll(2)} with a relative timeout ({@code timespec} at {@code timeout}, or NULL to wait
     * for ever) and no signal mask: poll(2) itself does not exist on arm64.
     */
    static int ppoll(MemorySegment state, MemorySegment fds, long count, MemorySegment timeout) {
        return (int) syscall(state, NR.ppoll, fds.address(), count, timeout.address(), 0, 0, 0);
    }

    private static long syscall(MemorySegment state, long number, long a1, long a2, long a3, long a4, long a5, long a6) {
        try {
            return (long) SYSCALL.invokeExact(state, number, a1, a2, a3, a4, a5, a6);
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
