package io.spidernet.spiderpool.controller;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ControllerHealthTest {

    @Test
    void livenessIsUpAgainstTheTestApiServer() {
        given().when().get("/q/health/live")
                .then().statusCode(200).body("status", equalTo("UP"));
    }
}
