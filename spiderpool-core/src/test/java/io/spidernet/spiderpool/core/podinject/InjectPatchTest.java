package io.spidernet.spiderpool.core.podinject;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The patch applies to every shape a sent pod can have: annotations, resources and limits each absent or present. */
class InjectPatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InjectDecision.Inject INJECT = new InjectDecision.Inject(PodResourceInjector.RDMA_INJECT, "g",
            "a/n1,a/n2", List.of("spidernet.io/rdma_a", "nvidia.com/~odd"));

    static Stream<Arguments> pods() {
        return Stream.of(
                Arguments.of("no annotations, no resources", "{\"metadata\":{},\"spec\":{\"containers\":[{\"name\":\"c\"}]}}"),
                Arguments.of("the user's networks, empty resources",
                        "{\"metadata\":{\"annotations\":{\"k8s.v1.cni.cncf.io/networks\":\"mine\"}},"
                                + "\"spec\":{\"containers\":[{\"name\":\"c\",\"resources\":{}}]}}"),
                Arguments.of("limits with a cpu", "{\"metadata\":{\"annotations\":{}},"
                        + "\"spec\":{\"containers\":[{\"name\":\"c\",\"resources\":{\"limits\":{\"cpu\":\"1\"}}},{\"name\":\"d\"}]}}"));
    }

    /**
     * RFC 6902 "add" as the API server applies it (core has no JSON-patch library; the controller's tests
     * apply the same patches with zjsonpatch): the parent must exist, an existing member is replaced.
     */
    static JsonNode apply(JsonNode patch, JsonNode pod) {
        JsonNode doc = pod.deepCopy();
        for (JsonNode op : (ArrayNode) patch) {
            assertThat(op.get("op").asText()).isEqualTo("add");
            String path = op.get("path").asText();
            int cut = path.lastIndexOf('/');
            JsonNode parent = doc.at(path.substring(0, cut));
            assertThat(parent.isObject()).as("the parent of %s exists", path).isTrue();
            ((ObjectNode) parent).set(path.substring(cut + 1).replace("~1", "/").replace("~0", "~"), op.get("value"));
        }
        return doc;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pods")
    void thePatchAppliesAndWritesTheNetworksAndLimits(String why, String sent) throws Exception {
        JsonNode pod = JSON.readTree(sent);

        JsonNode after = apply(InjectPatch.of(pod, INJECT), pod);

        assertThat(after.at("/metadata/annotations/k8s.v1.cni.cncf.io~1networks").asText()).isEqualTo("a/n1,a/n2");
        assertThat(after.at("/spec/containers/0/resources/limits/spidernet.io~1rdma_a").asText()).isEqualTo("1");
        assertThat(after.at("/spec/containers/0/resources/limits/nvidia.com~1~0odd").asText()).isEqualTo("1");
        assertThat(after.at("/spec/containers/1/resources").isMissingNode()).isTrue();
        if (why.contains("cpu")) {
            assertThat(after.at("/spec/containers/0/resources/limits/cpu").asText()).isEqualTo("1");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pods")
    void withoutResourcesOnlyTheAnnotationIsWritten(String why, String sent) throws Exception {
        JsonNode pod = JSON.readTree(sent);

        JsonNode patch = InjectPatch.of(pod, new InjectDecision.Inject(PodResourceInjector.NETWORK_INJECT, "g", "a/n", List.of()));

        assertThat(patch).hasSize(1);
        assertThat(apply(patch, pod).at("/spec")).isEqualTo(pod.at("/spec"));
    }
}
