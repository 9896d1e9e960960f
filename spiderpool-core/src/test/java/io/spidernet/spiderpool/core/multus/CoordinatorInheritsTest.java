package io.spidernet.spiderpool.core.multus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * §12 item 2 end to end through the schema: a SpiderMultusConfig that sets one coordinator field,
 * stored as the API server stores it (our CRD's defaults applied), renders that field alone, so
 * every other one comes from the cluster's SpiderCoordinator. With upstream's CRD, whose
 * {@code spec.coordinator} carries SpiderCoordinator's defaults, mode, tunePodRoutes, hostRuleTable,
 * podRPFilter and txQueueLen would be stored, rendered and override the cluster's values.
 */
class CoordinatorInheritsTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void aStoredPartialCoordinatorBlockRendersOnlyTheFieldsSet() throws IOException {
        JsonNode crd = YAML.readTree(Path.of("../deploy/crds/spidermultusconfigs.spiderpool.spidernet.io.yaml").toFile());
        CrdSchemaCheck schema = new CrdSchemaCheck(crd.path("spec").path("versions").get(0).path("schema")
                .path("openAPIV3Schema"));
        JsonNode stored = YAML.readTree("""
                apiVersion: spiderpool.spidernet.io/v2beta1
                kind: SpiderMultusConfig
                metadata: {name: net1, namespace: default}
                spec:
                  cniType: macvlan
                  macvlan: {master: [eth1]}
                  coordinator: {podMACPrefix: "0a:1b"}
                """);
        schema.applyDefaults(stored);
        assertThat(schema.violations(stored)).isEmpty();

        RenderedNad nad = MultusConfigRenderer.render(YAML.treeToValue(stored, SpiderMultusConfig.class));

        Map<String, Object> coordinator = UpstreamMultusRenderCasesTest.plugins(nad).getLast();
        assertThat(coordinator).isEqualTo(Map.of("type", "coordinator", "podMACPrefix", "0a:1b"));
        assertThat(stored.path("spec").path("enableCoordinator").asBoolean()).as("spec-level defaults still apply").isTrue();
    }
}
