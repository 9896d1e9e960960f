package io.spidernet.spiderpool.netlink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code net.*} sysctls of the calling thread's network namespace: /proc/sys/net is resolved
 * against the namespace of the thread that opens the file, so call these inside {@link Netns#run}.
 *
 * <p>Keys are dotted ({@code net.ipv4.conf.all.rp_filter}) or, as {@code sysctl(8)} also accepts,
 * slashed ({@code net/ipv4/conf/eth0.100/rp_filter}). A dotted key cannot name an interface whose
 * name has a '.' (a VLAN's {@code eth0.100}): its dots would be read as separators; use the
 * slashed form for those. A key outside {@code net}, or with an element that is empty, "." or
 * ".." is refused.
 */
public final class Sysctls {
    private static final Path ROOT = Path.of("/proc/sys");
    private static final int EACCES = 13;

    private Sysctls() {}

    /** The value without the kernel's trailing newline (inner tabs, as in ip_local_port_range, kept). */
    public static String read(String key) throws NetlinkException {
        Path file = path(key);
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } catch (IOException e) {
            throw failure("read sysctl " + key, file, e);
        }
    }

    /** Writes {@code value} and a newline, as {@code sysctl -w} does; the file is never created. */
    public static void write(String key, String value) throws NetlinkException {
        Path file = path(key);
        try {
            Files.writeString(file, value + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw failure("write sysctl " + key + "=" + value, file, e);
        }
    }

    /** The file under /proc/sys for a validated key. */
    static Path path(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("sysctl key is empty; give one such as net.ipv4.conf.all.rp_filter");
        }
        boolean slashed = key.contains("/");
        String[] elements = key.split(slashed ? "/" : "\\.", -1);
        if (!elements[0].equals("net")) {
            throw new IllegalArgumentException("sysctl key '" + key + "' is not under net. (only network-namespace"
                    + " sysctls are per namespace)");
        }
        Path file = ROOT;
        for (String element : elements) {
            if (element.isEmpty() || element.equals(".") || element.equals("..")) {
                throw new IllegalArgumentException("sysctl key '" + key + "' has an empty, '.' or '..' element");
            }
            file = file.resolve(element);
        }
        return file;
    }

    private static NetlinkException failure(String operation, Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new NetlinkException(operation + " (" + file + ")", NetlinkException.ENOENT);
        }
        if (e instanceof AccessDeniedException) {
            return new NetlinkException(operation + " (" + file + ")", EACCES);
        }
        return new NetlinkException(operation + " (" + file + "): " + e.getMessage());
    }
}
