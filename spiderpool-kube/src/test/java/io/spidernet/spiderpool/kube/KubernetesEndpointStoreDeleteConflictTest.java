package io.spidernet.spiderpool.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.spidernet.spiderpool.core.model.EndpointStatus;
import io.spidernet.spiderpool.core.model.PodIPAllocation;
import io.spidernet.spiderpool.core.model.SpiderEndpoint;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A delete whose precondition fails: the CRUD mock never answers 409 to a DELETE, so here the test
 * API server answers as a real one would when the record changed since it was judged.
 */
@EnableKubernetesMockClient
class KubernetesEndpointStoreDeleteConflictTest {
    private static final String PATH = "/apis/" + SpiderpoolGroup.GROUP + "/" + SpiderpoolGroup.VERSION
            + "/namespaces/ns/spiderendpoints/web-1";
    private static final Status CONFLICT = new StatusBuilder().withStatus("Failure").withCode(409).withReason("Conflict")
            .withMessage("Precondition failed: ResourceVersion in precondition: 5, ResourceVersion in object meta: 6").build();
    private static final Status DELETED = new StatusBuilder().withStatus("Success").withCode(200).build();

    KubernetesClient client;
    KubernetesMockServer server;

    private static SpiderEndpoint record(String podUid, String version) {
        SpiderEndpoint ep = new SpiderEndpoint();
        ep.setMetadata(new ObjectMetaBuilder().withNamespace("ns").withName("web-1").withUid("record-1")
                .withResourceVersion(version).build());
        ep.setStatus(new EndpointStatus(new PodIPAllocation(podUid, "node-a", List.of()), "Deployment", "web"));
        return ep;
    }

    @Test
    void aRecordRewrittenForAnotherPodIsLeftAlone() throws InterruptedException {
        server.expect().delete().withPath(PATH).andReturn(409, CONFLICT).once();
        server.expect().get().withPath(PATH).andReturn(200, record("pod-new", "6")).once();

        assertThat(new KubernetesEndpointStore(client).delete(record("pod-old", "5"))).isFalse();

        assertThat(deletes()).as("one DELETE, at the judged version").containsExactly("5");
    }

    @Test
    void aRecordOfTheSamePodChangedOtherwiseIsDeletedAtItsNewVersion() throws InterruptedException {
        server.expect().delete().withPath(PATH).andReturn(409, CONFLICT).once();
        server.expect().get().withPath(PATH).andReturn(200, record("pod-old", "6")).once();
        server.expect().delete().withPath(PATH).andReturn(200, DELETED).once();

        assertThat(new KubernetesEndpointStore(client).delete(record("pod-old", "5"))).isTrue();

        assertThat(deletes()).containsExactly("5", "6");
    }

    /** The resourceVersion precondition of each DELETE received, in order. */
    private List<String> deletes() throws InterruptedException {
        List<String> versions = new ArrayList<>();
        for (RecordedRequest r = server.takeRequest(1, TimeUnit.MILLISECONDS); r != null;
             r = server.takeRequest(1, TimeUnit.MILLISECONDS)) {
            if (r.getMethod().equals("DELETE")) {
                versions.add(client.getKubernetesSerialization().unmarshal(r.getUtf8Body(),
                        io.fabric8.kubernetes.api.model.DeleteOptions.class).getPreconditions().getResourceVersion());
            }
        }
        return versions;
    }
}
