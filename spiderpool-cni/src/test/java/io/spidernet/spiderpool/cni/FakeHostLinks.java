package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.ifacer.HostLink;
import io.spidernet.spiderpool.netlink.NetlinkException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's links in memory, answering as the kernel would (EEXIST, ENODEV), with a log of every
 * call and injectable faults: the next calls of an operation fail with an errno, or another
 * "process" creates a link just before the next create.
 */
final class FakeHostLinks implements HostLinks {
    private final Map<String, HostLink> links = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> bondOptions = new LinkedHashMap<>();
    private final Map<String, Deque<Integer>> faults = new LinkedHashMap<>();
    private final Deque<Runnable> beforeCreate = new ArrayDeque<>();
    /** Every call but list, in words: "create vlan eth0.100 on eth0 id 100", "up eth0", ... */
    final List<String> calls = new ArrayList<>();
    int opened;
    int closed;

    FakeHostLinks with(HostLink... add) {
        for (HostLink l : add) {
            links.put(l.name(), l);
        }
        return this;
    }

    HostLink get(String name) {
        return links.get(name);
    }

    Map<String, String> bondOptions(String bond) {
        return bondOptions.get(bond);
    }

    /** As a reboot does to what ifacer made: the link is gone. */
    void remove(String name) {
        links.remove(name);
    }

    /** The next call of {@code operation} ("create", "up", "down", "master") fails with {@code errno}. */
    FakeHostLinks failNext(String operation, int errno) {
        faults.computeIfAbsent(operation, k -> new ArrayDeque<>()).add(errno);
        return this;
    }

    /** Runs {@code r} just before the next create, as a concurrent ADD would. */
    FakeHostLinks beforeNextCreate(Runnable r) {
        beforeCreate.add(r);
        return this;
    }

    HostLinks.Opener opener() {
        return () -> {
            opened++;
            return this;
        };
    }

    @Override
    public List<HostLink> list() {
        return List.copyOf(links.values());
    }

    @Override
    public void createVlan(String name, String parent, int vlanId) throws NetlinkException {
        calls.add("create vlan " + name + " on " + parent + " id " + vlanId);
        create(name);
        require(parent, "create vlan " + name);
        links.put(name, new HostLink(name, "vlan", false, vlanId, parent, ""));
    }

    @Override
    public void createBond(String name, int mode, Map<String, String> options) throws NetlinkException {
        calls.add("create bond " + name + " mode " + mode + " " + options);
        create(name);
        links.put(name, new HostLink(name, "bond", false, 0, "", ""));
        bondOptions.put(name, options);
    }

    @Override
    public void setUp(String name) throws NetlinkException {
        calls.add("up " + name);
        HostLink l = change("up", name);
        links.put(name, new HostLink(name, l.kind(), true, l.vlanId(), l.parent(), l.master()));
    }

    @Override
    public void setDown(String name) throws NetlinkException {
        calls.add("down " + name);
        HostLink l = change("down", name);
        links.put(name, new HostLink(name, l.kind(), false, l.vlanId(), l.parent(), l.master()));
    }

    @Override
    public void setMaster(String name, String master) throws NetlinkException {
        calls.add("master " + name + " " + master);
        HostLink l = change("master", name);
        require(master, "master " + name);
        links.put(name, new HostLink(name, l.kind(), l.up(), l.vlanId(), l.parent(), master));
    }

    @Override
    public void close() {
        closed++;
    }

    private void create(String name) throws NetlinkException {
        if (!beforeCreate.isEmpty()) {
            beforeCreate.poll().run();
        }
        fault("create", "create " + name);
        if (links.containsKey(name)) {
            throw new NetlinkException("create " + name, HostLinkFailures.EEXIST);
        }
    }

    private HostLink change(String operation, String name) throws NetlinkException {
        fault(operation, operation + " " + name);
        return require(name, operation + " " + name);
    }

    private HostLink require(String name, String what) throws NetlinkException {
        HostLink l = links.get(name);
        if (l == null) {
            throw new NetlinkException(what + ": no link " + name, HostLinkFailures.ENODEV);
        }
        return l;
    }

    private void fault(String operation, String what) throws NetlinkException {
        Deque<Integer> pending = faults.get(operation);
        if (pending != null && !pending.isEmpty()) {
            throw new NetlinkException(what, pending.poll());
        }
    }
}
