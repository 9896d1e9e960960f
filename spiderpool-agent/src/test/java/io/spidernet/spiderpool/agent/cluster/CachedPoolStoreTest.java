package io.spidernet.spiderpool.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.spidernet.spiderpool.kube.KubernetesPoolStore;
import io.spidernet.spiderpool.kube.MockApi;
import io.spidernet.spiderpool.core.allocation.PoolStore.WriteResult;
import io.spidernet.spiderpool.core.allocation.Pools;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reads come from the informer, or from this store's own last write while the informer lags; the API
 * is read only after a write lost. The "informer" here is a reference the test sets, and its copies
 * carry a label the API's do not, so every answer shows where it came from.
 */
@EnableKubernetesMockClient(crud = true)
class CachedPoolStoreTest {
    KubernetesClient client;
    private final AtomicReference<SpiderIPPool> informer = new AtomicReference<>();
    private KubernetesPoolStore api;
    private CachedPoolStore store;

    @BeforeEach
    void pool() {
        MockApi.installCrd(client);
        MockApi.create(client, Pools.pool("p", "10.0.0.0/24", List.of("10.0.0.10-10.0.0.20")));
        api = new KubernetesPoolStore(client);
        store = new CachedPoolStore(api, name -> Optional.ofNullable(informer.get()));
        informer.set(fromInformer(apiCopy()));
    }

    @Test
    void readsComeFromTheInformerWithoutAnApiRead() {
        assertThat(store.read("p").orElseThrow().getMetadata().getLabels()).containsEntry("from", "informer");
    }

    @Test
    void ownWriteIsServedUntilTheInformerCatchesUp() {
        SpiderIPPool basis = store.read("p").orElseThrow();
        WriteResult w = store.writeStatus(basis, new IPPoolStatus("{}", 11L, 0L));
        String written = ((WriteResult.Written) w).pool().getMetadata().getResourceVersion();

        // the informer still has the version before the write: ours is newer and is served
        assertThat(store.read("p").orElseThrow().getMetadata().getResourceVersion()).isEqualTo(written);

        informer.set(fromInformer(apiCopy()));
        assertThat(store.read("p").orElseThrow().getMetadata().getLabels()).containsEntry("from", "informer");
    }

    @Test
    void afterALostWriteThePoolIsReadFromTheApiOnce() {
        SpiderIPPool stale = store.read("p").orElseThrow();
        // another agent writes: the informer has not seen it yet
        api.writeStatus(apiCopy(), new IPPoolStatus("{\"10.0.0.10\":{\"pod\":\"ns/x\",\"podUid\":\"u\"}}", 11L, 1L));

        assertThat(store.writeStatus(stale, new IPPoolStatus("{}", 11L, 0L))).isInstanceOf(WriteResult.Conflict.class);
        SpiderIPPool fresh = store.read("p").orElseThrow();
        assertThat(fresh.getMetadata().getLabels()).as("read from the API").doesNotContainKey("from");
        assertThat(fresh.getStatus().getAllocatedIPCount()).isEqualTo(1L);
        assertThat(store.writeStatus(fresh, new IPPoolStatus("{}", 11L, 0L))).isInstanceOf(WriteResult.Written.class);
    }

    @Test
    void afterALostWriteAnInformerThatCaughtUpSparesTheApiRead() {
        SpiderIPPool stale = store.read("p").orElseThrow();
        api.writeStatus(apiCopy(), new IPPoolStatus("{\"10.0.0.10\":{\"pod\":\"ns/x\",\"podUid\":\"u\"}}", 11L, 1L));
        assertThat(store.writeStatus(stale, new IPPoolStatus("{}", 11L, 0L))).isInstanceOf(WriteResult.Conflict.class);

        informer.set(fromInformer(apiCopy())); // the watch delivered the winning write
        SpiderIPPool next = store.read("p").orElseThrow();
        assertThat(next.getMetadata().getLabels()).containsEntry("from", "informer");
        assertThat(next.getStatus().getAllocatedIPCount()).isEqualTo(1L);
    }

    private SpiderIPPool apiCopy() {
        return client.resources(SpiderIPPool.class).withName("p").get();
    }

    private static SpiderIPPool fromInformer(SpiderIPPool pool) {
        pool.getMetadata().setLabels(Map.of("from", "informer"));
        return pool;
    }
}
