package io.spidernet.spiderpool.core.multus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: each {@code multus/golden/<case>.smc.yaml} renders into the NetworkAttachmentDefinition
 * of {@code <case>.nad.json} ({@code name}, {@code namespace}, {@code annotations} and {@code config},
 * the parsed {@code spec.config} or null). The expected files were written by hand from upstream's
 * rendering rules (§7.2 of the upstream notes, pkg/multuscniconfig), not produced by this code;
 * {@code config} is compared as a JSON tree, so key order does not matter but plugin order does.
 */
class MultusGoldenTest {
    static final Path GOLDEN = Path.of("src/test/resources/multus/golden");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(GOLDEN)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".smc.yaml"))
                    .map(n -> n.substring(0, n.length() - ".smc.yaml".length())).sorted().toList().stream();
        }
    }

    static SpiderMultusConfig input(String name) throws IOException {
        return YAML.readValue(GOLDEN.resolve(name + ".smc.yaml").toFile(), SpiderMultusConfig.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersTheExpectedNad(String name) throws IOException {
        JsonNode expected = JSON.readTree(GOLDEN.resolve(name + ".nad.json").toFile());
        RenderedNad nad = MultusConfigRenderer.render(input(name));

        assertThat(nad.name()).as("NAD name").isEqualTo(expected.path("name").asText());
        assertThat(nad.namespace()).as("NAD namespace").isEqualTo(expected.path("namespace").asText());
        assertThat(JSON.valueToTree(nad.annotations()).equals(expected.path("annotations")))
                .as("annotations %s, expected %s", nad.annotations(), expected.path("annotations")).isTrue();
        JsonNode config = nad.config().isPresent() ? JSON.readTree(nad.config().get()) : JSON.nullNode();
        assertThat(config).as("spec.config").isEqualTo(expected.path("config"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void renderingIsDeterministic(String name) throws IOException {
        assertThat(MultusConfigRenderer.render(input(name))).isEqualTo(MultusConfigRenderer.render(input(name)));
    }

    @Test
    void everyCniTypeHasGoldenCases() throws IOException {
        List<String> all = cases().toList();
        for (String type : List.of("macvlan", "ipvlan", "vlan", "sriov", "ibsriov", "ipoib", "ovs", "custom")) {
            assertThat(all).as("golden cases for " + type).anyMatch(c -> c.startsWith(type + "-"));
        }
    }
}
