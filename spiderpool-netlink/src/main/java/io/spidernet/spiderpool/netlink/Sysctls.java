package io.spidernet.spiderpool.netlink;

/**
 * {@code net.*} sysctls of the calling thread's network namespace: /proc/sys/net is resolved
 * against the namespace of the thread that opens the file, so call these inside {@link Netns#run}.
 * Keys are dotted ({@code net.ipv4.conf.all.rp_filter}); a key outside {@code net.} or with a
 * path element that is empty, "." or ".." is refused.
 */
public final class Sysctls {
    private Sysctls() {}

    public static String read(String key) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }

    public static void write(String key, String value) throws NetlinkException {
        throw new UnsupportedOperationException("issue 11: not built yet");
    }
}
