package io.spidernet.spiderpool.netlink;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs work inside a network namespace. {@code setns(2)} changes the namespace of the calling OS
 * thread only, so the work runs on a fresh platform thread that enters the namespace and then
 * ends: no other Java code ever runs on a thread left in a pod's namespace. Never a virtual
 * thread, whose carrier is shared and could be swapped under it.
 */
public final class Netns {
    private Netns() {}

    /**
     * Enters {@code netns} (a path such as CNI_NETNS, e.g. {@code /var/run/netns/x} or
     * {@code /proc/<pid>/ns/net}) on a new thread, runs {@code work} there and returns its result.
     *
     * @throws NetnsException when the namespace cannot be entered: missing (ENOENT), not a network
     *     namespace (EINVAL), or no CAP_SYS_ADMIN (EPERM)
     * @throws Exception whatever {@code work} throws, unwrapped
     */
    public static <T> T run(Path netns, Callable<T> work) throws Exception {
        FutureTask<T> task = new FutureTask<>(new Entering<>(netns, work));
        Thread thread = new Thread(null, task, "netns " + netns, 0);
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** A namespace could not be entered; {@link #errno()} says why. */
    public static final class NetnsException extends NetlinkException {
        private static final long serialVersionUID = 1L;

        NetnsException(String operation, int errno) {
            super(operation, errno);
        }
    }

    private record Entering<T>(Path netns, Callable<T> work) implements Callable<T> {
        @Override
        public T call() throws Exception {
            enter(netns);
            return work.call();
        }
    }

    private static void enter(Path netns) throws NetnsException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            int fd = Libc.open(state, arena.allocateFrom(netns.toString()), Libc.O_RDONLY | Libc.O_CLOEXEC);
            if (fd < 0) {
                throw new NetnsException("open(" + netns + ")", Libc.errno(state));
            }
            try {
                if (Libc.setns(state, fd, Libc.CLONE_NEWNET) < 0) {
                    throw new NetnsException("setns(" + netns + ", CLONE_NEWNET)", Libc.errno(state));
                }
            } finally {
                Libc.close(state, fd);
            }
        }
    }
}
