package io.spidernet.spiderpool.controller.reconcile;

import static io.spidernet.spiderpool.controller.reconcile.SubnetWorld.ips;
import static io.spidernet.spiderpool.controller.reconcile.SubnetWorld.ipsOf;
import static io.spidernet.spiderpool.controller.reconcile.SubnetWorld.list;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.model.Route;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import io.spidernet.spiderpool.core.model.SubnetStatus;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The subnet reconciler against fabric8's CRUD API server: status, adoption of manual pools, deletion. */
@EnableKubernetesMockClient(crud = true)
class SubnetReconcilerTest {
    private static final String CIDR = "10.6.0.0/24";
    KubernetesClient client;
    private SubnetWorld world;

    @BeforeEach
    void world() {
        world = new SubnetWorld(client);
    }

    @Test
    void I00001_I00002_subnetCrudKeepsTotalAndAllocatedCounts() {
        world.subnet("s4", CIDR, list("10.6.0.10-10.6.0.19"), list());
        SubnetStatus status = world.subnet("s4").getStatus();
        assertThat(status.getTotalIPCount()).isEqualTo(10L);
        assertThat(status.getAllocatedIPCount()).isZero();
        assertThat(status.getControlledIPPools()).isNull();

        SpiderSubnet grown = world.subnet("s4");
        grown.getSpec().setIps(list("10.6.0.10-10.6.0.29"));
        client.resource(grown).update();
        world.subnets.reconcile(world.subnet("s4"));
        assertThat(world.subnet("s4").getStatus().getTotalIPCount()).as("IPs added").isEqualTo(20L);

        SpiderSubnet shrunk = world.subnet("s4");
        shrunk.getSpec().setIps(list("10.6.0.10-10.6.0.14"));
        client.resource(shrunk).update();
        world.subnets.reconcile(world.subnet("s4"));
        assertThat(world.subnet("s4").getStatus().getTotalIPCount()).as("IPs removed").isEqualTo(5L);

        client.resource(world.subnet("s4")).delete();
        assertThat(world.subnets.reconcile(world.subnet("s4"))).isTrue();
        assertThat(world.subnet("s4")).as("no pool: the finalizer goes at once").isNull();
    }

    @Test
    void D00007_manualPoolCrudIsCountedInTheSubnet() {
        world.subnet("s4", CIDR, list("10.6.0.10-10.6.0.50"), list());
        world.create(world.manualPool("manual", CIDR, list("10.6.0.20-10.6.0.24")));
        world.subnets.reconcile(world.subnet("s4"));
        assertThat(world.subnet("s4").getStatus().getAllocatedIPCount()).isEqualTo(5L);
        assertThat(world.recorded("s4", "manual")).isEqualTo(ips("10.6.0.20-10.6.0.24"));

        SpiderIPPool edited = world.pool("manual");
        edited.getSpec().setIps(list("10.6.0.20-10.6.0.27"));
        client.resource(edited).update();
        world.subnets.reconcile(world.subnet("s4"));
        assertThat(world.subnet("s4").getStatus().getAllocatedIPCount()).isEqualTo(8L);

        client.resource(world.pool("manual")).delete();
        world.finishDeletions("s4");
        assertThat(world.pool("manual")).isNull();
        assertThat(world.subnet("s4").getStatus().getAllocatedIPCount()).isZero();
        assertThat(world.subnet("s4").getStatus().getControlledIPPools()).isNull();
    }

    @Test
    void D00008_manualPoolInheritsTheSubnetsGatewayAndRoutesOnlyWhereItHasNone() {
        world.subnet("s4", CIDR, list("10.6.0.10-10.6.0.50"), list());
        world.create(world.manualPool("bare", CIDR, list("10.6.0.20")));
        SpiderIPPool own = world.manualPool("own", CIDR, list("10.6.0.21"));
        own.getSpec().setGateway("10.6.0.254");
        own.getSpec().setRoutes(List.of());
        world.create(own);

        world.subnets.reconcile(world.subnet("s4"));

        SpiderIPPool bare = world.pool("bare");
        assertThat(bare.getSpec().getGateway()).isEqualTo("10.6.0.1");
        assertThat(bare.getSpec().getRoutes()).containsExactly(new Route("10.99.0.0/16", "10.6.0.1"));
        assertThat(bare.getMetadata().getLabels()).containsEntry(SpiderpoolAnnotations.LABEL_OWNER_SPIDER_SUBNET, "s4");
        assertThat(bare.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(r -> assertThat(r.getKind()).isEqualTo("SpiderSubnet"))
                .satisfies(r -> assertThat(r.getController()).isTrue());
        SpiderIPPool kept = world.pool("own");
        assertThat(kept.getSpec().getGateway()).isEqualTo("10.6.0.254");
        assertThat(kept.getSpec().getRoutes()).as("an explicit empty list is the user's").isEmpty();
        assertThat(kept.getMetadata().getOwnerReferences()).hasSize(1);
    }

    @Test
    void I00005_changingTheSubnetsGatewayAndRoutesLeavesAdoptedPoolsAlone() {
        world.subnet("s4", CIDR, list("10.6.0.10-10.6.0.50"), list());
        SpiderIPPool own = world.manualPool("own", CIDR, list("10.6.0.21"));
        own.getSpec().setGateway("10.6.0.254");
        own.getSpec().setRoutes(List.of(new Route("10.50.0.0/16", "10.6.0.254")));
        world.create(own);
        world.create(world.manualPool("inherited", CIDR, list("10.6.0.22")));
        world.subnets.reconcile(world.subnet("s4"));

        SpiderSubnet changed = world.subnet("s4");
        changed.getSpec().setGateway("10.6.0.2");
        changed.getSpec().setRoutes(List.of(new Route("10.98.0.0/16", "10.6.0.2")));
        client.resource(changed).update();
        world.subnets.reconcile(world.subnet("s4"));

        assertThat(world.pool("own").getSpec().getGateway()).isEqualTo("10.6.0.254");
        assertThat(world.pool("own").getSpec().getRoutes()).containsExactly(new Route("10.50.0.0/16", "10.6.0.254"));
        assertThat(world.pool("inherited").getSpec().getGateway()).as("inherited once, at adoption").isEqualTo("10.6.0.1");
    }

    @Test
    void aManualPoolWithIpsOutsideTheSubnetIsNotAdoptedAndTheUserIsToldWhatToChange() {
        world.subnet("s4", CIDR, list("10.6.0.10-10.6.0.50"), list());
        world.create(world.manualPool("wide", CIDR, list("10.6.0.45-10.6.0.60")));

        world.subnets.reconcile(world.subnet("s4"));

        assertThat(world.pool("wide").getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(world.subnet("s4").getStatus().getControlledIPPools()).isNull();
        assertThat(world.warnings("NotAdopted")).singleElement().satisfies(e -> {
            assertThat(e.getInvolvedObject().getName()).isEqualTo("wide");
            assertThat(e.getMessage()).contains("10.6.0.51-10.6.0.60").contains("add them to the subnet's spec.ips");
        });
    }

    @Test
    void I00022_aRecordOfAPoolThatNoLongerExistsIsDroppedAndItsIpsAreFree() {
        world.subnet("s4", CIDR, list("10.6.0.10-10.6.0.50"), list());
        SpiderSubnet dirty = world.subnet("s4");
        dirty.getStatus().setControlledIPPools("{\"ghost\":{\"ips\":[\"10.6.0.10-10.6.0.20\"],\"application\":\"apps_v1_Deployment_x_y\"}}");
        dirty.getStatus().setAllocatedIPCount(11L);
        client.resource(dirty).updateStatus();

        world.subnets.reconcile(world.subnet("s4"));

        assertThat(world.subnet("s4").getStatus().getControlledIPPools()).isNull();
        assertThat(world.subnet("s4").getStatus().getAllocatedIPCount()).isZero();
        world.sync.sync(world.app(SubnetWorld.Kind.DEPLOYMENT, "web", 1, SubnetWorld.subnetV4("s4")));
        assertThat(ipsOf(world.onlyPoolOf("web"))).isEqualTo(ips("10.6.0.10-10.6.0.11"));
    }

    @Test
    void aDeletedSubnetDeletesItsPoolsAndGoesOnceTheyAreGone() {
        world.subnet("s4", CIDR, list("10.6.0.10-10.6.0.50"), list());
        world.create(world.manualPool("manual", CIDR, list("10.6.0.40")));
        world.subnets.reconcile(world.subnet("s4"));
        world.sync.sync(world.app(SubnetWorld.Kind.DEPLOYMENT, "web", 1, SubnetWorld.subnetV4("s4")));
        assertThat(world.allPools()).hasSize(2);

        client.resource(world.subnet("s4")).delete();
        assertThat(world.subnets.reconcile(world.subnet("s4"))).as("pools still going").isFalse();
        assertThat(world.allPools()).allSatisfy(p -> assertThat(p.isTerminating()).isTrue());
        assertThat(world.subnet("s4")).as("finalizer kept while pools exist").isNotNull();

        world.finishDeletions("s4");

        assertThat(world.allPools()).isEmpty();
        assertThat(world.subnet("s4")).isNull();
    }

    @Test
    void withoutTheSubnetFeatureTheReconcilerDoesNothing() {
        world = new SubnetWorld(client, SpiderpoolConf.defaults().withSpiderSubnet(false, false));
        world.subnet("off", CIDR, list("10.6.0.10-10.6.0.50"), list());
        world.create(world.manualPool("manual", CIDR, list("10.6.0.40")));

        world.subnets.reconcile(world.subnet("off"));

        assertThat(world.subnet("off").getStatus()).isNull();
        assertThat(world.pool("manual").getMetadata().getOwnerReferences()).isNullOrEmpty();
    }
}
