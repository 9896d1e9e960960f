package io.spidernet.spiderpool.controller.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.webhook.MultusConfigMutator;
import io.spidernet.spiderpool.core.webhook.MultusConfigValidator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SpiderMultusConfig AdmissionReviews through the router at upstream's paths, the existing NADs from a map. */
class MultusConfigAdmissionTest {
    private static final String KIND = "spidermultusconfig";
    private final Map<String, ObjectMeta> nads = new HashMap<>();
    private final List<String> lookedUp = new ArrayList<>();
    private final AdmissionRouter router = new AdmissionRouter(List.of(new MultusConfigAdmission(new MultusConfigMutator(),
            new MultusConfigValidator(), (ns, name) -> {
                lookedUp.add(ns + "/" + name);
                return Optional.ofNullable(nads.get(ns + "/" + name));
            })));

    @Test
    void bothOfUpstreamsPathsAreServed() {
        assertThat(router.paths()).containsExactly("/mutate-spiderpool-spidernet-io-v2beta1-spidermultusconfig",
                "/validate-spiderpool-spidernet-io-v2beta1-spidermultusconfig");
    }

    @Test
    void M00019_mutationDefaultsAnEmptySpecToCustomWithAJsonPatch() throws Exception {
        ObjectNode sent = smc("empty", "{}");

        JsonNode r = post(AdmissionRouter.MUTATE_PREFIX, "CREATE", sent, null);

        assertThat(r.get("allowed").asBoolean()).isTrue();
        JsonNode after = WebhookHttps.patched(sent, r);
        assertThat(after.at("/spec/cniType").asText()).isEqualTo("custom");
        assertThat(after.at("/spec/enableCoordinator").asBoolean()).isFalse();
        assertThat(after.at("/spec/customCNI").asText()).isEmpty();
        assertThat(after.at("/spec/coordinator").isMissingNode()).isTrue();
    }

    @Test
    void M00011_aNadManagedByAnotherSpiderMultusConfigIsRefusedWith422() throws Exception {
        nads.put("team/macvlan-eth0", new ObjectMetaBuilder().withName("macvlan-eth0").withNamespace("team")
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("spiderpool.spidernet.io/v2beta1")
                        .withKind("SpiderMultusConfig").withName("first").withUid("u1").withController(true).build()).build());
        ObjectNode second = smc("second", "{cniType: macvlan, macvlan: {master: [eth0]}}");
        ((ObjectNode) second.get("metadata")).putObject("annotations").put(SpiderpoolAnnotations.MULTUS_CR_NAME, "macvlan-eth0");

        JsonNode r = post(AdmissionRouter.VALIDATE_PREFIX, "CREATE", second, null);

        assertThat(lookedUp).containsExactly("team/macvlan-eth0");
        assertThat(r.get("allowed").asBoolean()).isFalse();
        assertThat(r.at("/status/code").asInt()).isEqualTo(422);
        assertThat(r.at("/status/reason").asText()).isEqualTo("Invalid");
        assertThat(r.at("/status/details/kind").asText()).isEqualTo("spidermultusconfigs");
        assertThat(r.at("/status/details/causes/0/field").asText()).isEqualTo("metadata.annotations[multus.spidernet.io/cr-name]");
        assertThat(r.at("/status/message").asText()).contains(
                "the net-attach-def team/macvlan-eth0 already exists and is managed by SpiderMultusConfig team/first.");
    }

    @Test
    void M00014_anUnmanagedNadIsTakenOver() throws Exception {
        nads.put("team/already", new ObjectMetaBuilder().withName("already").withNamespace("team").build());

        JsonNode r = post(AdmissionRouter.VALIDATE_PREFIX, "CREATE", smc("already", "{cniType: macvlan, macvlan: {master: [eth0]}}"), null);

        assertThat(r.get("allowed").asBoolean()).as(r.toString()).isTrue();
    }

    @Test
    void aCrNameThatCannotBeANameIsNotLookedUp() throws Exception {
        ObjectNode bad = smc("bad", "{cniType: macvlan, macvlan: {master: [eth0]}}");
        ((ObjectNode) bad.get("metadata")).putObject("annotations").put(SpiderpoolAnnotations.MULTUS_CR_NAME, "../../secrets/x");

        JsonNode r = post(AdmissionRouter.VALIDATE_PREFIX, "CREATE", bad, null);

        assertThat(lookedUp).isEmpty();
        assertThat(r.at("/status/code").asInt()).isEqualTo(422);
        assertThat(r.at("/status/details/causes/0/message").asText()).contains("RFC 1123 subdomain");
    }

    @Test
    void addingACrNameOnUpdateIsRefused() throws Exception {
        ObjectNode before = smc("net", "{cniType: macvlan, macvlan: {master: [eth0]}}");
        ObjectNode after = before.deepCopy();
        ((ObjectNode) after.get("metadata")).putObject("annotations").put(SpiderpoolAnnotations.MULTUS_CR_NAME, "renamed");

        JsonNode r = post(AdmissionRouter.VALIDATE_PREFIX, "UPDATE", after, before);

        assertThat(r.at("/status/code").asInt()).isEqualTo(422);
        assertThat(r.at("/status/details/causes/0/message").asText()).contains("cannot be added after creation");
    }

    @Test
    void aCniTypeOutsideTheEnumNamesTheFieldAndTheChoices() throws Exception {
        JsonNode r = post(AdmissionRouter.VALIDATE_PREFIX, "CREATE", smc("t", "{cniType: bridge}"), null);

        assertThat(r.at("/status/code").asInt()).isEqualTo(422);
        assertThat(r.at("/status/details/causes/0/field").asText()).isEqualTo("spec.cniType");
        assertThat(r.at("/status/details/causes/0/message").asText()).contains("'bridge' is not supported, use one of macvlan");
    }

    @Test
    void deletionIsNotValidated() throws Exception {
        JsonNode r = post(AdmissionRouter.VALIDATE_PREFIX, "DELETE", null, smc("gone", "{cniType: macvlan}"));

        assertThat(r.get("allowed").asBoolean()).isTrue();
    }

    private JsonNode post(String verb, String op, ObjectNode object, ObjectNode oldObject) throws Exception {
        String name = (object != null ? object : oldObject).at("/metadata/name").asText();
        byte[] body = WebhookHttps.JSON.writeValueAsBytes(WebhookHttps.review(op, name, object, oldObject));
        return WebhookHttps.JSON.readTree(router.handle(verb + KIND, body).orElseThrow()).get("response");
    }

    private static ObjectNode smc(String name, String spec) {
        return WebhookHttps.object("""
                apiVersion: spiderpool.spidernet.io/v2beta1
                kind: SpiderMultusConfig
                metadata: {name: %s, namespace: team}
                spec: %s
                """.formatted(name, spec));
    }
}
