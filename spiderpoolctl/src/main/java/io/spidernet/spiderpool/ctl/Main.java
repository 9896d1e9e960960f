package io.spidernet.spiderpool.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.spidernet.spiderpool.api.controller.v1.ExplainAllocationRequest;
import io.spidernet.spiderpool.api.controller.v1.GcPreviewRequest;
import io.spidernet.spiderpool.api.controller.v1.PoolUsageRequest;
import io.spidernet.spiderpool.api.controller.v1.PoolUsageResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** spiderpoolctl: parses the command line, runs one command, prints its answer, exits with an {@link ExitCode}. */
public final class Main {
    private final Map<String, String> env;

    private Main(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        int status = run(Arrays.asList(args), System.getenv(), System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /** Runs one command line; the status to exit with. */
    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.contains("--help") || args.contains("-h") || args.getFirst().equals("help")) {
            out.print(Help.text());
            return args.isEmpty() ? ExitCode.USAGE.status() : ExitCode.OK.status();
        }
        if (args.equals(List.of("--version")) || args.equals(List.of("version"))) {
            out.println("spiderpoolctl " + version());
            return ExitCode.OK.status();
        }
        try {
            Invocation inv = Invocation.parse(args);
            out.print(new Main(env).execute(inv));
            return ExitCode.OK.status();
        } catch (CtlException e) {
            err.println("spiderpoolctl: " + e.getMessage());
            return e.exit().status();
        }
    }

    private String execute(Invocation inv) {
        return switch (inv.command()) {
            case COMPLETION -> Completion.script(inv.operand());
            case POOLS -> admin(inv, c -> {
                PoolUsageResponse usage = c.poolUsage(PoolUsageRequest.newBuilder().addAllPoolNames(inv.all("pool")).build());
                return inv.flag("per-node") ? Views.poolsPerNode(usage) : Views.pools(usage);
            });
            case SUBNETS -> admin(inv, c -> Views.subnets(c.poolUsage(PoolUsageRequest.getDefaultInstance())));
            case EXPLAIN -> {
                String[] pod = inv.podRef();
                yield admin(inv, c -> Views.explain(inv.operand(), c.explain(ExplainAllocationRequest.newBuilder().setPodNamespace(pod[0])
                        .setPodName(pod[1]).setIfName(inv.option("nic").orElse("")).addAllDefaultIpv4Ippool(inv.all("default-ipv4-pool"))
                        .addAllDefaultIpv6Ippool(inv.all("default-ipv6-pool")).build())));
            }
            case GC_PREVIEW -> admin(inv, c -> Views.gcPreview(c.gcPreview(GcPreviewRequest.newBuilder()
                    .setReleasesOnly(inv.flag("releases-only")).addAllPoolNames(inv.all("pool")).build())));
            case GC_RUN -> admin(inv, c -> Views.gcRun(c.triggerGc()));
            case ENDPOINT -> {
                String[] pod = inv.podRef();
                if (inv.option("agent-socket").isPresent()) {
                    try (AgentClient agent = new AgentClient(inv.option("agent-socket").get(), inv.timeout())) {
                        yield Views.endpoint(agent.endpoint(pod[0], pod[1])).render(inv.output());
                    }
                }
                JsonNode ep = kube(inv).get("/apis/spiderpool.spidernet.io/v2beta1/namespaces/" + pod[0] + "/spiderendpoints/" + pod[1],
                        "SpiderEndpoint " + inv.operand() + " (the pod has no address from Spiderpool, or no such pod)");
                yield Views.endpoint(ep).render(inv.output());
            }
            case IPS -> Views.ips(kube(inv).get("/apis/spiderpool.spidernet.io/v2beta1/spiderippools/" + inv.operand(),
                    "SpiderIPPool " + inv.operand())).render(inv.output());
            case HEALTH -> {
                String socket = inv.option("agent-socket").orElse("");
                try (AgentClient agent = new AgentClient(socket, inv.timeout())) {
                    yield Views.health(AgentClient.grpcSocket(socket).toString(), agent.healthy()).render(inv.output());
                }
            }
        };
    }

    private String admin(Invocation inv, java.util.function.Function<AdminClient, Output> call) {
        Kubeconfig config = kubeconfig(inv);
        byte[] ca;
        String caSource;
        if (inv.option("controller-ca").isPresent()) {
            caSource = "--controller-ca " + inv.option("controller-ca").get();
            try {
                ca = Files.readAllBytes(Path.of(inv.option("controller-ca").get()));
            } catch (IOException e) {
                throw CtlException.usage("cannot read " + caSource + ": " + e.getMessage());
            }
        } else {
            caSource = "the caBundle of MutatingWebhookConfiguration spiderpool-controller";
            ca = controllerCa(new KubeApi(config, inv.timeout()));
        }
        String address = inv.option("controller").orElse(env.getOrDefault("SPIDERPOOLCTL_CONTROLLER", AdminClient.DEFAULT_ADDRESS));
        try (AdminClient client = new AdminClient(address, inv.option("tls-server-name").orElse(AdminClient.DEFAULT_SERVER_NAME),
                ca, caSource, config.token(), config.keyManager(), inv.timeout())) {
            return call.apply(client).render(inv.output());
        }
    }

    /**
     * The CA the API server itself trusts when it calls the controller's webhooks: the controller
     * keeps it in its webhook configurations, which the same certificate serves as the admin port.
     * Reading it needs get on mutatingwebhookconfigurations, not on the Secret that holds the key.
     */
    private static byte[] controllerCa(KubeApi api) {
        JsonNode config = api.get("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/spiderpool-controller",
                "MutatingWebhookConfiguration spiderpool-controller (is Spiderpool installed? else give --controller-ca)");
        for (JsonNode webhook : config.path("webhooks")) {
            String bundle = webhook.path("clientConfig").path("caBundle").asText("");
            if (!bundle.isEmpty()) {
                return Base64.getDecoder().decode(bundle);
            }
        }
        throw new CtlException(ExitCode.SERVER, "MutatingWebhookConfiguration spiderpool-controller has no caBundle yet:"
                + " the controller writes it when it starts; wait, or give --controller-ca");
    }

    private KubeApi kube(Invocation inv) {
        return new KubeApi(kubeconfig(inv), inv.timeout());
    }

    private Kubeconfig kubeconfig(Invocation inv) {
        return Kubeconfig.load(Kubeconfig.locate(inv.option("kubeconfig").orElse(null), env), inv.option("context").orElse(null),
                env.get("SPIDERPOOLCTL_TOKEN"));
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }
}
