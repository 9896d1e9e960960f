package io.spidernet.spiderpool.netlink;

import java.io.IOException;

/**
 * A system call or a netlink request failed with an errno. The message names the operation and
 * the C library's text for the errno, so callers can put it straight into a CNI error. That text
 * is looked up when the message is first read: most of these are tolerated (EEXIST on an ADD's
 * retry, ENOENT on a DEL), and binding strerror costs a downcall stub the process would not need.
 */
public class NetlinkException extends IOException {
    private static final long serialVersionUID = 1L;

    public static final int ENOENT = 2;
    public static final int EPERM = 1;
    public static final int EINVAL = 22;
    public static final int ENODEV = 19;
    public static final int EEXIST = 17;

    private final int errno;
    /** The failed call, for a failure with an errno; null otherwise. */
    private final String operation;

    public NetlinkException(String operation, int errno) {
        super((String) null);
        this.operation = operation;
        this.errno = errno;
    }

    /** For failures that have no errno, such as a malformed reply from the kernel. */
    public NetlinkException(String message) {
        super(message);
        this.operation = null;
        this.errno = 0;
    }

    @Override
    public String getMessage() {
        return operation == null ? super.getMessage() : operation + ": " + Libc.strerror(errno) + " (errno " + errno + ")";
    }

    /** The positive errno, or 0 when the failure did not come from the kernel. */
    public int errno() {
        return errno;
    }
}
