package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import org.junit.jupiter.api.Test;

/** The storm's figures are only as good as this server's counting: it is checked on its own here. */
class CountingApiServerTest {

    @Test
    void keysNameVerbResourceAndSubresourceWhateverTheScope() {
        assertThat(CountingApiServer.key("PATCH", "/apis/spiderpool.spidernet.io/v2beta1/spiderippools/p1/status"))
                .isEqualTo("PATCH spiderippools/status");
        assertThat(CountingApiServer.key("GET", "/api/v1/namespaces/storm/pods/a")).isEqualTo("GET pods");
        assertThat(CountingApiServer.key("GET", "/api/v1/namespaces/storm/pods?labelSelector=x")).isEqualTo("LIST pods");
        assertThat(CountingApiServer.key("GET", "/api/v1/pods?allowWatchBookmarks=true&watch=true")).isEqualTo("WATCH pods");
        assertThat(CountingApiServer.key("GET", "/api/v1/namespaces/storm")).isEqualTo("GET namespaces");
        assertThat(CountingApiServer.key("POST", "/apis/spiderpool.spidernet.io/v2beta1/namespaces/storm/spiderendpoints"))
                .isEqualTo("POST spiderendpoints");
        assertThat(CountingApiServer.key("PUT", "/apis/apps/v1/namespaces/storm/replicasets/rs/status"))
                .isEqualTo("PUT replicasets/status");
    }

    @Test
    void aPerNodePodSelectionSeesExactlyThatNodesPods() {
        try (CountingApiServer api = new CountingApiServer()) {
            StormCluster cluster = StormCluster.create(api.client(), 3, 10, 2);
            cluster.createPods("r", 3);

            assertThat(api.client().pods().inAnyNamespace().withField("spec.nodeName", "node-2").list().getItems())
                    .hasSize(2).allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isEqualTo("node-2"));
            assertThat(api.client().pods().inNamespace(StormCluster.NAMESPACE).withField("spec.nodeName", "node-1")
                    .withLabel("app", "app-1").list().getItems()).hasSize(1);
            assertThat(api.client().pods().inAnyNamespace().list().getItems()).hasSize(6);
        }
    }

    @Test
    void aStaleStatusPatchIsAConflictCountedUnderItsKey() {
        try (CountingApiServer api = new CountingApiServer()) {
            StormCluster.create(api.client(), 1, 10, 0);
            String version = StormChecks.pool(api.client()).getMetadata().getResourceVersion();
            CountingApiServer.Counts before = api.counts();

            patchStatus(api, version, 1);
            assertThatThrownBy(() -> patchStatus(api, version, 2)).isInstanceOfSatisfying(KubernetesClientException.class,
                    e -> assertThat(e.getCode()).isEqualTo(409));

            CountingApiServer.Counts during = api.counts().since(before);
            assertThat(during.requests(StormResult.POOL_STATUS_PATCH)).isEqualTo(2);
            assertThat(during.conflicts(StormResult.POOL_STATUS_PATCH)).isEqualTo(1);
            assertThat(during.conflicts()).isEqualTo(1);
            assertThat(during.writes()).isEqualTo(2);
            assertThat(StormChecks.pool(api.client()).getStatus().getAllocatedIPCount()).isEqualTo(1L);
        }
    }

    private static void patchStatus(CountingApiServer api, String version, int count) {
        api.client().resources(SpiderIPPool.class).withName(StormCluster.POOL).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"resourceVersion\":\"" + version + "\"},\"status\":{\"allocatedIPCount\":" + count + "}}");
    }
}
