package io.spidernet.spiderpool.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pool reconciler against fabric8's CRUD API server (status a subresource, 409 on a stale version). */
@EnableKubernetesMockClient(crud = true)
class IPPoolReconcilerTest {
    static KubernetesClient client;

    private IPPoolReconciler reconciler;

    @BeforeEach
    void crds() {
        TestCrds.create(client, "spiderippools");
        reconciler = new SubnetWorld(client).pools;
    }

    @Test
    void totalIsIpsMinusExcludeAndCountStartsAtZero() {
        SpiderIPPool pool = create(pool("p4", IpVersion.IPV4, "10.0.0.0/24", List.of("10.0.0.1-10.0.0.10"), List.of("10.0.0.10")));

        assertThat(reconciler.reconcile(pool)).isTrue();

        IPPoolStatus status = read("p4").getStatus();
        assertThat(status.getTotalIPCount()).isEqualTo(9L);
        assertThat(status.getAllocatedIPCount()).isZero();
    }

    @Test
    void D00017_largeIpv6PoolsAreCountedExactlyUpToTheInt64Limit() {
        SpiderIPPool big = create(pool("v6-big", IpVersion.IPV6, "fd00::/64", List.of("fd00::1-fd00::10:0"), List.of()));
        SpiderIPPool huge = create(pool("v6-huge", IpVersion.IPV6, "fd01::/48", List.of("fd01::-fd01::ffff:ffff:ffff:ffff:ffff"), List.of()));

        reconciler.reconcile(big);
        reconciler.reconcile(huge);

        assertThat(read("v6-big").getStatus().getTotalIPCount()).isEqualTo(0x10_0000L);
        assertThat(read("v6-huge").getStatus().getTotalIPCount()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anAgentWriteSinceTheReadWinsAndTheLedgerIsNeverTouched() {
        SpiderIPPool seen = create(pool("raced", IpVersion.IPV4, "10.0.1.0/24", List.of("10.0.1.1-10.0.1.5"), List.of()));
        SpiderIPPool agentWrote = read("raced");
        agentWrote.setStatus(new IPPoolStatus("{\"10.0.1.1\":{\"pod\":\"ns/a\",\"podUid\":\"u1\"}}", null, 1L));
        client.resource(agentWrote).updateStatus();

        assertThat(reconciler.reconcile(seen)).as("stale basis: 409, nothing written").isFalse();
        assertThat(reconciler.reconcile(read("raced"))).isTrue();

        IPPoolStatus status = read("raced").getStatus();
        assertThat(status.getAllocatedIPs()).contains("10.0.1.1");
        assertThat(status.getAllocatedIPCount()).isEqualTo(1L);
        assertThat(status.getTotalIPCount()).isEqualTo(5L);
    }

    @Test
    void aDeletedPoolKeepsItsFinalizerUntilItsLastAddressIsFree() {
        SpiderIPPool pool = pool("going", IpVersion.IPV4, "10.0.2.0/24", List.of("10.0.2.1-10.0.2.5"), List.of());
        pool.getMetadata().setFinalizers(List.of(SpiderpoolGroup.FINALIZER, "example.com/other"));
        create(pool);
        SpiderIPPool used = read("going");
        used.setStatus(new IPPoolStatus("{\"10.0.2.1\":{\"pod\":\"ns/a\",\"podUid\":\"u1\"}}", 5L, 1L));
        client.resource(used).updateStatus();
        client.resource(read("going")).delete();

        SpiderIPPool terminating = read("going");
        assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
        reconciler.reconcile(terminating);
        assertThat(read("going").getMetadata().getFinalizers()).contains(SpiderpoolGroup.FINALIZER);

        SpiderIPPool released = read("going");
        released.setStatus(new IPPoolStatus("{}", 5L, 0L));
        client.resource(released).updateStatus();
        assertThat(reconciler.reconcile(read("going"))).isTrue();

        assertThat(read("going").getMetadata().getFinalizers()).containsExactly("example.com/other");
    }

    @Test
    void aDeletedEmptyPoolGoesOnceOurFinalizerIsItsLast() {
        SpiderIPPool pool = pool("gone", IpVersion.IPV4, "10.0.3.0/24", List.of("10.0.3.1-10.0.3.5"), List.of());
        pool.getMetadata().setFinalizers(List.of(SpiderpoolGroup.FINALIZER));
        create(pool);
        client.resource(read("gone")).delete();

        assertThat(reconciler.reconcile(read("gone"))).isTrue();

        assertThat(read("gone")).isNull();
    }

    @Test
    void D00006_aHundredPoolsCreatedAndDeletedAtOnceAreCountedThenReleased() throws Exception {
        List<String> names = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "batch-" + i).toList();
        try (var threads = java.util.concurrent.Executors.newFixedThreadPool(16)) {
            for (String name : names) {
                threads.submit(() -> {
                    int n = Integer.parseInt(name.substring(6));
                    SpiderIPPool p = pool(name, IpVersion.IPV4, "10.50." + n + ".0/24", List.of("10.50." + n + ".1-10.50." + n + ".20"), List.of());
                    p.getMetadata().setFinalizers(List.of(SpiderpoolGroup.FINALIZER));
                    return create(p);
                });
            }
        }
        names.forEach(n -> reconciler.reconcile(read(n)));
        assertThat(names).allSatisfy(n -> assertThat(read(n).getStatus().getTotalIPCount()).isEqualTo(20L));

        try (var threads = java.util.concurrent.Executors.newFixedThreadPool(16)) {
            names.forEach(n -> threads.submit(() -> client.resources(SpiderIPPool.class).withName(n).delete()));
        }
        names.forEach(n -> reconciler.reconcile(read(n)));

        assertThat(names).allSatisfy(n -> assertThat(read(n)).isNull());
    }

    private static SpiderIPPool pool(String name, IpVersion version, String subnet, List<String> ips, List<String> exclude) {
        SpiderIPPool pool = new SpiderIPPool();
        pool.setMetadata(new ObjectMetaBuilder().withName(name).build());
        IPPoolSpec spec = new IPPoolSpec();
        spec.setIpVersion(version);
        spec.setSubnet(subnet);
        spec.setIps(ips);
        spec.setExcludeIPs(exclude);
        pool.setSpec(spec);
        return pool;
    }

    private static SpiderIPPool create(SpiderIPPool pool) {
        return client.resource(pool).create();
    }

    private static SpiderIPPool read(String name) {
        return client.resources(SpiderIPPool.class).withName(name).get();
    }
}
