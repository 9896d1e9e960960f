package io.spidernet.spiderpool.core.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PoolStore} must do; each implementation's test extends this and says how to
 * create a store holding a pool.
 */
public abstract class PoolStoreContract {

    /** A store that holds exactly this pool. */
    protected abstract PoolStore storeWith(SpiderIPPool pool);

    private final SpiderIPPool pool = Pools.pool("p1", "10.0.0.0/24", List.of("10.0.0.10-10.0.0.20"));

    @Test
    void readsWhatItHolds() {
        PoolStore store = storeWith(pool);
        assertThat(store.read("p1")).hasValueSatisfying(p -> assertThat(p.getSpec().getSubnet()).isEqualTo("10.0.0.0/24"));
        assertThat(store.read("missing")).isEmpty();
    }

    @Test
    void writeAtTheReadVersionSucceedsAndChangesTheVersion() {
        PoolStore store = storeWith(pool);
        SpiderIPPool read = store.read("p1").orElseThrow();
        IPPoolStatus status = new IPPoolStatus("{\"10.0.0.10\":{\"pod\":\"ns/a\",\"podUid\":\"u1\"}}", null, 1L);

        PoolStore.WriteResult r = store.writeStatus(read, status);

        assertThat(r).isInstanceOf(PoolStore.WriteResult.Written.class);
        SpiderIPPool now = store.read("p1").orElseThrow();
        assertThat(now.getStatus().getAllocatedIPs()).isEqualTo(status.getAllocatedIPs());
        assertThat(now.getMetadata().getResourceVersion()).isNotEqualTo(read.getMetadata().getResourceVersion());
    }

    @Test
    void writeAtAStaleVersionConflictsAndChangesNothing() {
        PoolStore store = storeWith(pool);
        SpiderIPPool stale = store.read("p1").orElseThrow();
        store.writeStatus(stale, new IPPoolStatus("{\"10.0.0.10\":{\"pod\":\"ns/a\",\"podUid\":\"u1\"}}", null, 1L));

        PoolStore.WriteResult r = store.writeStatus(stale, new IPPoolStatus("{\"10.0.0.11\":{\"pod\":\"ns/b\",\"podUid\":\"u2\"}}", null, 1L));

        assertThat(r).isInstanceOf(PoolStore.WriteResult.Conflict.class);
        assertThat(store.read("p1").orElseThrow().getStatus().getAllocatedIPs()).contains("10.0.0.10").doesNotContain("10.0.0.11");
    }

    @Test
    void writeDoesNotTouchTheSpec() {
        PoolStore store = storeWith(pool);
        SpiderIPPool read = store.read("p1").orElseThrow();
        read.getSpec().setIps(List.of("10.0.0.99"));
        store.writeStatus(read, new IPPoolStatus(null, null, 0L));
        assertThat(store.read("p1").orElseThrow().getSpec().getIps()).containsExactly("10.0.0.10-10.0.0.20");
    }
}
