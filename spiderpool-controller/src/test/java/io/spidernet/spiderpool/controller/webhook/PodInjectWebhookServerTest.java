package io.spidernet.spiderpool.controller.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.spidernet.spiderpool.core.model.multus.SpiderMultusConfig;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The pod webhook switched on, as the API server meets it: over HTTPS, with the SpiderMultusConfigs
 * and namespaces read by the controller's informers from the test API server.
 */
@QuarkusTest
@TestProfile(PodInjectWebhookServerTest.InjectionOn.class)
@WithKubernetesTestServer(crud = true, setup = PodInjectWebhookServerTest.Cluster.class)
class PodInjectWebhookServerTest {
    private static final String NS = "kube-system";

    public static final class InjectionOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("spiderpool.controller.webhook.pod-resource-inject", "true");
        }
    }

    /** Before the controller starts: the SpiderMultusConfig CRD, two networks of group "macvlan-rdma", an annotated namespace. */
    public static final class Cluster implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            KubernetesClient client = server.getClient();
            try (InputStream in = Files.newInputStream(Path.of("../deploy/crds/spidermultusconfigs.spiderpool.spidernet.io.yaml"))) {
                client.apiextensions().v1().customResourceDefinitions().load(in).create();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            for (String name : new String[] {"nad2", "nad1"}) {
                client.resource(Serialization.unmarshal("""
                        apiVersion: spiderpool.spidernet.io/v2beta1
                        kind: SpiderMultusConfig
                        metadata:
                          namespace: rdma-team
                          name: %s
                          labels: {cni.spidernet.io/rdma-resource-inject: macvlan-rdma}
                        spec:
                          cniType: macvlan
                          macvlan: {master: [eth1], rdmaResourceName: spidernet.io/rdma_resource_%s, ippools: {ipv4: [v4]}}
                        """.formatted(name, name), SpiderMultusConfig.class)).create();
            }
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("rdma-default")
                    .addToAnnotations("cni.spidernet.io/rdma-resource-inject", "macvlan-rdma").endMetadata().build()).create();
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    WebhookServer webhooks;

    private WebhookHttps https() throws Exception {
        Secret secret = server.getClient().secrets().inNamespace(NS).withName("spiderpool-controller-server-certs").get();
        return new WebhookHttps(webhooks.port(), WebhookCertificates.material(secret).orElseThrow().caCertificate(),
                "spiderpool-controller.kube-system.svc");
    }

    private static ObjectNode pod(String ns, String annotations) {
        return WebhookHttps.object("""
                apiVersion: v1
                kind: Pod
                metadata: {name: p, namespace: %s, annotations: %s}
                spec: {containers: [{name: c, image: alpine}]}
                """.formatted(ns, annotations));
    }

    private JsonNode post(ObjectNode pod) throws Exception {
        ObjectNode review = WebhookHttps.review("CREATE", "p", pod, null);
        ((ObjectNode) review.get("request")).put("namespace", pod.at("/metadata/namespace").asText());
        // the informers list at start; until then the answer is 503, which the API server retries as well
        for (int i = 0; ; i++) {
            JsonNode r = https().post(PodInjectAdmission.PATH, review);
            if (r.at("/status/code").asInt() != 503 || i == 100) {
                return r;
            }
            Thread.sleep(100);
        }
    }

    @Test
    void h00001APodOfTheGroupGetsTheNetworksAndResourcesFromTheInformers() throws Exception {
        ObjectNode pod = pod("app", "{cni.spidernet.io/rdma-resource-inject: macvlan-rdma}");

        JsonNode after = WebhookHttps.patched(pod, post(pod));

        assertThat(after.at("/metadata/annotations/k8s.v1.cni.cncf.io~1networks").asText()).isEqualTo("rdma-team/nad1,rdma-team/nad2");
        assertThat(after.at("/spec/containers/0/resources/limits").toString())
                .contains("spidernet.io/rdma_resource_nad1").contains("spidernet.io/rdma_resource_nad2");
    }

    @Test
    void aPodOfAnAnnotatedNamespaceIsInjectedWithoutItsOwnAnnotation() throws Exception {
        ObjectNode pod = pod("rdma-default", "{}");

        JsonNode after = WebhookHttps.patched(pod, post(pod));

        assertThat(after.at("/metadata/annotations/k8s.v1.cni.cncf.io~1networks").asText()).isEqualTo("rdma-team/nad1,rdma-team/nad2");
    }

    @Test
    void anUnknownGroupIsRefused() throws Exception {
        JsonNode r = post(pod("app", "{cni.spidernet.io/network-resource-inject: nothing}"));

        assertThat(r.get("allowed").asBoolean()).isFalse();
        assertThat(r.at("/status/code").asInt()).isEqualTo(403);
    }
}
