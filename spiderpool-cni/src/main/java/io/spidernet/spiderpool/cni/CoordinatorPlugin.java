package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.cni.CniCommand;
import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.cni.CniRequest;
import io.spidernet.spiderpool.core.cni.JsonWriter;
import io.spidernet.spiderpool.core.coordinator.CoordinatorDefaults;
import io.spidernet.spiderpool.core.coordinator.CoordinatorMode;
import io.spidernet.spiderpool.core.coordinator.CoordinatorNetConf;
import io.spidernet.spiderpool.core.coordinator.CoordinatorPlan;
import io.spidernet.spiderpool.core.coordinator.CoordinatorPlanner;
import io.spidernet.spiderpool.core.coordinator.CoordinatorSettings;
import io.spidernet.spiderpool.core.coordinator.PodFacts;
import io.spidernet.spiderpool.core.ip.IpAddress;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@code coordinator} verbs (§4 of the upstream notes). ADD: the agent's coordinator config
 * merged under the netconf's, the kernel read once into {@link PodFacts}, core's planner, the
 * executor, then prevResult printed (with the NIC's new MAC when podMACPrefix changed it). DEL is
 * best-effort and needs no agent. CHECK, STATUS and GC succeed without doing anything: the
 * coordinator keeps no state of its own.
 */
final class CoordinatorPlugin implements CniPlugin {
    /**
     * DEL asks the agent only for hostRuleTable, and works without it: a hung agent must not hold
     * the runtime's DEL for the 100 s an ADD may wait (kubelet would retry, stacking DELs).
     */
    static final long DEL_AGENT_BUDGET_MILLIS = 3_000;

    private final long agentTimeoutMillis;
    private final Consumer<String> log;

    /** {@code log}: best-effort failures (a gratuitous ARP not sent), the process's stderr in the binary. */
    CoordinatorPlugin(long agentTimeoutMillis, Consumer<String> log) {
        this.agentTimeoutMillis = agentTimeoutMillis;
        this.log = log;
    }

    @Override
    public Reply handle(Map<String, String> env, InputStream stdin) {
        return CniInvocation.handle(env, stdin, "coordinator: ", (request, config) -> {
            if (request.command() == CniCommand.STATUS || request.command() == CniCommand.GC) {
                // CNI 1.1: nothing to be ready for and no attachments of its own to collect
                return new Reply("", 0);
            }
            CoordinatorNetConf conf = CoordinatorNetConf.parse(config);
            return switch (request.command()) {
                case ADD -> add(request, conf, executor(env));
                case DEL -> del(request, conf, executor(env));
                default -> new Reply("", 0); // CHECK: nothing is recorded to check against, as upstream
            };
        });
    }

    /** iptables and ip6tables are looked up on the PATH the runtime gave the plugin, then in the usual places. */
    private NetOpExecutor executor(Map<String, String> env) {
        return new NetOpExecutor(new IptablesCommand(env.getOrDefault("PATH", "")), log);
    }

    private Reply add(CniRequest request, CoordinatorNetConf conf, NetOpExecutor executor) {
        CoordinatorSettings settings = CoordinatorSettings.merge(conf,
                disabledInNetconf(conf) ? CoordinatorDefaults.builtIn() : agentDefaults(request, conf, agentTimeoutMillis));
        if (settings.mode() == CoordinatorMode.DISABLED) {
            return printPrevResult(conf);
        }
        if (conf.prevResult() == null) {
            throw new CniError.InvalidNetworkConfig("the coordinator needs \"prevResult\": it is a chained plugin",
                    "put the coordinator after the plugin that makes the interface (macvlan, ipvlan, sriov, ...)"
                            + " in the conflist; the runtime then passes that plugin's result as prevResult");
        }
        Path netns = Path.of(request.netns());
        PodFacts pod = CoordinatorKernel.read(new PodFactsReader(), netns);
        CoordinatorPlan plan = CoordinatorPlanner.plan(settings, request.ifName(), request.containerId(), pod);
        CoordinatorKernel.apply(executor, netns, plan);
        return plan.macSetOn(request.ifName())
                .map(mac -> new Reply(JsonWriter.write(withMac(resultIn(conf), request.ifName(), request.netns(), mac)), 0))
                .orElseGet(() -> printPrevResult(conf));
    }

    /**
     * The result with {@code ifName}'s MAC in the pod replaced: the runtime hands the chain's result
     * to CHECK, and the main plugin's CHECK (Debian's macvlan, for one) compares the MAC there with
     * the NIC's; upstream's coordinator leaves the old one, so CHECK fails after podMACPrefix.
     */
    static Map<String, Object> withMac(Map<String, Object> result, String ifName, String netns, String mac) {
        if (!(result.get("interfaces") instanceof List<?> interfaces)) {
            return result;
        }
        List<Object> updated = new ArrayList<>();
        for (Object entry : interfaces) {
            if (entry instanceof Map<?, ?> nic && ifName.equals(nic.get("name")) && netns.equals(nic.get("sandbox"))) {
                Map<String, Object> copy = new LinkedHashMap<>();
                nic.forEach((k, v) -> copy.put(String.valueOf(k), v));
                copy.put("mac", mac);
                updated.add(copy);
            } else {
                updated.add(entry);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>(result);
        out.put("interfaces", updated);
        return out;
    }

    /**
     * Best-effort (§12 #10): the agent's hostRuleTable when it answers, the netconf's or 500
     * otherwise; a namespace that is gone took the pod's side with it, and what is already gone
     * on the host counts as deleted.
     */
    private Reply del(CniRequest request, CoordinatorNetConf conf, NetOpExecutor executor) {
        if (disabledInNetconf(conf)) {
            return new Reply("", 0);
        }
        CoordinatorDefaults agent;
        try {
            agent = agentDefaults(request, conf, Math.min(agentTimeoutMillis, DEL_AGENT_BUDGET_MILLIS));
        } catch (CniError e) {
            agent = CoordinatorDefaults.builtIn();
        }
        CoordinatorSettings settings = mergeForDel(conf, agent);
        if (settings != null && settings.mode() == CoordinatorMode.DISABLED) {
            return new Reply("", 0);
        }
        int hostRuleTable = settings != null ? settings.hostRuleTable() : hostRuleTableOf(conf);
        // without CNI_NETNS (allowed for DEL) or with the namespace gone no pod IPs are known, and
        // none are needed but for legacy rules; the host veth is deleted regardless (§12 #10)
        List<IpAddress> podIps = request.netns().isEmpty() ? null
                : CoordinatorKernel.podIpsIfPresent(new PodFactsReader(), Path.of(request.netns()));
        if (podIps == null) {
            podIps = List.of();
        }
        CoordinatorKernel.applyInHost(executor,
                CoordinatorPlanner.planDel(request.containerId(), hostRuleTable, podIps));
        return new Reply("", 0);
    }

    /**
     * A SpiderCoordinator value that no longer validates, or a netconf value that never did, must
     * not keep a pod from being deleted; null when the netconf itself does not validate.
     */
    private CoordinatorSettings mergeForDel(CoordinatorNetConf conf, CoordinatorDefaults agent) {
        try {
            return CoordinatorSettings.merge(conf, agent);
        } catch (CniError e) {
            try {
                return CoordinatorSettings.merge(conf, CoordinatorDefaults.builtIn());
            } catch (CniError invalidNetconf) {
                // the netconf's own value is invalid (it failed ADD too): refusing DEL would stop the
                // runtime's chain here, and macvlan's and the IPAM's DEL would never free the address
                log.accept("coordinator: DEL goes on despite the network configuration: " + invalidNetconf.getMessage());
                return null;
            }
        }
    }

    /** The netconf's hostRuleTable when it is usable, otherwise the built-in one. */
    private static int hostRuleTableOf(CoordinatorNetConf conf) {
        Long table = conf.hostRuleTable();
        return table != null && table > 0 && table < Integer.MAX_VALUE ? table.intValue()
                : CoordinatorDefaults.DEFAULT_HOST_RULE_TABLE;
    }

    /** Disabled by the netconf itself: nothing to ask the agent, which may not even run. */
    private static boolean disabledInNetconf(CoordinatorNetConf conf) {
        return conf.mode() != null && CoordinatorMode.find(conf.mode()) == CoordinatorMode.DISABLED;
    }

    private static CoordinatorDefaults agentDefaults(CniRequest request, CoordinatorNetConf conf, long timeoutMillis) {
        AgentClient agent = new AgentClient(Path.of(conf.agentSocketPath()), timeoutMillis);
        return agent.coordinatorConfig(AgentRequests.coordinatorConfig(request));
    }

    /**
     * prevResult exactly as received when it already carries the netconf's version; otherwise
     * re-encoded with that version, which is the one the runtime reads the result in.
     */
    private static Reply printPrevResult(CoordinatorNetConf conf) {
        String version = conf.cniVersion().text();
        if (conf.prevResult() != null && version.equals(conf.prevResult().get("cniVersion"))) {
            return new Reply(conf.prevResultJson(), 0);
        }
        return new Reply(JsonWriter.write(resultIn(conf)), 0);
    }

    /** prevResult in the netconf's version (the one the runtime reads the result in). */
    private static Map<String, Object> resultIn(CoordinatorNetConf conf) {
        String version = conf.cniVersion().text();
        if (conf.prevResult() == null) {
            return Map.of("cniVersion", version);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("cniVersion", version);
        conf.prevResult().forEach((k, v) -> {
            if (!k.equals("cniVersion")) {
                result.put(k, v);
            }
        });
        return result;
    }


}
