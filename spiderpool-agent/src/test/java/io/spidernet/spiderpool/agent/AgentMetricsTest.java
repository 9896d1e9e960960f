package io.spidernet.spiderpool.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.spidernet.spiderpool.agent.metrics.MetricsServer;
import io.spidernet.spiderpool.agent.socket.FramedClient;
import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code SPIDERPOOL_ENABLED_METRIC=true} the agent serves every metric upstream documents and its
 * Grafana dashboard queries, on the metrics port and not on the health port.
 */
@QuarkusTest
@TestProfile(AgentMetricsTest.MetricsOn.class)
class AgentMetricsTest {

    public static class MetricsOn extends TempDirsProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("spiderpool.agent.metrics.enabled", "true");
            overrides.put("spiderpool.agent.metrics.debug", "true");
            return overrides;
        }
    }

    /**
     * upstream-ipam §9 (the documented ≤ v1.1 names) and every agent metric that
     * charts/spiderpool/files/grafana-ipam.json queries, as series names in Prometheus' text format.
     */
    static final List<String> DOCUMENTED = List.of(
            "spiderpool_ipam_allocation_counts_total",
            "spiderpool_ipam_allocation_failure_counts_total",
            "spiderpool_ipam_allocation_update_ippool_conflict_counts_total",
            "spiderpool_ipam_allocation_err_internal_counts_total",
            "spiderpool_ipam_allocation_err_no_available_pool_counts_total",
            "spiderpool_ipam_allocation_err_retries_exhausted_counts_total",
            "spiderpool_ipam_allocation_err_ip_used_out_counts_total",
            "spiderpool_ipam_allocation_average_duration_seconds",
            "spiderpool_ipam_allocation_max_duration_seconds",
            "spiderpool_ipam_allocation_min_duration_seconds",
            "spiderpool_ipam_allocation_latest_duration_seconds",
            "spiderpool_ipam_allocation_duration_seconds_bucket",
            "spiderpool_ipam_allocation_average_limit_duration_seconds",
            "spiderpool_ipam_allocation_max_limit_duration_seconds",
            "spiderpool_ipam_allocation_min_limit_duration_seconds",
            "spiderpool_ipam_allocation_latest_limit_duration_seconds",
            "spiderpool_ipam_allocation_limit_duration_seconds_bucket",
            "spiderpool_ipam_release_counts_total",
            "spiderpool_ipam_release_failure_counts_total",
            "spiderpool_ipam_release_update_ippool_conflict_counts_total",
            "spiderpool_ipam_release_err_internal_counts_total",
            "spiderpool_ipam_release_err_retries_exhausted_counts_total",
            "spiderpool_ipam_release_average_duration_seconds",
            "spiderpool_ipam_release_max_duration_seconds",
            "spiderpool_ipam_release_min_duration_seconds",
            "spiderpool_ipam_release_latest_duration_seconds",
            "spiderpool_ipam_release_duration_seconds_bucket",
            "spiderpool_ipam_release_average_limit_duration_seconds",
            "spiderpool_ipam_release_max_limit_duration_seconds",
            "spiderpool_ipam_release_min_limit_duration_seconds",
            "spiderpool_ipam_release_latest_limit_duration_seconds",
            "spiderpool_ipam_release_limit_duration_seconds_bucket",
            "spiderpool_debug_auto_pool_waited_for_available_counts_total");

    @Inject
    MetricsServer server;

    @TestHTTPResource(value = "/", management = true)
    URL health;

    private String scrape() {
        return RestAssured.get("http://localhost:" + server.port().orElseThrow() + "/metrics")
                .then().statusCode(200).extract().asString();
    }

    @Test
    void everyDocumentedNameIsServed() {
        String text = scrape();
        assertThat(DOCUMENTED).allSatisfy(name -> assertThat(text).containsPattern("(?m)^" + name + "[ {]"));
    }

    @Test
    void callsFailuresByKindAndLatencyAreCounted() {
        AllocateRequest refused = AllocateRequest.newBuilder().setContainerId("metrics-1").setIfName("eth0")
                .addDefaultIpv4Ippool("no-such-pool").build();
        FramedClient.Reply<AllocateResponse> reply = FramedClient.call(TempDirsProfile.cniSocket(),
                "spiderpool.agent.v1.Ipam/Allocate", refused, AllocateResponse.parser());
        assertThat(reply.failure().getKind()).isEqualTo(Failure.Kind.NO_AVAILABLE_POOL);

        assertThat(scrape()).containsPattern("(?m)^spiderpool_ipam_allocation_counts_total [1-9]")
                .containsPattern("(?m)^spiderpool_ipam_allocation_failure_counts_total [1-9]")
                .containsPattern("(?m)^spiderpool_ipam_allocation_err_no_available_pool_counts_total [1-9]")
                .containsPattern("(?m)^spiderpool_ipam_allocation_duration_seconds_bucket\\{le=\"0\\.1\"")
                .containsPattern("(?m)^spiderpool_ipam_allocation_max_duration_seconds (0\\.0*[1-9]|[1-9])")
                .contains("spiderpool_ipam_allocation_update_ippool_conflict_counts_total 0.0");
    }

    @Test
    void theHealthPortServesNoMetrics() {
        RestAssured.get(health.toString().replaceAll("/q/?$", "") + "/metrics").then().statusCode(404);
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
