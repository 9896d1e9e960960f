package io.spidernet.spiderpool.ctl;

/** The text of {@code spiderpoolctl --help}, built from {@link Command} and {@link ExitCode}. */
final class Help {
    private Help() {
    }

    static String text() {
        StringBuilder b = new StringBuilder("""
                spiderpoolctl: Spiderpool's pools, allocations and garbage collection, from the controller's admin API
                and the Kubernetes API (as your kubeconfig's user), or from a node's agent socket.

                Commands:
                """);
        for (Command c : Command.values()) {
            b.append(String.format("  %-36s %s%n", c.usage().substring("spiderpoolctl ".length()), c.summary()));
        }
        b.append("""

                Options:
                  -o, --output table|json|yaml   how to print the answer (default table)
                  --kubeconfig PATH              default: $KUBECONFIG, else ~/.kube/config; its user's token or client
                                                 certificate is used ($SPIDERPOOLCTL_TOKEN overrides both)
                  --context NAME                 a kubeconfig context other than the current one
                  --controller HOST:PORT         the admin API (default $SPIDERPOOLCTL_CONTROLLER, else 127.0.0.1:5723:
                                                 inside the controller pod, or through
                                                 kubectl -n kube-system port-forward deploy/spiderpool-controller 5723)
                  --controller-ca PATH           PEM CA to verify the controller with (default: the caBundle of
                                                 MutatingWebhookConfiguration spiderpool-controller, read as you)
                  --tls-server-name NAME         the name the controller's certificate is checked for
                                                 (default spiderpool-controller.kube-system.svc)
                  --timeout DURATION             per call, e.g. 30s (default), 2m, 500ms; at most 10m
                  --pool NAME                    pools, gc preview: only this pool (repeatable)
                  --per-node                     pools: one row per pool and node, the addresses allocated there
                  --releases-only                gc preview: only the records a scan would free
                  --nic NAME                     explain: the NIC (default eth0)
                  --default-ipv4-pool NAME       explain: the node's CNI default pools, if the pod relies on them
                  --default-ipv6-pool NAME         (repeatable)
                  --agent-socket PATH            endpoint, health: ask the node's agent instead (its CNI socket
                                                 /var/run/spidernet/spiderpool.sock or that socket's .d/grpc.sock; root)
                  --version, -h/--help

                Exit codes:
                """);
        for (ExitCode e : ExitCode.values()) {
            b.append(String.format("  %d  %s%n", e.status(), e.meaning()));
        }
        return b.toString();
    }
}
