package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.spidernet.spiderpool.core.allocation.ControlledIpPoolsCodec;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ip.IpSet;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.model.SubnetSpec;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The reconcilers as the operator SDK runs them in the packaged controller (its event wiring is what
 * this checks; the rules are checked by the controller module's tests): a Deployment asking for an
 * auto-pool gets one sized replicas + 1, follows a scale-up, and takes it away when deleted; a manual
 * pool of the subnet's CIDR is adopted.
 */
class ControllerReconcilersE2ETest {

    @Test
    void I00003_aDeploymentsAutoPoolFollowsItThroughScaleAndDeletionAndAManualPoolIsAdopted() throws Exception {
        Assumptions.assumeTrue(Files.exists(ControllerProcess.controllerJar()),
                "controller app not built at " + ControllerProcess.controllerJar() + "; run mvn install from the root");
        try (CountingApiServer api = new CountingApiServer();
             ControllerProcess controller = ControllerProcess.launch("ctl", api.url(),
                     Map.of("spiderpool.controller.leader-election.mode", "always",
                             "spiderpool.controller.metric-renew-period", "1s",
                             "spiderpool.controller.metrics.enabled", "true"))) {
            KubernetesClient client = api.client();
            SpiderSubnet subnet = new SpiderSubnet();
            subnet.setMetadata(new ObjectMetaBuilder().withName("s4").build());
            SubnetSpec spec = new SubnetSpec();
            spec.setIpVersion(IpVersion.IPV4);
            spec.setSubnet("10.60.0.0/24");
            spec.setIps(List.of("10.60.0.10-10.60.0.100"));
            spec.setGateway("10.60.0.1");
            subnet.setSpec(spec);
            client.resource(subnet).create();
            Deployment web = client.apps().deployments().inNamespace("team").resource(deployment(2)).create();

            await("the auto-pool", () -> autoPool(client).map(p -> ips(p).size().intValue() == 3).orElse(false), controller);
            SpiderIPPool pool = autoPool(client).orElseThrow();
            assertThat(pool.getMetadata().getLabels()).containsEntry(SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_UID,
                    web.getMetadata().getUid());
            assertThat(pool.getSpec().getGateway()).isEqualTo("10.60.0.1");
            await("the subnet's record of it", () -> recorded(client).contains(pool.getMetadata().getName()), controller);

            Deployment scaled = client.apps().deployments().inNamespace("team").withName("web").get();
            scaled.getSpec().setReplicas(4);
            client.apps().deployments().resource(scaled).update();
            await("the scale-up", () -> autoPool(client).map(p -> ips(p).size().intValue() == 5).orElse(false), controller);

            SpiderIPPool manual = new SpiderIPPool();
            manual.setMetadata(new ObjectMetaBuilder().withName("manual").build());
            IPPoolSpec m = new IPPoolSpec();
            m.setIpVersion(IpVersion.IPV4);
            m.setSubnet("10.60.0.0/24");
            m.setIps(List.of("10.60.0.90-10.60.0.95"));
            manual.setSpec(m);
            client.resource(manual).create();
            await("the manual pool's adoption", () -> {
                SpiderIPPool p = client.resources(SpiderIPPool.class).withName("manual").get();
                return p.getMetadata().getOwnerReferences() != null && !p.getMetadata().getOwnerReferences().isEmpty()
                        && "10.60.0.1".equals(p.getSpec().getGateway()) && recorded(client).contains("manual");
            }, controller);

            client.apps().deployments().inNamespace("team").withName("web").delete();
            await("the auto-pool's reclaim", () -> autoPool(client).isEmpty()
                    && !recorded(client).contains(pool.getMetadata().getName()), controller);

            await("the inventory gauges", () -> metrics(controller).contains("spiderpool_total_subnet_counts 1.0")
                    && metrics(controller).contains("spiderpool_total_ippool_counts 1.0"), controller);
        }
    }

    /** The controller's /metrics, on the metrics port it logged; empty until it answers. */
    private static String metrics(ControllerProcess controller) {
        try {
            java.util.regex.Matcher port = java.util.regex.Pattern.compile("metrics on http://[^:]+:(\\d+)/metrics").matcher(controller.log());
            if (!port.find()) {
                return "";
            }
            var http = java.net.http.HttpClient.newHttpClient();
            return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port.group(1) + "/metrics"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static Deployment deployment(int replicas) {
        Map<String, String> labels = Map.of("app", "web");
        return new DeploymentBuilder().withNewMetadata().withNamespace("team").withName("web").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels)
                .withAnnotations(Map.of(SpiderpoolAnnotations.SUBNET, "{\"ipv4\":[\"s4\"]}")).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("registry.k8s.io/pause:3.10").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    private static Optional<SpiderIPPool> autoPool(KubernetesClient client) {
        return client.resources(SpiderIPPool.class).list().getItems().stream().filter(SpiderIPPool::isAutoCreated).findFirst();
    }

    private static IpSet ips(SpiderIPPool pool) {
        return IpSet.parse(IpFamily.V4, pool.getSpec().getIps());
    }

    private static java.util.Set<String> recorded(KubernetesClient client) {
        SpiderSubnet s = client.resources(SpiderSubnet.class).withName("s4").get();
        return s.getStatus() == null ? java.util.Set.of() : ControlledIpPoolsCodec.decode(s.getStatus().getControlledIPPools()).keySet();
    }

    private static void await(String what, BooleanSupplier done, ControllerProcess controller) throws Exception {
        Instant end = Instant.now().plus(Duration.ofSeconds(60));
        while (!done.getAsBoolean()) {
            if (!controller.isAlive() || Instant.now().isAfter(end)) {
                throw new AssertionError((controller.isAlive() ? "timed out" : "the controller exited") + " waiting for "
                        + what + "\n--- controller log ---\n" + controller.log());
            }
            Thread.sleep(100);
        }
    }
}
