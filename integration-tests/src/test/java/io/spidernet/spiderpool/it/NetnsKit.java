package io.spidernet.spiderpool.it;

import io.spidernet.spiderpool.netlink.testkit.NetnsFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Several namespaces of one system test (a "node" and its "pods"), each a {@link NetnsFixture}
 * of the shared testkit, closed together in reverse order.
 */
final class NetnsKit implements AutoCloseable {
    private final String prefix;
    private final Map<String, NetnsFixture> byTag = new HashMap<>();
    private final Deque<NetnsFixture> created = new ArrayDeque<>();

    /** @param prefix keeps the namespaces of one test class apart from another's */
    NetnsKit(String prefix) {
        this.prefix = prefix;
    }

    /** Why namespaces cannot be used here, or empty when they can. */
    static Optional<String> unavailableReason() {
        return Optional.ofNullable(NetnsFixture.unavailableReason());
    }

    /** Creates a namespace with loopback up; returns its path for CNI_NETNS. */
    Path netns(String tag) throws IOException {
        NetnsFixture ns = NetnsFixture.create(prefix + tag);
        byTag.put(tag, ns);
        created.push(ns);
        return ns.path();
    }

    String name(String tag) {
        return ns(tag).name();
    }

    /** A veth pair with both ends in one namespace and up, e.g. a macvlan master and its peer. */
    void veth(String tag, String a, String b) throws IOException {
        NetnsFixture ns = ns(tag);
        ns.ip("link", "add", a, "type", "veth", "peer", "name", b);
        ns.ip("link", "set", a, "up");
        ns.ip("link", "set", b, "up");
    }

    /** {@code ip -br addr show dev}, e.g. "net1@if3 UP 10.0.0.5/24 fe80::…/64". */
    String addresses(String tag, String dev) throws IOException {
        return ns(tag).ip("-br", "addr", "show", "dev", dev).strip();
    }

    String routes(String tag, String family) throws IOException {
        return ns(tag).ip(family, "route", "show").strip();
    }

    NetnsFixture ns(String tag) {
        NetnsFixture ns = byTag.get(tag);
        if (ns == null) {
            throw new IllegalArgumentException("no namespace '" + tag + "' in this kit");
        }
        return ns;
    }

    @Override
    public void close() {
        while (!created.isEmpty()) {
            created.pop().close();
        }
    }
}
