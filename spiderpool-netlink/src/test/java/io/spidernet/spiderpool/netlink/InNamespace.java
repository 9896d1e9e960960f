package io.spidernet.spiderpool.netlink;

import io.spidernet.spiderpool.netlink.testkit.NetnsFixture;

/** Runs test code with a route socket inside a fixture's namespace, on the thread that entered it. */
final class InNamespace {
    private InNamespace() {}

    interface Work<T> {
        T run(NetlinkSocket socket) throws Exception;
    }

    static <T> T run(NetnsFixture ns, Work<T> work) throws Exception {
        return Netns.run(ns.path(), () -> {
            try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
                return work.run(socket);
            }
        });
    }

    /**
     * The index of a link inside the namespace, as iproute2 reports it ({@code "5: in0@if4: <...>"}):
     * an outside reader, and independent of the link API built beside these classes.
     */
    static int index(NetnsFixture ns, String name) throws Exception {
        String line = ns.ip("-o", "link", "show", "dev", name).strip();
        return Integer.parseInt(line.substring(0, line.indexOf(':')));
    }

    /**
     * A root-namespace veth end name no other test run uses at the same time (another worktree's
     * tests share the root namespace); 15 characters at most, the kernel's limit.
     */
    static String outsideName(String tag) {
        String name = "nr" + tag + ProcessHandle.current().pid();
        if (name.length() > 15) {
            throw new IllegalArgumentException("tag " + tag + " makes the link name " + name + " longer than 15");
        }
        return name;
    }
}
