package io.spidernet.spiderpool.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.spidernet.spiderpool.core.allocation.PoolStore.WriteResult;
import io.spidernet.spiderpool.core.allocation.Pools;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the store sends to the API server and how it reads the answers, on fabric8's CRUD mock. */
@EnableKubernetesMockClient(crud = true)
class KubernetesPoolStoreTest {
    KubernetesClient client;
    private KubernetesPoolStore store;

    private static final String LEDGER_A = "{\"10.0.0.10\":{\"pod\":\"ns/a\",\"podUid\":\"u1\"}}";
    private static final String LEDGER_B = "{\"10.0.0.11\":{\"pod\":\"ns/b\",\"podUid\":\"u2\"}}";

    @BeforeEach
    void pool() {
        MockApi.installCrd(client);
        MockApi.create(client, Pools.pool("p1", "10.0.0.0/24", List.of("10.0.0.10-10.0.0.20")));
        store = new KubernetesPoolStore(client);
    }

    @Test
    void twoWritersFromOneVersionTheSecondGets409FromTheApiServer() {
        SpiderIPPool first = store.read("p1").orElseThrow();
        SpiderIPPool second = store.read("p1").orElseThrow();

        assertThat(store.writeStatus(first, new IPPoolStatus(LEDGER_A, 11L, 1L))).isInstanceOf(WriteResult.Written.class);
        assertThat(store.writeStatus(second, new IPPoolStatus(LEDGER_B, 11L, 1L))).isInstanceOf(WriteResult.Conflict.class);

        assertThat(store.conflicts()).isEqualTo(1);
        assertThat(store.writes()).isEqualTo(2);
        IPPoolStatus now = client.resources(SpiderIPPool.class).withName("p1").get().getStatus();
        assertThat(now.getAllocatedIPs()).isEqualTo(LEDGER_A);
    }

    @Test
    void theLedgerStringAndCountsArriveAsGiven() {
        // unusual spacing and key order: the store must not parse and re-encode the ledger
        String ledger = "{ \"10.0.0.12\" : {\"podUid\":\"u3\",\"pod\":\"ns/c\"} }";
        WriteResult r = store.writeStatus(store.read("p1").orElseThrow(), new IPPoolStatus(ledger, 11L, 1L));

        assertThat(r).isInstanceOfSatisfying(WriteResult.Written.class,
                w -> assertThat(w.pool().getStatus().getAllocatedIPs()).isEqualTo(ledger));
        IPPoolStatus now = store.read("p1").orElseThrow().getStatus();
        assertThat(now.getAllocatedIPs()).isEqualTo(ledger);
        assertThat(now.getTotalIPCount()).isEqualTo(11L);
        assertThat(now.getAllocatedIPCount()).isEqualTo(1L);
    }

    @Test
    void aWriteAfterThePoolWasDeletedIsGone() {
        SpiderIPPool read = store.read("p1").orElseThrow();
        client.resources(SpiderIPPool.class).withName("p1").delete();

        assertThat(store.writeStatus(read, new IPPoolStatus(LEDGER_A, 11L, 1L))).isInstanceOf(WriteResult.Gone.class);
        assertThat(store.read("p1")).isEmpty();
    }

    @Test
    void aPoolNotReadFromTheApiIsRefusedRatherThanWrittenUnconditionally() {
        SpiderIPPool unread = Pools.pool("p1", "10.0.0.0/24", List.of("10.0.0.10"));

        assertThatThrownBy(() -> store.writeStatus(unread, new IPPoolStatus(LEDGER_A, 1L, 1L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p1");
    }
}
