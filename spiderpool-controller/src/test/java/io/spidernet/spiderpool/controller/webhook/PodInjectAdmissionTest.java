package io.spidernet.spiderpool.controller.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import io.spidernet.spiderpool.core.podinject.InjectScope;
import io.spidernet.spiderpool.core.podinject.PodResourceInjector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Upstream's pod webhook path through the router: AdmissionReview in, patch or refusal out. */
class PodInjectAdmissionTest {
    private static final String RDMA = PodResourceInjector.RDMA_INJECT;
    private final List<SpiderMultusConfig> stored = new ArrayList<>(List.of(
            smc("team-a", "nad1", "spidernet.io/rdma_resource_nad1"), smc("team-a", "nad2", "spidernet.io/rdma_resource_nad2")));
    private final Map<String, Map<String, String>> namespaces = Map.of("team-b", Map.of(RDMA, "macvlan-rdma"));

    private static SpiderMultusConfig smc(String ns, String name, String resource) {
        return Serialization.unmarshal("""
                apiVersion: spiderpool.spidernet.io/v2beta1
                kind: SpiderMultusConfig
                metadata:
                  namespace: %s
                  name: %s
                  annotations: {cni.spidernet.io/rdma-resource-inject: macvlan-rdma}
                  labels: {cni.spidernet.io/rdma-resource-inject: macvlan-rdma}
                spec:
                  cniType: macvlan
                  macvlan: {master: [eth1], rdmaResourceName: "%s", ippools: {ipv4: [test-ipv4-pool]}}
                """.formatted(ns, name, resource), SpiderMultusConfig.class);
    }

    /** H00001's pod: the inject annotation, one container without resources. */
    private static ObjectNode pod(String ns, String annotations) {
        return WebhookHttps.object("""
                apiVersion: v1
                kind: Pod
                metadata: {name: test-pod, namespace: %s, annotations: %s}
                spec:
                  containers:
                    - name: samplepod
                      image: alpine
                      ports: [{name: samplepod, containerPort: 80}]
                """.formatted(ns, annotations));
    }

    private AdmissionRouter router(PodInjectAdmission pods) {
        return new AdmissionRouter(List.of(), Map.of(PodInjectAdmission.PATH, pods::mutate));
    }

    private PodInjectAdmission enabled(Supplier<Collection<SpiderMultusConfig>> configs) {
        return PodInjectAdmission.enabled(new PodResourceInjector(InjectScope.of(List.of(), InjectScope.DEFAULT_EXCLUDE)),
                configs, ns -> namespaces.getOrDefault(ns, Map.of()));
    }

    private AdmissionRouter enabled() {
        return router(enabled(() -> stored));
    }

    private static JsonNode admit(AdmissionRouter router, String op, JsonNode pod) throws Exception {
        ObjectNode review = WebhookHttps.review(op, "test-pod", pod, null);
        ((ObjectNode) review.get("request")).put("namespace", pod.at("/metadata/namespace").asText());
        byte[] answer = router.handle(PodInjectAdmission.PATH, WebhookHttps.JSON.writeValueAsBytes(review)).orElseThrow();
        return WebhookHttps.JSON.readTree(answer).get("response");
    }

    @Test
    void h00001ThePodGetsBothNetworksAndTheirRdmaResources() throws Exception {
        ObjectNode pod = pod("team-a", "{cni.spidernet.io/rdma-resource-inject: macvlan-rdma}");

        JsonNode r = admit(enabled(), "CREATE", pod);

        assertThat(r.get("allowed").asBoolean()).isTrue();
        assertThat(r.get("patchType").asText()).isEqualTo("JSONPatch");
        JsonNode after = WebhookHttps.patched(pod, r);
        assertThat(after.at("/metadata/annotations/k8s.v1.cni.cncf.io~1networks").asText()).isEqualTo("team-a/nad1,team-a/nad2");
        // upstream writes limits only; the API server defaults requests to them, which H00001 then reads
        assertThat(after.at("/spec/containers/0/resources/limits/spidernet.io~1rdma_resource_nad1").asText()).isEqualTo("1");
        assertThat(after.at("/spec/containers/0/resources/limits/spidernet.io~1rdma_resource_nad2").asText()).isEqualTo("1");
        assertThat(after.at("/spec/containers/0/ports")).isEqualTo(pod.at("/spec/containers/0/ports"));
    }

    @Test
    void theUsersNetworksAnnotationIsOverwrittenAsUpstreamDoes() throws Exception {
        ObjectNode pod = pod("team-a", "{cni.spidernet.io/rdma-resource-inject: macvlan-rdma, k8s.v1.cni.cncf.io/networks: mine}");

        JsonNode after = WebhookHttps.patched(pod, admit(enabled(), "CREATE", pod));

        assertThat(after.at("/metadata/annotations/k8s.v1.cni.cncf.io~1networks").asText()).isEqualTo("team-a/nad1,team-a/nad2");
    }

    @Test
    void theNamespacesAnnotationAppliesToItsPods() throws Exception {
        ObjectNode pod = pod("team-b", "{}");

        JsonNode after = WebhookHttps.patched(pod, admit(enabled(), "CREATE", pod));

        assertThat(after.at("/metadata/annotations/k8s.v1.cni.cncf.io~1networks").asText()).isEqualTo("team-a/nad1,team-a/nad2");
    }

    @Test
    void aPodWithoutTheAnnotationIsAdmittedUnchangedWithoutReadingTheConfigs() throws Exception {
        AdmissionRouter router = router(enabled(() -> {
            throw new AssertionError("SpiderMultusConfigs read for a pod that asks for nothing");
        }));

        JsonNode r = admit(router, "CREATE", pod("team-a", "{app: web}"));

        assertThat(r.get("allowed").asBoolean()).isTrue();
        assertThat(r.has("patch")).isFalse();
    }

    @Test
    void aGroupWithoutSpiderMultusConfigsIsRefusedWithTheAnnotationNamed() throws Exception {
        JsonNode r = admit(enabled(), "CREATE", pod("team-a", "{cni.spidernet.io/rdma-resource-inject: no-such-group}"));

        assertThat(r.get("allowed").asBoolean()).isFalse();
        assertThat(r.at("/status/code").asInt()).isEqualTo(403);
        assertThat(r.at("/status/details/causes/0/field").asText()).isEqualTo("metadata.annotations[" + RDMA + "]");
        assertThat(r.at("/status/message").asText()).contains("pod \"test-pod\" cannot be created")
                .contains("no SpiderMultusConfig has the annotation cni.spidernet.io/rdma-resource-inject: \"no-such-group\"");
    }

    @Test
    void aNetworkThatCannotBeInjectedIsRefusedWithItsName() throws Exception {
        stored.add(Serialization.unmarshal("""
                apiVersion: spiderpool.spidernet.io/v2beta1
                kind: SpiderMultusConfig
                metadata: {namespace: team-a, name: bridge, labels: {cni.spidernet.io/rdma-resource-inject: macvlan-rdma}}
                spec: {cniType: ovs, ovs: {bridge: br1}}
                """, SpiderMultusConfig.class));

        JsonNode r = admit(enabled(), "CREATE", pod("team-a", "{cni.spidernet.io/rdma-resource-inject: macvlan-rdma}"));

        assertThat(r.get("allowed").asBoolean()).isFalse();
        assertThat(r.at("/status/message").asText()).contains("SpiderMultusConfig team-a/bridge has cniType ovs");
    }

    @Test
    void anExcludedNamespaceIsLeftAloneEvenWithTheAnnotation() throws Exception {
        JsonNode r = admit(enabled(), "CREATE", pod("kube-system", "{cni.spidernet.io/rdma-resource-inject: macvlan-rdma}"));

        assertThat(r.get("allowed").asBoolean()).isTrue();
        assertThat(r.has("patch")).isFalse();
    }

    @Test
    void disabledThePathAdmitsUnchangedAndWarnsAPodThatAsked() throws Exception {
        AdmissionRouter router = router(PodInjectAdmission.disabled());

        JsonNode asked = admit(router, "CREATE", pod("team-a", "{cni.spidernet.io/rdma-resource-inject: macvlan-rdma}"));
        JsonNode plain = admit(router, "CREATE", pod("team-a", "{}"));

        assertThat(asked.get("allowed").asBoolean()).isTrue();
        assertThat(asked.has("patch")).isFalse();
        assertThat(asked.at("/warnings/0").asText()).contains("pod resource injection is disabled");
        assertThat(plain.get("allowed").asBoolean()).isTrue();
        assertThat(plain.has("warnings")).isFalse();
    }

    @Test
    void onlyCreateIsInjected() throws Exception {
        JsonNode r = admit(enabled(), "UPDATE", pod("team-a", "{cni.spidernet.io/rdma-resource-inject: macvlan-rdma}"));

        assertThat(r.get("allowed").asBoolean()).isTrue();
        assertThat(r.has("patch")).isFalse();
    }

    @Test
    void beforeTheConfigsAreListedAPodThatAsksIsRefusedAsUnavailable() throws Exception {
        AdmissionRouter router = router(enabled(() -> {
            throw new WebhookCache.NotSynced("SpiderMultusConfigs");
        }));

        JsonNode r = admit(router, "CREATE", pod("team-a", "{cni.spidernet.io/rdma-resource-inject: macvlan-rdma}"));

        assertThat(r.get("allowed").asBoolean()).isFalse();
        assertThat(r.at("/status/code").asInt()).isEqualTo(503);
    }

    @Test
    void aPodTheModelCannotReadIsRefusedWithTheField() throws Exception {
        ObjectNode pod = pod("team-a", "{cni.spidernet.io/rdma-resource-inject: macvlan-rdma}");
        ((ObjectNode) pod.get("spec")).put("containers", "not-a-list");

        JsonNode r = admit(enabled(), "CREATE", pod);

        assertThat(r.get("allowed").asBoolean()).isFalse();
        assertThat(r.at("/status/code").asInt()).isEqualTo(422);
        assertThat(r.at("/status/details/causes/0/field").asText()).isEqualTo("spec.containers");
    }

    @Test
    void aMalformedReviewIsRefused() {
        AdmissionRouter router = enabled();

        assertThatThrownBy(() -> router.handle(PodInjectAdmission.PATH, "{\"kind\":\"AdmissionReview\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AdmissionRouter.BadReview.class);
        assertThatThrownBy(() -> router.handle(PodInjectAdmission.PATH, "not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AdmissionRouter.BadReview.class);
        assertThat(router.paths()).contains(PodInjectAdmission.PATH);
    }

    /** The entry shipped commented out in webhooks.yaml calls this path, for the chart's namespaces, on CREATE only. */
    @Test
    void theShippedWebhookEntryMatchesThePathAndTheDefaultExclusions() throws Exception {
        String yaml = Files.readString(Path.of("../deploy/controller/webhooks.yaml"));
        String block = yaml.substring(yaml.indexOf("# BEGIN pod-resource-inject"), yaml.indexOf("# END pod-resource-inject"));
        String entries = String.join("\n", block.lines().skip(1).map(l -> l.replaceFirst("^  # ", "")).toList());
        MutatingWebhook webhook = Serialization.unmarshal("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: MutatingWebhookConfiguration
                metadata: {name: spiderpool-controller}
                webhooks:
                """ + entries, MutatingWebhookConfiguration.class).getWebhooks().getFirst();

        assertThat(webhook.getName()).isEqualTo("pods.spiderpool.spidernet.io");
        assertThat(webhook.getClientConfig().getService().getPath()).isEqualTo(PodInjectAdmission.PATH);
        assertThat(webhook.getClientConfig().getService().getPort()).isEqualTo(5722);
        assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
        assertThat(webhook.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("");
            assertThat(rule.getResources()).containsExactly("pods");
            assertThat(rule.getOperations()).containsExactly("CREATE");
        });
        assertThat(webhook.getNamespaceSelector().getMatchExpressions()).singleElement().satisfies(e -> {
            assertThat(e.getKey()).isEqualTo("kubernetes.io/metadata.name");
            assertThat(e.getOperator()).isEqualTo("NotIn");
            assertThat(e.getValues()).containsExactlyElementsOf(InjectScope.DEFAULT_EXCLUDE);
        });
    }
}
