package io.spidernet.spiderpool.netlink;

import java.io.IOException;

/**
 * A system call or a netlink request failed with an errno. The message names the operation and
 * the C library's text for the errno, so callers can put it straight into a CNI error.
 */
public class NetlinkException extends IOException {
    private static final long serialVersionUID = 1L;

    public static final int ENOENT = 2;
    public static final int EPERM = 1;
    public static final int EINVAL = 22;
    public static final int ENODEV = 19;
    public static final int EEXIST = 17;

    private final int errno;

    public NetlinkException(String operation, int errno) {
        super(operation + ": " + Libc.strerror(errno) + " (errno " + errno + ")");
        this.errno = errno;
    }

    /** For failures that have no errno, such as a malformed reply from the kernel. */
    public NetlinkException(String message) {
        super(message);
        this.errno = 0;
    }

    /** The positive errno, or 0 when the failure did not come from the kernel. */
    public int errno() {
        return errno;
    }
}
