package io.spidernet.spiderpool.controller.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.webhook.IPPoolMutator;
import io.spidernet.spiderpool.core.webhook.IPPoolValidator;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** What the router answers when a rule fails or an object cannot be read: the field and a fixed text, never exception text. */
class AdmissionRouterTest {
    private static final String POOL = """
            apiVersion: spiderpool.spidernet.io/v2beta1
            kind: SpiderIPPool
            metadata: {name: p1}
            spec: {ipVersion: 4, subnet: 10.6.0.0/24, ips: ["10.6.0.10"]}
            """;

    private static AdmissionRouter router(Supplier<List<SpiderIPPool>> pools) {
        SpiderpoolConf conf = SpiderpoolConf.defaults();
        return new AdmissionRouter(List.of(new IPPoolAdmission(new IPPoolMutator(conf), new IPPoolValidator(conf), pools,
                List::<SpiderSubnet>of)));
    }

    private static JsonNode validate(AdmissionRouter router, ObjectNode object) throws Exception {
        byte[] body = WebhookHttps.JSON.writeValueAsBytes(WebhookHttps.review("CREATE", "p1", object, null));
        byte[] answer = router.handle(AdmissionRouter.VALIDATE_PREFIX + "spiderippool", body).orElseThrow();
        return WebhookHttps.JSON.readTree(answer).get("response");
    }

    @Test
    void aFailingRuleIsRefusedWithAFixedTextAndTheExceptionStaysInTheLog() throws Exception {
        AdmissionRouter router = router(() -> {
            throw new IllegalStateException("SECRET-DETAIL at io.spidernet.internal");
        });

        JsonNode r = validate(router, WebhookHttps.object(POOL));

        assertThat(r.get("allowed").asBoolean()).isFalse();
        assertThat(r.at("/status/code").asInt()).isEqualTo(500);
        assertThat(r.toString()).doesNotContain("SECRET").doesNotContain("IllegalStateException");
    }

    @Test
    void aValueTheModelCannotHoldNamesTheFieldAndWhatWasExpectedNotTheParsersText() throws Exception {
        ObjectNode pool = WebhookHttps.object(POOL);
        ((ObjectNode) pool.get("spec")).put("disable", "SECRET-TEXT");

        JsonNode r = validate(router(List::of), pool);

        assertThat(r.at("/status/code").asInt()).as(r.toString()).isEqualTo(422);
        assertThat(r.at("/status/details/causes/0/field").asText()).isEqualTo("spec.disable");
        assertThat(r.at("/status/details/causes/0/message").asText()).as(r.toString()).contains("expected true or false")
                .doesNotContain("java.").doesNotContain("deserialize");
    }
}
