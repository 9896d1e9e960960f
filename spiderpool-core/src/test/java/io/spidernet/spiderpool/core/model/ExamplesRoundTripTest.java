package io.spidernet.spiderpool.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every object in {@code deploy/examples} survives model round trips unchanged: read into the class
 * of its kind and written back, the JSON tree is the same, so the model neither drops nor invents a
 * field. Checked with strict Jackson (an unknown field fails) and with fabric8's serialization,
 * which the applications use.
 */
class ExamplesRoundTripTest {
    private static final YAMLMapper STRICT = new YAMLMapper();

    static Path examplesDir() {
        return CrdsAreCurrentTest.crdDir().resolveSibling("examples");
    }

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(examplesDir())) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        STRICT.readerFor(JsonNode.class).readValues(file.toFile()).forEachRemaining(d -> documents.add((JsonNode) d));
        return documents;
    }

    @ParameterizedTest
    @MethodSource("examples")
    void strictJacksonRoundTripIsLossless(Path file) throws IOException {
        List<JsonNode> documents = documents(file);
        assertThat(documents).isNotEmpty();
        for (JsonNode document : documents) {
            assertThat(document.path("apiVersion").asText())
                    .isEqualTo(io.fabric8.kubernetes.api.model.HasMetadata.getApiVersion(SpiderpoolKinds.byKind(document.path("kind").asText())));
            Object model = STRICT.treeToValue(document, SpiderpoolKinds.byKind(document.path("kind").asText()));
            assertThat(STRICT.readTree(STRICT.writeValueAsString(model)))
                    .as("%s: %s", file.getFileName(), document.path("metadata").path("name").asText())
                    .isEqualTo(document);
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void fabric8RoundTripIsLossless(Path file) throws IOException {
        KubernetesSerialization fabric8 = new KubernetesSerialization();
        ObjectMapper json = new ObjectMapper();
        for (JsonNode document : documents(file)) {
            CustomResource<?, ?> model = fabric8.unmarshal(
                    STRICT.writeValueAsString(document), SpiderpoolKinds.byKind(document.path("kind").asText()));
            assertThat(json.readTree(fabric8.asJson(model)))
                    .as("%s: %s", file.getFileName(), document.path("metadata").path("name").asText())
                    .isEqualTo(document);
        }
    }

    @Test
    void examplesCoverEveryKindDualStackAndAPoolLedger() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        for (Path file : examples().toList()) {
            all.addAll(documents(file));
        }
        assertThat(all).extracting(d -> d.path("kind").asText()).containsAll(
                SpiderpoolKinds.ALL.stream().map(io.fabric8.kubernetes.api.model.HasMetadata::getKind).toList());
        assertThat(all).anyMatch(d -> d.path("kind").asText().equals("SpiderIPPool") && d.at("/spec/ipVersion").asInt() == 6);
        assertThat(all).anyMatch(d -> d.at("/status/allocatedIPs").isTextual());
        assertThat(all).anyMatch(d -> !d.at("/status/current/ips/0/ipv4").isMissingNode()
                && !d.at("/status/current/ips/0/ipv6").isMissingNode());
    }

    /** The README demo relies on exactly these two default pools. */
    @Test
    void defaultPoolsAreTheOnesTheDemoUses() throws IOException {
        SpiderIPPool v4 = STRICT.readValue(examplesDir().resolve("ippool-default-v4.yaml").toFile(), SpiderIPPool.class);
        assertThat(v4.getMetadata().getName()).isEqualTo("default-v4-ippool");
        assertThat(v4.getSpec().getIpVersion()).isEqualTo(IpVersion.IPV4);
        assertThat(v4.getSpec().getDefault()).isTrue();
        assertThat(v4.getSpec().getSubnet()).isEqualTo("172.18.40.0/24");
        assertThat(v4.getSpec().getIps()).containsExactly("172.18.40.40-172.18.40.50");
        assertThat(v4.getSpec().getGateway()).isEqualTo("172.18.40.1");

        SpiderIPPool v6 = STRICT.readValue(examplesDir().resolve("ippool-default-v6.yaml").toFile(), SpiderIPPool.class);
        assertThat(v6.getMetadata().getName()).isEqualTo("default-v6-ippool");
        assertThat(v6.getSpec().getIpVersion()).isEqualTo(IpVersion.IPV6);
        assertThat(v6.getSpec().getDefault()).isTrue();
        assertThat(v6.getSpec().getSubnet()).isEqualTo("fd00:172:18::/64");
        assertThat(v6.getSpec().getIps()).containsExactly("fd00:172:18::40-fd00:172:18::50");
        assertThat(v6.getSpec().getGateway()).isEqualTo("fd00:172:18::1");
    }
}
