package io.spidernet.spiderpool.controller.reconcile;

import static io.spidernet.spiderpool.controller.reconcile.SubnetWorld.list;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.spidernet.spiderpool.kube.VersionedPatch;
import io.spidernet.spiderpool.controller.reconcile.SubnetWorld.Kind;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pool deletes carry the resourceVersion they were judged at, so a pool changed or recreated since
 * is kept. fabric8's CRUD server ignores delete preconditions: the tests read the DELETE bodies it
 * recorded, and play the API server's 409 for a stale precondition with an expectation.
 */
@EnableKubernetesMockClient(crud = true)
class VersionedDeleteTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CIDR = "10.7.0.0/24";
    KubernetesMockServer server;
    KubernetesClient client;
    private SubnetWorld world;

    @BeforeEach
    void world() {
        world = new SubnetWorld(client);
        world.subnet("s4", CIDR, list("10.7.0.10-10.7.0.50"), list());
    }

    @Test
    void theDeleteOfAnApplicationsAutoPoolCarriesTheVersionItWasJudgedAt() throws Exception {
        HasMetadata app = world.app(Kind.DEPLOYMENT, "web", 1, SubnetWorld.subnetV4("s4"));
        world.sync.sync(app);
        SpiderIPPool judged = world.onlyPoolOf("web");

        world.delete(Kind.DEPLOYMENT, app);

        assertThat(poolDeletes()).singleElement().satisfies(d -> assertPrecondition(d, judged));
        assertThat(world.allPools()).allSatisfy(p -> assertThat(p.isTerminating()).isTrue());
    }

    @Test
    void theDeleteOfADeletedSubnetsPoolCarriesTheVersionItWasJudgedAt() throws Exception {
        world.sync.sync(world.app(Kind.DEPLOYMENT, "web", 1, SubnetWorld.subnetV4("s4")));
        SpiderIPPool judged = world.onlyPoolOf("web");
        client.resource(world.subnet("s4")).delete();

        world.subnets.reconcile(world.subnet("s4"));

        assertThat(poolDeletes()).singleElement().satisfies(d -> assertPrecondition(d, judged));
    }

    @Test
    void aPoolChangedSinceItWasJudgedLeftBehindIsKeptAndJudgedAgain() throws Exception {
        HasMetadata app = world.app(Kind.DEPLOYMENT, "web", 1, SubnetWorld.subnetV4("s4"));
        world.sync.sync(app);
        client.resource(app).delete();  // no delete event: the pool reconciler finds the pool left behind
        SpiderIPPool judged = world.onlyPoolOf("web");
        conflictOnNextDelete(judged);

        assertThat(world.pools.reconcile(judged)).as("409: a newer version will come").isFalse();
        assertThat(world.pool(judged.getMetadata().getName()).isTerminating()).as("kept").isFalse();

        assertThat(world.pools.reconcile(world.onlyPoolOf("web"))).isTrue();
        assertThat(world.pool(judged.getMetadata().getName()).isTerminating()).isTrue();
    }

    @Test
    void aPoolChangedBetweenTheListAndItsDeleteIsJudgedAgainFromANewList() throws Exception {
        HasMetadata app = world.app(Kind.DEPLOYMENT, "web", 1, SubnetWorld.subnetV4("s4"));
        world.sync.sync(app);
        SpiderIPPool judged = world.onlyPoolOf("web");
        conflictOnNextDelete(judged);

        world.delete(Kind.DEPLOYMENT, app);

        assertThat(poolDeletes()).as("refused, then sent again after a new list").hasSize(2);
        assertThat(world.pool(judged.getMetadata().getName()).isTerminating()).isTrue();
    }

    @Test
    void aPoolAlreadyGoneIsGone() {
        world.sync.sync(world.app(Kind.DEPLOYMENT, "web", 1, SubnetWorld.subnetV4("s4")));
        SpiderIPPool judged = world.onlyPoolOf("web");
        client.resource(judged).delete();
        world.finishDeletions("s4");
        assertThat(world.pool(judged.getMetadata().getName())).isNull();

        assertThat(VersionedPatch.delete(client, judged)).isEqualTo(VersionedPatch.Deletion.GONE);
    }

    /** The API server's answer to a delete whose resourceVersion precondition no longer holds. */
    private void conflictOnNextDelete(SpiderIPPool pool) {
        server.expect().delete().withPath("/apis/spiderpool.spidernet.io/v2beta1/spiderippools/" + pool.getMetadata().getName())
                .andReturn(409, new StatusBuilder().withStatus("Failure").withCode(409).withReason("Conflict")
                        .withMessage("Precondition failed: ResourceVersion in precondition does not match").build())
                .once();
    }

    private List<RecordedRequest> poolDeletes() throws InterruptedException {
        List<RecordedRequest> deletes = new ArrayList<>();
        for (RecordedRequest r = server.takeRequest(50, TimeUnit.MILLISECONDS); r != null;
                r = server.takeRequest(50, TimeUnit.MILLISECONDS)) {
            if ("DELETE".equals(r.getMethod()) && r.getPath().contains("/spiderippools/")) {
                deletes.add(r);
            }
        }
        return deletes;
    }

    private static void assertPrecondition(RecordedRequest delete, SpiderIPPool judged) {
        try {
            JsonNode body = JSON.readTree(delete.getUtf8Body());
            assertThat(body.at("/preconditions/resourceVersion").asText()).as(body.toString())
                    .isEqualTo(judged.getMetadata().getResourceVersion());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
