package io.spidernet.spiderpool.netlink.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A named network namespace made with iproute2 for one test, plus veth links into it, all
 * removed again on close (in reverse order, also after a failure). Names carry the JVM's pid so
 * that test runs in parallel worktrees do not collide. Tests call {@link #requireUsable()}
 * first, which skips them with the reason where namespaces cannot be made.
 */
public final class NetnsFixture implements AutoCloseable {
    private final String name;
    private final Deque<List<String>> cleanup = new ArrayDeque<>();

    private NetnsFixture(String name) {
        this.name = name;
    }

    /** Skips the calling test, printing why, unless this process can create namespaces. */
    public static void requireUsable() {
        String reason = unavailableReason();
        if (reason != null) {
            System.out.println("skipping network-namespace test: " + reason);
            Assumptions.abort(reason);
        }
    }

    /** Why namespaces cannot be used here, or null when they can. */
    public static String unavailableReason() {
        try {
            if (!"0".equals(run(List.of("id", "-u"), false).strip())) {
                return "network namespaces need root (CI runs as root)";
            }
            run(List.of("ip", "netns", "list"), false);
            return null;
        } catch (IOException e) {
            return "iproute2 is not usable: " + e.getMessage();
        }
    }

    /** A fresh namespace with loopback up; {@code tag} keeps names distinct within one test class. */
    public static NetnsFixture create(String tag) throws IOException {
        NetnsFixture ns = new NetnsFixture("spcni-" + tag + "-" + ProcessHandle.current().pid());
        run(List.of("ip", "netns", "del", ns.name), true);
        run(List.of("ip", "netns", "add", ns.name), false);
        ns.cleanup.push(List.of("ip", "netns", "del", ns.name));
        ns.ip("link", "set", "lo", "up");
        return ns;
    }

    public String name() {
        return name;
    }

    /** The path a runtime would pass as CNI_NETNS. */
    public Path path() {
        return Path.of("/var/run/netns", name);
    }

    /**
     * A veth pair: {@code inside} in this namespace, up, with the given addresses (IPv6 without
     * duplicate detection, so the address is usable at once); {@code outside} in the root namespace.
     */
    public void veth(String inside, String outside, String... cidrs) throws IOException {
        run(List.of("ip", "link", "del", outside), true);
        run(List.of("ip", "link", "add", outside, "type", "veth", "peer", "name", inside, "netns", name), false);
        cleanup.push(List.of("ip", "link", "del", outside));
        for (String cidr : cidrs) {
            addAddress(inside, cidr);
        }
        ip("link", "set", inside, "up");
    }

    /**
     * A veth pair between this namespace and {@code other}, nothing in the root namespace:
     * {@code inside} here stays down and without addresses (as a main plugin leaves a pod's
     * interface when it calls IPAM); {@code otherEnd} in {@code other} is brought up. Both ends go
     * away with the namespaces.
     */
    public void vethTo(String inside, NetnsFixture other, String otherEnd) throws IOException {
        ip("link", "add", inside, "type", "veth", "peer", "name", otherEnd, "netns", other.name());
        other.ip("link", "set", otherEnd, "up");
    }

    /** The link's MAC address as {@code ip link} prints it, e.g. {@code 52:54:00:12:34:56}. */
    public String mac(String dev) throws IOException {
        String out = ip("-o", "link", "show", dev);
        int at = out.indexOf("link/ether ");
        if (at < 0) {
            throw new IOException(dev + " has no Ethernet address: " + out.strip());
        }
        return out.substring(at + "link/ether ".length()).split(" ")[0];
    }

    public void addAddress(String dev, String cidr) throws IOException {
        if (cidr.contains(":")) {
            ip("addr", "add", cidr, "dev", dev, "nodad");
        } else {
            ip("addr", "add", cidr, "dev", dev);
        }
    }

    public void deleteAddress(String dev, String cidr) throws IOException {
        ip("addr", "del", cidr, "dev", dev);
    }

    /** {@code ip -n <this namespace> args...}; fails on a non-zero exit. */
    public String ip(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return run(cmd, false);
    }

    @Override
    public void close() {
        while (!cleanup.isEmpty()) {
            try {
                run(cleanup.pop(), true);
            } catch (IOException e) {
                System.err.println("netns cleanup failed: " + e.getMessage());
            }
        }
    }

    private static String run(List<String> cmd, boolean tolerant) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish in 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + String.join(" ", cmd), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0 && !tolerant) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out.strip());
        }
        return out;
    }
}
