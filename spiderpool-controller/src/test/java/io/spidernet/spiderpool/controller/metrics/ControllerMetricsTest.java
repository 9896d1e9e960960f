package io.spidernet.spiderpool.controller.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import io.spidernet.spiderpool.controller.gc.GarbageCollector;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.model.SubnetSpec;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code SPIDERPOOL_ENABLED_METRIC=true} (and debug metrics) the controller serves every metric
 * upstream documents and its Grafana dashboard queries, on the metrics port.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(ControllerMetricsTest.MetricsOn.class)
class ControllerMetricsTest {

    public static class MetricsOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("spiderpool.controller.metrics.enabled", "true", "spiderpool.controller.debug-metrics", "true");
        }
    }

    /** upstream-ipam §9 (documented ≤ v1.1 names) and the controller metrics grafana-ipam.json queries. */
    static final List<String> DOCUMENTED = List.of(
            "spiderpool_ip_gc_counts_total",
            "spiderpool_ip_gc_failure_counts_total",
            "spiderpool_total_ippool_counts",
            "spiderpool_total_subnet_counts",
            "spiderpool_debug_ippool_total_ip_counts",
            "spiderpool_debug_ippool_available_ip_counts",
            "spiderpool_debug_subnet_ippool_counts",
            "spiderpool_debug_subnet_total_ip_counts",
            "spiderpool_debug_subnet_available_ip_counts");

    @Inject
    MetricsServer server;

    @Inject
    KubernetesClient client;

    @Inject
    InventoryMetrics inventory;

    @Inject
    GarbageCollector gc;

    @Test
    void everyDocumentedNameIsServed() throws IOException {
        for (String plural : List.of("spiderippools", "spidersubnets")) {
            try (InputStream in = Files.newInputStream(Path.of("../deploy/crds/" + plural + ".spiderpool.spidernet.io.yaml"))) {
                client.apiextensions().v1().customResourceDefinitions().load(in).createOr(c -> c.update());
            }
        }
        client.resource(pool()).createOr(c -> c.update());
        client.resource(subnet()).createOr(c -> c.update());
        // the GC's counters exist once it does; the per-pool and per-subnet gauges once there is one of each
        assertThat(gc).isNotNull();
        inventory.renew();

        String text = RestAssured.get("http://localhost:" + server.port().orElseThrow() + "/metrics")
                .then().statusCode(200).extract().asString();
        assertThat(DOCUMENTED).allSatisfy(name -> assertThat(text).containsPattern("(?m)^" + name + "[ {]"));
    }

    private static SpiderIPPool pool() {
        SpiderIPPool pool = new SpiderIPPool();
        pool.setMetadata(new ObjectMetaBuilder().withName("metrics-pool").build());
        IPPoolSpec spec = new IPPoolSpec();
        spec.setIpVersion(IpVersion.IPV4);
        spec.setSubnet("10.7.0.0/24");
        spec.setIps(List.of("10.7.0.1-10.7.0.10"));
        pool.setSpec(spec);
        return pool;
    }

    private static SpiderSubnet subnet() {
        SpiderSubnet subnet = new SpiderSubnet();
        subnet.setMetadata(new ObjectMetaBuilder().withName("metrics-subnet").build());
        SubnetSpec spec = new SubnetSpec();
        spec.setIpVersion(IpVersion.IPV4);
        spec.setSubnet("10.8.0.0/24");
        spec.setIps(List.of("10.8.0.1-10.8.0.10"));
        subnet.setSpec(spec);
        return subnet;
    }

    /** The metrics port only answers GET /metrics: it reads, it takes nothing in. */
    @Test
    void theMetricsPortRefusesOtherMethodsAndPaths() {
        String base = "http://localhost:" + server.port().orElseThrow();
        RestAssured.given().body("x".repeat(1 << 20)).post(base + "/metrics").then().statusCode(405).header("Allow", "GET");
        RestAssured.get(base + "/metrics/../q/health").then().statusCode(404);
        RestAssured.get(base + "/").then().statusCode(404);
    }
}
