package io.spidernet.spiderpool.controller.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The client CA follows ConfigMap kube-system/extension-apiserver-authentication: absent, published, rotated, deleted. */
@EnableKubernetesMockClient(crud = true)
class KubeClientCaTest {
    KubernetesClient client;

    @Test
    void theBundleFollowsTheConfigMap() throws Exception {
        TestTls.Ca first = TestTls.Ca.create("first");
        TestTls.Ca rotated = TestTls.Ca.create("rotated");
        try (KubeClientCa ca = new KubeClientCa(client)) {
            await(() -> ca.get().absence() != null && ca.get().absence().endsWith("does not exist"));

            client.configMaps().inNamespace("kube-system").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("extension-apiserver-authentication").withNamespace("kube-system").endMetadata()
                    .addToData("client-ca-file", first.pem()).addToData("requestheader-client-ca-file", "").build()).create();
            await(() -> ca.get().present() && ca.get().certificates().getFirst().equals(first.certificate()));

            client.configMaps().inNamespace("kube-system").withName("extension-apiserver-authentication")
                    .edit(c -> new ConfigMapBuilder(c).addToData("client-ca-file", rotated.pem()).build());
            await(() -> ca.get().present() && ca.get().certificates().getFirst().equals(rotated.certificate()));

            client.configMaps().inNamespace("kube-system").withName("extension-apiserver-authentication").delete();
            await(() -> !ca.get().present());
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(50);
        }
    }
}
