package io.spidernet.spiderpool.agent;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.spidernet.spiderpool.agent.metrics.MetricsServer;
import jakarta.inject.Inject;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class AgentHealthTest {
    // health lives on the management interface (upstream's health port 5710), apart from gRPC, at
    // upstream's probe paths, which the chart's probes ask for
    @TestHTTPResource(value = "/", management = true)
    URL healthPort;

    @Inject
    MetricsServer metrics;

    private String url(String path) {
        return healthPort.toString().replaceAll("/q/?$", "") + path;
    }

    @Test
    void readinessIsUpOnceStarted() {
        given().when().get(url("/v1/runtime/readiness"))
                .then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'CNI socket' }.status", equalTo("UP"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/runtime/startup", "/v1/runtime/liveness", "/v1/runtime/readiness"})
    void upstreamsProbePathsAnswer(String path) {
        given().when().get(url(path)).then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsAreOffUnlessEnabledAsUpstreamsChartDefaults() {
        assertThat(metrics.port()).isEmpty();
        // neither upstream's path nor Quarkus' own on the health port
        given().when().get(url("/metrics")).then().statusCode(404);
        given().when().get(url("/q/metrics")).then().statusCode(404);
    }
}
