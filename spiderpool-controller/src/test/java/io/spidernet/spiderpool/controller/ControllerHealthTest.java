package io.spidernet.spiderpool.controller;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.spidernet.spiderpool.controller.metrics.MetricsServer;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ControllerHealthTest {

    @Inject
    MetricsServer metrics;

    /** The paths upstream's chart probes, on the health port. */
    @ParameterizedTest
    @ValueSource(strings = {"/v1/runtime/startup", "/v1/runtime/liveness"})
    void upstreamsProbePathsAnswerAgainstTheTestApiServer(String path) {
        given().when().get(path).then().statusCode(200).body("status", equalTo("UP"));
    }

    /**
     * Ready without leading (tests run no leader election, so the operator never starts here): a follower
     * serves webhooks and the admin API, so the Service must route to it.
     */
    @Test
    void aReplicaThatDoesNotLeadIsReady() {
        given().when().get("/v1/runtime/readiness").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsAreOffUnlessEnabledAsUpstreamsChartDefaults() {
        assertThat(metrics.port()).isEmpty();
        // neither upstream's path nor Quarkus' own on the health port
        given().when().get("/metrics").then().statusCode(404);
        given().when().get("/q/metrics").then().statusCode(404);
    }
}
