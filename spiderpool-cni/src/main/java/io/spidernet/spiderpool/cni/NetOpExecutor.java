package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.coordinator.CoordinatorPlan;
import io.spidernet.spiderpool.core.coordinator.NetOp;
import io.spidernet.spiderpool.netlink.NetlinkSocket;
import io.spidernet.spiderpool.netlink.Netns;
import io.spidernet.spiderpool.netlink.NetnsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Applies a {@link CoordinatorPlan}: its pod ops in order inside the pod's namespace (on the
 * platform thread {@link Netns#run} enters it with), then its host ops in order in the namespace
 * of the calling thread, which is the host's. The first op that fails stops the run with a
 * {@link CniError} naming the op, the namespace and the kernel's errno text; every op is
 * idempotent (see {@link NetOpSession}), so the runtime's retry of ADD starts over safely.
 */
final class NetOpExecutor {
    private final IptablesCommand iptables;
    private final Consumer<String> log;

    /** {@code log}: where best-effort failures go (the plugin's stderr, which runtimes keep). */
    NetOpExecutor(IptablesCommand iptables, Consumer<String> log) {
        this.iptables = iptables;
        this.log = log;
    }

    void apply(Path podNetns, CoordinatorPlan plan) throws Exception {
        List<String> hostEnds = new ArrayList<>();
        if (!plan.pod().isEmpty()) {
            hostEnds = applyInPod(podNetns, plan.pod());
        }
        applyInHost(upFirst(hostEnds, plan.host()));
    }

    /** The host ops alone (DEL: the pod's side dies with its namespace). */
    void applyInHost(List<NetOp> ops) throws IOException {
        if (ops.isEmpty()) {
            return;
        }
        try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
            run(new NetOpSession(socket, -1, iptables, log), ops, "the host's namespace");
        }
    }

    /**
     * The veth's host end is made from inside the pod's namespace and comes up in the host phase:
     * a netlink socket is bound to the namespace it was opened in, and ours is confined to the
     * thread that opened it, so the pod's thread cannot bring it up itself.
     */
    private static List<NetOp> upFirst(List<String> hostEnds, List<NetOp> hostOps) {
        List<NetOp> ops = new ArrayList<>();
        hostEnds.forEach(end -> ops.add(new NetOp.SetLinkUp(end)));
        ops.addAll(hostOps);
        return ops;
    }

    private List<String> applyInPod(Path podNetns, List<NetOp> ops) throws Exception {
        boolean makesVeth = ops.stream().anyMatch(op -> op instanceof NetOp.CreateVethPair);
        // the host's namespace, named by a descriptor opened here, before the pod's thread leaves it
        try (NetnsFile host = makesVeth ? NetnsFile.current() : null) {
            int hostFd = host == null ? -1 : host.fd();
            return Netns.run(podNetns, () -> {
                try (NetlinkSocket socket = NetlinkSocket.openRoute()) {
                    NetOpSession session = new NetOpSession(socket, hostFd, iptables, log);
                    run(session, ops, "the pod's namespace " + podNetns);
                    return session.createdHostEnds();
                }
            });
        }
    }

    /** In order; consecutive iptables rules of one family go to iptables together (see {@link IptablesCommand}). */
    private static void run(NetOpSession session, List<NetOp> ops, String where) {
        for (int i = 0; i < ops.size(); ) {
            NetOp op = ops.get(i);
            List<NetOp.Iptables> rules = iptablesRun(ops, i);
            try {
                if (rules.isEmpty()) {
                    session.apply(op);
                } else {
                    session.ensureIptables(rules);
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof CniError c) {
                    throw c;
                }
                throw failed(op, where, e);
            }
            i += Math.max(1, rules.size());
        }
    }

    /** The iptables ops of one family that start at {@code from}; empty when that op is not one. */
    private static List<NetOp.Iptables> iptablesRun(List<NetOp> ops, int from) {
        List<NetOp.Iptables> run = new ArrayList<>();
        for (int i = from; i < ops.size() && ops.get(i) instanceof NetOp.Iptables rule
                && rule.family() == ((NetOp.Iptables) ops.get(from)).family(); i++) {
            run.add(rule);
        }
        return run;
    }

    private static CniError failed(NetOp op, String where, Exception e) {
        String cause = e instanceof IOException ? e.getMessage() : e.toString();
        return new CniError.IoFailure("coordinator: " + NetOpText.describe(op) + " in " + where + ": " + cause,
                "the coordinator stopped at this change; the runtime's retry redoes what is done already"
                        + " without harm; if it keeps failing, compare with `ip route`, `ip rule` and"
                        + " `ip neigh` in that namespace");
    }
}
