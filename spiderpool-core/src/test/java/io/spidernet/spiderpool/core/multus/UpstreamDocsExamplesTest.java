package io.spidernet.spiderpool.core.multus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spidernet.spiderpool.core.cni.JsonReader;
import io.spidernet.spiderpool.core.model.multus.MasterLinkConfig;
import io.spidernet.spiderpool.core.model.multus.MultusConfigSpec;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every SpiderMultusConfig example of upstream's docs ({@code multus/upstream-docs}, see its
 * PROVENANCE.md) is checked against our CRD's schema as the API server would (defaults applied
 * first); each valid one renders without error and with the plugin order of §7.2, each invalid one
 * is listed with its reasons. The counts are pinned so that a change in the CRD, the fixtures or the
 * renderer is seen.
 */
class UpstreamDocsExamplesTest {
    static final Path EXAMPLES = Path.of("src/test/resources/multus/upstream-docs");
    private static final Path CRD = Path.of("../deploy/crds/spidermultusconfigs.spiderpool.spidernet.io.yaml");
    private static final YAMLMapper YAML = new YAMLMapper();
    static final int EXAMPLES_COUNT = 56;
    static final int VALID_COUNT = 43;
    static final List<String> REFUSED_BY_WEBHOOK_RULES =
            List.of("43-spider-multus-config-ipvlan-conf.yaml", "44-spider-multus-config-ipvlan-conf.yaml");

    /** One example and what the schema check said; {@code smc} is null when it is invalid. */
    record Example(String file, List<String> violations, SpiderMultusConfig smc) {}

    static List<Example> examples() throws IOException {
        JsonNode crd = YAML.readTree(CRD.toFile());
        CrdSchemaCheck check = new CrdSchemaCheck(crd.path("spec").path("versions").get(0).path("schema")
                .path("openAPIV3Schema"));
        List<Example> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                out.add(example(file, check));
            }
        }
        return out;
    }

    private static Example example(Path file, CrdSchemaCheck check) throws IOException {
        String name = file.getFileName().toString();
        JsonNode doc;
        try {
            doc = YAML.readTree(file.toFile());
        } catch (IOException e) {
            return new Example(name, List.of("not YAML: " + e.getMessage().lines().findFirst().orElse("")), null);
        }
        List<String> violations = new ArrayList<>();
        if (!"spiderpool.spidernet.io/v2beta1".equals(doc.path("apiVersion").asText())) {
            violations.add("apiVersion: " + doc.path("apiVersion") + " is not spiderpool.spidernet.io/v2beta1");
        }
        check.applyDefaults(doc);
        violations.addAll(check.violations(doc));
        if (!violations.isEmpty()) {
            return new Example(name, violations, null);
        }
        if (doc.path("metadata").path("namespace").isMissingNode()) {
            ((ObjectNode) doc.path("metadata")).put("namespace", "default");
        }
        return new Example(name, List.of(), YAML.treeToValue(doc, SpiderMultusConfig.class));
    }

    @Test
    void everyValidExampleRendersWithUpstreamsPluginOrder() throws IOException {
        List<Example> all = examples();
        List<Example> valid = all.stream().filter(e -> e.smc() != null).toList();
        Map<String, List<String>> invalid = new LinkedHashMap<>();
        all.stream().filter(e -> e.smc() == null).forEach(e -> invalid.put(e.file(), e.violations()));
        System.out.printf("upstream docs SpiderMultusConfig examples: %d, valid against the CRD: %d, invalid: %d%n",
                all.size(), valid.size(), invalid.size());
        invalid.forEach((file, why) -> System.out.println("  invalid " + file + ": " + String.join("; ", why)));

        Map<String, String> refused = new LinkedHashMap<>();
        for (Example e : valid) {
            RenderedNad nad;
            try {
                nad = MultusConfigRenderer.render(e.smc());
            } catch (MultusRenderException refusal) {
                refused.put(e.file(), refusal.getMessage());
                continue;
            }
            MultusConfigSpec spec = e.smc().getSpec();
            if (spec.getCniType().wire().equals("custom")) {
                assertThat(nad.config().isPresent()).as(e.file())
                        .isEqualTo(spec.getCustomCNI() != null && !spec.getCustomCNI().isEmpty());
            } else {
                assertThat(UpstreamMultusRenderCasesTest.types(nad)).as(e.file()).isEqualTo(expectedOrder(spec));
            }
        }
        refused.forEach((file, why) -> System.out.println("  valid against the CRD, refused by a webhook rule "
                + file + ": " + why));
        assertThat(all).hasSize(EXAMPLES_COUNT);
        assertThat(valid).hasSize(VALID_COUNT);
        assertThat(invalid.values()).allSatisfy(why -> assertThat(why).isNotEmpty());
        // upstream's webhook refuses a sub-block other than the cniType's (M00015): the docs' ipvlan-over-bond
        // examples put their settings under macvlan
        assertThat(refused).containsOnlyKeys(REFUSED_BY_WEBHOOK_RULES);
    }

    /** §7.2's plugin order, written from the table rather than taken from the renderer. */
    static List<String> expectedOrder(MultusConfigSpec spec) {
        List<String> order = new ArrayList<>();
        switch (spec.getCniType()) {
            case MACVLAN, IPVLAN -> {
                MasterLinkConfig c = spec.getMacvlan() != null ? spec.getMacvlan() : spec.getIpvlan();
                if (c.vlanID() != null && c.vlanID() != 0 || c.master().size() >= 2) {
                    order.add("ifacer");
                }
                order.add(spec.getCniType().wire());
            }
            case VLAN -> {
                if (spec.getVlan().master().size() >= 2) {
                    order.add("ifacer");
                }
                order.add("vlan");
            }
            case SRIOV -> {
                order.add("sriov");
                if (Boolean.TRUE.equals(spec.getSriov().rdmaIsolation())) {
                    order.add("rdma");
                }
            }
            default -> order.add(spec.getCniType().wire());
        }
        if (spec.getChainCNIJsonData() != null) {
            spec.getChainCNIJsonData().forEach(j -> order.add((String) JsonReader.parseObject(j).get("type")));
        }
        if (spec.getSriov() != null && spec.getSriov().mtu() != null && spec.getSriov().mtu() > 0) {
            order.add("tuning");
        }
        if (!Boolean.FALSE.equals(spec.getEnableCoordinator())) {
            order.add("coordinator");
        }
        return order;
    }
}
