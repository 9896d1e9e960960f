package io.spidernet.spiderpool.ctl;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The commands, the words that name them, their operand and the options each accepts. */
public enum Command {
    POOLS(List.of("pools"), null, "usage of every SpiderIPPool: total, allocated, free, the nodes it is bound to"
            + " (--per-node: allocations per node)", Set.of("pool", "per-node")),
    SUBNETS(List.of("subnets"), null, "usage of every SpiderSubnet: total, handed to pools, free", Set.of()),
    EXPLAIN(List.of("explain"), "NAMESPACE/POD", "every candidate pool for the pod, its verdict, and the address an ADD would take",
            Set.of("nic", "default-ipv4-pool", "default-ipv6-pool")),
    GC_PREVIEW(List.of("gc", "preview"), null, "what a garbage-collection scan would do now, record by record; frees nothing",
            Set.of("pool", "releases-only")),
    GC_RUN(List.of("gc", "run"), null, "run a garbage-collection scan now (the leader's) and say what it freed", Set.of()),
    ENDPOINT(List.of("endpoint"), "NAMESPACE/POD", "the pod's SpiderEndpoint: NICs, addresses, pools (or the agent's record with --agent-socket)",
            Set.of("agent-socket")),
    IPS(List.of("ips"), "POOL", "who holds each address of a SpiderIPPool", Set.of()),
    HEALTH(List.of("health"), null, "whether the node's agent serves (--agent-socket)", Set.of("agent-socket")),
    COMPLETION(List.of("completion"), "bash|zsh", "print a shell completion script", Set.of());

    /** Options every command that reaches the controller or the API server takes. */
    static final Set<String> CONNECTION = Set.of("kubeconfig", "context", "controller", "controller-ca", "tls-server-name",
            "timeout", "output");

    private final List<String> words;
    private final String operand;
    private final String summary;
    private final Set<String> options;

    Command(List<String> words, String operand, String summary, Set<String> options) {
        this.words = words;
        this.operand = operand;
        this.summary = summary;
        this.options = options;
    }

    public List<String> words() {
        return words;
    }

    /** The operand's name in usage, or null when the command takes none. */
    public String operand() {
        return operand;
    }

    public String summary() {
        return summary;
    }

    /** Whether {@code option} (without dashes) applies to this command. */
    boolean accepts(String option) {
        return options.contains(option) || (this != COMPLETION && CONNECTION.contains(option));
    }

    /** The command the leading words name, and how many words that took. */
    static Optional<Command> named(List<String> args) {
        return Arrays.stream(values()).filter(c -> args.size() >= c.words.size()
                && args.subList(0, c.words.size()).equals(c.words)).findFirst();
    }

    String usage() {
        return "spiderpoolctl " + String.join(" ", words) + (operand == null ? "" : " " + operand);
    }
}
