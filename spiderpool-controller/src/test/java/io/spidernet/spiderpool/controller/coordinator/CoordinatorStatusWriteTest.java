package io.spidernet.spiderpool.controller.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorSpec;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorStatus;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The status write's precondition. The CRUD test server does not check a resourceVersion on a PUT
 * of {@code /status} (kube-apiserver does, with 409), so here the server answers as
 * kube-apiserver would and the request is checked for the version it carries.
 */
@EnableKubernetesMockClient
class CoordinatorStatusWriteTest {
    private static final String PATH = "/apis/spiderpool.spidernet.io/v2beta1/spidercoordinators/default/status";

    KubernetesClient client;
    KubernetesMockServer server;

    @Test
    void theWriteCarriesTheVersionReadAndA409IsAChangeToRecomputeFrom() throws InterruptedException {
        server.expect().put().withPath(PATH).andReturn(409, new StatusBuilder().withCode(409).withReason("Conflict")
                .withMessage("the object has been modified").build()).once();
        server.expect().put().withPath(PATH).andReturn(200, read("8")).once();
        server.expect().put().withPath(PATH).andReturn(404, new StatusBuilder().withCode(404).build()).once();

        assertThat(CoordinatorStatusDuty.writeStatus(client, read("7"), synced())).isFalse();
        RecordedRequest put = server.takeRequest();
        assertThat(put.getMethod()).isEqualTo("PUT");
        SpiderCoordinator sent = client.getKubernetesSerialization().unmarshal(put.getBody().readUtf8(), SpiderCoordinator.class);
        assertThat(sent.getMetadata().getResourceVersion()).isEqualTo("7");
        assertThat(sent.getStatus().getServiceCIDR()).containsExactly("10.96.0.0/12");

        assertThat(CoordinatorStatusDuty.writeStatus(client, read("8"), synced())).isTrue();
        assertThat(CoordinatorStatusDuty.writeStatus(client, read("9"), synced())).as("gone: nothing to write to").isTrue();
    }

    @Test
    void anObjectNotReadFromTheApiIsRefused() {
        SpiderCoordinator unread = read(null);
        assertThatThrownBy(() -> CoordinatorStatusDuty.writeStatus(client, unread, synced()))
                .hasMessageContaining("has no resourceVersion");
    }

    private static SpiderCoordinator read(String version) {
        SpiderCoordinator c = new SpiderCoordinator();
        c.setMetadata(new ObjectMetaBuilder().withName("default").withResourceVersion(version).build());
        c.setSpec(new CoordinatorSpec());
        return c;
    }

    private static CoordinatorStatus synced() {
        CoordinatorStatus s = new CoordinatorStatus();
        s.setPhase("Synced");
        s.setOverlayPodCIDR(List.of());
        s.setServiceCIDR(List.of("10.96.0.0/12"));
        return s;
    }
}
