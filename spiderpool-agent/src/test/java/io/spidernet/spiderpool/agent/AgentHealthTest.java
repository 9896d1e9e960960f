package io.spidernet.spiderpool.agent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AgentHealthTest {
    // health lives on the management interface (upstream's health port 5710, root /q), apart from gRPC
    @TestHTTPResource(value = "/health/ready", management = true)
    URL ready;

    @Test
    void readinessIsUpOnceStarted() {
        given().when().get(ready)
                .then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'CNI socket' }.status", equalTo("UP"));
    }
}
