package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.PodIdentity;
import io.spidernet.spiderpool.cni.AgentSocketCalls;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code helm install --wait} of deploy/helm/spiderpool, dual stack with both cluster-default pools and
 * metrics on, against fabric8's mock API server: Helm renders the chart; the CRDs and the release's
 * objects are created; the controller and the agent run as processes with exactly the environment,
 * arguments and mounted conf.yml their rendered containers have ({@link PodLaunch}); once both answer
 * their own readiness probes the post-install hooks (SpiderCoordinator, subnets, pools) are created, as
 * Helm does after {@code --wait}; then an allocation through the agent's CNI socket gets an address of
 * each default pool. Also checked: the controller put its CA into the chart's webhook configurations,
 * every metric the chart's alerts and dashboard query is served, and every API call both apps made is
 * allowed by the chart's own RBAC.
 */
class HelmChartInstallE2ETest {
    private static final String NODE = "node-1";
    private static final String POD_NAMESPACE = "default";

    @Test
    void installedChartServesAnAllocationFromItsDefaultPools() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(AgentProcess.agentJar()) && Files.isRegularFile(ControllerProcess.controllerJar()),
                "skipped: build spiderpool-agent and spiderpool-controller first (their packaged apps are run)");
        HelmChart.Rendered chart = HelmChart.render(HelmValues.merge(HelmValues.DUAL_STACK_POOLS, HelmValues.METRICS));
        Path root = Files.createTempDirectory("helm-e2e");
        try (CountingApiServer api = new CountingApiServer()) {
            KubernetesClient client = api.client();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(HelmChart.NAMESPACE).endMetadata().build()).create();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(POD_NAMESPACE).endMetadata().build()).create();
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().build()).create();
            // the CRDs are in the API server already (CountingApiServer installs deploy/crds, which the chart's crds/ equal)
            long t0 = System.nanoTime();
            for (HasMetadata o : chart.objects()) {
                client.resource(o).create();
            }
            long applied = System.nanoTime();

            List<ConfigMap> configMaps = chart.of(ConfigMap.class);
            PodSpec controllerPod = chart.one(Deployment.class, "spiderpool-controller").getSpec().getTemplate().getSpec();
            PodSpec agentPod = chart.one(DaemonSet.class, "spiderpool-agent").getSpec().getTemplate().getSpec();
            try (PodLaunch controller = PodLaunch.start(controllerPod.getContainers().getFirst(), controllerPod, configMaps,
                    new PodLaunch.Pod("spiderpool-controller-0", HelmChart.NAMESPACE, NODE), ControllerProcess.controllerJar(),
                    root.resolve("controller"), api.url(), ControllerProcess.IDENTITY);
                 PodLaunch agent = PodLaunch.start(agentPod.getContainers().getFirst(), agentPod, configMaps,
                         new PodLaunch.Pod("spiderpool-agent-x1", HelmChart.NAMESPACE, NODE), AgentProcess.agentJar(),
                         root.resolve("agent"), api.url(), AgentProcess.IDENTITY)) {
                Duration controllerReady = controller.awaitReady(Duration.ofSeconds(120));
                Duration agentReady = agent.awaitReady(Duration.ofSeconds(120));
                long ready = System.nanoTime();

                // tls.method auto: the controller made its certificate and trusted it in the chart's webhooks
                assertThat(client.secrets().inNamespace(HelmChart.NAMESPACE).withName("spiderpool-controller-server-certs").get())
                        .extracting(Secret::getData).satisfies(d -> assertThat(d).containsKeys("ca.crt", "tls.crt", "tls.key"));
                awaitCaBundle(client);

                // post-install hooks, by weight, as Helm creates them once --wait saw the release ready
                List<HasMetadata> hooks = new ArrayList<>(chart.hooks());
                hooks.sort(Comparator.comparing(h -> Integer.parseInt(h.getMetadata().getAnnotations().getOrDefault(
                        HelmChart.HOOK_MARK + "-weight", "0"))));
                hooks.forEach(h -> client.resource(h).create());

                Pod pod = client.resource(pod("helm-probe")).create();
                Path socket = agent.path(TestEnv.value(agentPod.getContainers().getFirst(), "SPIDERPOOL_AGENT_SOCKET_PATH"));
                long a0 = System.nanoTime();
                AllocateResponse got = allocateWhenPoolsAreSeen(new AgentSocketCalls(socket), pod);
                long firstAllocation = System.nanoTime() - a0;
                Pod second = client.resource(pod("helm-probe-2")).create();
                long b0 = System.nanoTime();
                AllocateResponse again = new AgentSocketCalls(socket).allocate(request(second));
                long secondAllocation = System.nanoTime() - b0;

                System.out.printf("Helm install E2E: %d objects + %d hooks; applied in %d ms; process start to readiness probe 200: controller %.1f s, agent %.1f s"
                                + " (both started together; %.1f s from apply to both ready); first allocation %d ms (incl. waiting for the agent to see the hook"
                                + " pools), next %d ms; result %s / %s%n",
                        chart.objects().size(), chart.hooks().size(), (applied - t0) / 1_000_000, controllerReady.toMillis() / 1000.0,
                        agentReady.toMillis() / 1000.0, (ready - applied) / 1e9, firstAllocation / 1_000_000, secondAllocation / 1_000_000,
                        addresses(got), addresses(again));
                assertThat(addresses(got)).hasSize(2).anyMatch(a -> a.startsWith("172.20.0.10/16")).anyMatch(a -> a.startsWith("fd00:20::10/64"));
                assertThat(addresses(again)).containsExactlyInAnyOrder("172.20.0.11/16", "fd00:20::11/64");

                Container agentSpec = agentPod.getContainers().getFirst();
                Container controllerSpec = controllerPod.getContainers().getFirst();
                String metrics = scrape(agent, agentSpec) + scrape(controller, controllerSpec);
                assertThat(HelmChartTest.metricNames(chart)).isNotEmpty()
                        .allSatisfy(name -> assertThat(metrics).as("metric %s served", name).containsPattern("(?m)^" + name + "[ {]"));
            }
            RbacPolicy rbac = RbacPolicy.of(chart.all());
            for (Map.Entry<String, String> id : Map.of(AgentProcess.IDENTITY, "spiderpool-agent",
                    ControllerProcess.IDENTITY, "spiderpool-controller").entrySet()) {
                List<RbacPolicy.Grant> grants = rbac.grantsOf(HelmChart.NAMESPACE, id.getValue());
                Set<ApiCall> calls = api.calls().of(id.getKey());
                assertThat(calls).as("calls of %s", id.getValue()).isNotEmpty()
                        .allSatisfy(c -> assertThat(RbacPolicy.allowing(grants, c)).as("chart RBAC allows %s", c).isPresent());
            }
        } finally {
            PodLaunch.uncheckedDelete(root);
        }
    }

    /** The agent's pool informer sees the hook pools a moment after they are created; until then ADD finds no pool. */
    private static AllocateResponse allocateWhenPoolsAreSeen(AgentSocketCalls calls, Pod pod) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < end) {
            try {
                return calls.allocate(request(pod));
            } catch (RuntimeException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw last;
    }

    private static void awaitCaBundle(KubernetesClient client) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            ValidatingWebhookConfiguration v = client.admissionRegistration().v1().validatingWebhookConfigurations()
                    .withName("spiderpool-controller").get();
            if (v.getWebhooks().stream().allMatch(w -> w.getClientConfig().getCaBundle() != null)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the controller did not set caBundle in the chart's ValidatingWebhookConfiguration");
    }

    private static String scrape(PodLaunch app, Container spec) throws IOException {
        int port = spec.getPorts().stream().filter(p -> p.getName().equals("metrics")).findFirst().orElseThrow().getContainerPort();
        try (InputStream in = URI.create("http://127.0.0.1:" + app.port(port) + "/metrics").toURL().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (KubernetesClientException e) {
            throw new IOException(e);
        }
    }

    private static AllocateRequest request(Pod pod) {
        return AllocateRequest.newBuilder().setContainerId("ctr-" + pod.getMetadata().getName()).setIfName("eth0")
                .setPod(PodIdentity.newBuilder().setNamespace(POD_NAMESPACE).setName(pod.getMetadata().getName())
                        .setUid(pod.getMetadata().getUid()))
                .build();
    }

    private static List<String> addresses(AllocateResponse r) {
        return r.getIpsList().stream().map(ip -> ip.getAddress()).toList();
    }

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withNamespace(POD_NAMESPACE).withName(name).withUid(UUID.randomUUID().toString())
                .withLabels(Map.of(CountingApiServer.NODE_LABEL, NODE)).endMetadata()
                .withNewSpec().withNodeName(NODE).endSpec().withNewStatus().withPhase("Running").endStatus().build();
    }

    /** A container's plain env value. */
    static final class TestEnv {
        private TestEnv() {}

        static String value(Container c, String name) {
            return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError(c.getName() + " has no env " + name)).getValue();
        }
    }
}
