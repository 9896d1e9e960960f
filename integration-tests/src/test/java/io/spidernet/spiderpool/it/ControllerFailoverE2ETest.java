package io.spidernet.spiderpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderpoolGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Leader failover (issue 5): two controller replicas on upstream's lease (15 s / 10 s / 2 s) against
 * one API server. Only the holder reconciles; kill -9 of the holder leaves the lease to expire, the
 * follower takes over and finishes what was asked meanwhile; a graceful stop hands the lease over at
 * once. The pools end in the state one controller alone would leave: totals right, empty deleted
 * pools gone, pools still holding addresses kept, and no agent-written ledger changed.
 */
class ControllerFailoverE2ETest {
    private static final Duration LEASE = Duration.ofSeconds(15);
    /** A running pod's record: the garbage collector, which the leader runs too, must leave it. */
    private static final String LEDGER = "{\"10.9.%d.1\":{\"pod\":\"ns/p-%d\",\"podUid\":\"%s\"}}";

    @Test
    void R00007_G00008_followerTakesOverAfterTheLeaderIsKilledAndNothingIsReconciledWrongly() throws Exception {
        Assumptions.assumeTrue(Files.exists(ControllerProcess.controllerJar()),
                "controller app not built at " + ControllerProcess.controllerJar() + "; run mvn install from the root");
        try (CountingApiServer api = new CountingApiServer()) {
            KubernetesClient client = api.client();
            for (int i = 0; i < 10; i++) {
                client.resource(pool("before-" + i, i)).create();
            }
            try (ControllerProcess a = ControllerProcess.launch("ctl-a", api.url(), Map.of());
                 ControllerProcess b = ControllerProcess.launch("ctl-b", api.url(), Map.of())) {
                await("a lease holder", Duration.ofSeconds(90), () -> holder(client).isPresent(), a, b);
                String first = holder(client).orElseThrow();
                ControllerProcess leader = first.equals("ctl-a") ? a : b;
                ControllerProcess follower = leader == a ? b : a;
                String next = leader == a ? "ctl-b" : "ctl-a";
                await("the leader counting the first pools", Duration.ofSeconds(60), () -> allCounted(client, "before-"), a, b);
                assertThat(follower.log()).as("the follower reconciles nothing").doesNotContain("leads; starting");

                Instant killed = Instant.now();
                leader.kill();
                for (int i = 0; i < 10; i++) {
                    client.resource(pool("after-" + i, 10 + i)).create();
                }
                for (int i = 0; i < 5; i++) {
                    holdAddress(client, "before-" + i, i);
                }
                for (int i = 0; i < 10; i++) {
                    client.resources(SpiderIPPool.class).withName("before-" + i).delete();
                }
                await("the follower taking the lease", LEASE.multipliedBy(3), () -> holder(client).equals(Optional.of(next)), follower);
                Duration takeover = Duration.between(killed, Instant.now());
                try {
                    await("the new leader finishing the work", Duration.ofSeconds(60),
                            () -> allCounted(client, "after-") && remaining(client, "before-").size() == 5, follower);
                } catch (AssertionError e) {
                    throw new AssertionError("pools: " + describe(client) + "\n" + e.getMessage(), e);
                }
                System.out.printf("controller failover: kill -9 of %s, %s held the lease %.1f s later (lease %d s)%n",
                        first, next, takeover.toMillis() / 1000.0, LEASE.toSeconds());
                // the follower acquires at its first retry after expiry: fabric8 waits the retry period (2 s)
                // times 1 + up to 1.2 of jitter, so up to 15 + 4.4 s after the last renewal, plus a loaded machine
                assertThat(takeover).as("takeover once the lease expired, at the follower's next retry")
                        .isLessThan(LEASE.plusSeconds(8));

                for (SpiderIPPool kept : remaining(client, "before-")) {
                    int i = Integer.parseInt(kept.getMetadata().getName().substring("before-".length()));
                    assertThat(i).as("only pools still holding an address stay").isLessThan(5);
                    assertThat(kept.getMetadata().getFinalizers()).contains(SpiderpoolGroup.FINALIZER);
                    assertThat(kept.getStatus().getAllocatedIPs()).isEqualTo(ledger(client, i));
                    assertThat(kept.getStatus().getTotalIPCount()).isEqualTo(10L);
                }

                // a graceful stop releases the lease: the (restarted) other replica leads at once
                try (ControllerProcess again = ControllerProcess.launch(first, api.url(), Map.of())) {
                    await("the restarted replica following", Duration.ofSeconds(60), () -> logs(again).contains("competes for lease"), again);
                    Instant stopped = Instant.now();
                    follower.close();
                    await("the restarted replica taking the released lease", LEASE, () -> holder(client).equals(Optional.of(first)), again);
                    System.out.printf("controller handover on SIGTERM: %.1f s%n", Duration.between(stopped, Instant.now()).toMillis() / 1000.0);
                }
            }
        }
    }

    private static SpiderIPPool pool(String name, int octet) {
        SpiderIPPool pool = new SpiderIPPool();
        pool.setMetadata(new ObjectMetaBuilder().withName(name).withFinalizers(SpiderpoolGroup.FINALIZER).build());
        IPPoolSpec spec = new IPPoolSpec();
        spec.setIpVersion(IpVersion.IPV4);
        spec.setSubnet("10.9." + octet + ".0/24");
        spec.setIps(List.of("10.9." + octet + ".1-10.9." + octet + ".10"));
        pool.setSpec(spec);
        return pool;
    }

    private static String ledger(KubernetesClient client, int octet) {
        return LEDGER.formatted(octet, octet, client.pods().inNamespace("ns").withName("p-" + octet).get().getMetadata().getUid());
    }

    /** What an agent does at ADD for a running pod: the ledger in status, as one version-checked write. */
    private static void holdAddress(KubernetesClient client, String name, int octet) {
        client.pods().inNamespace("ns").resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
                .withNamespace("ns").withName("p-" + octet).endMetadata().withNewSpec().withNodeName("node-1").endSpec()
                .withNewStatus().withPhase("Running").addNewPodIP("10.9." + octet + ".1").endStatus().build()).create();
        for (int attempt = 0; ; attempt++) {
            SpiderIPPool pool = client.resources(SpiderIPPool.class).withName(name).get();
            IPPoolStatus status = pool.getStatus() == null ? new IPPoolStatus() : pool.getStatus();
            status.setAllocatedIPs(ledger(client, octet));
            status.setAllocatedIPCount(1L);
            pool.setStatus(status);
            try {
                client.resource(pool).updateStatus();
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt > 20) {
                    throw e;
                }
            }
        }
    }

    private static Optional<String> holder(KubernetesClient client) {
        Lease lease = client.leases().inNamespace("kube-system").withName("spiderpool-controller-leases").get();
        return Optional.ofNullable(lease).map(l -> l.getSpec().getHolderIdentity()).filter(h -> !h.isEmpty());
    }

    private static boolean allCounted(KubernetesClient client, String prefix) {
        List<SpiderIPPool> pools = remaining(client, prefix);
        return pools.size() == 10 && pools.stream().allMatch(p -> p.getStatus() != null
                && Long.valueOf(10).equals(p.getStatus().getTotalIPCount()));
    }

    private static List<SpiderIPPool> remaining(KubernetesClient client, String prefix) {
        return client.resources(SpiderIPPool.class).list().getItems().stream()
                .filter(p -> p.getMetadata().getName().startsWith(prefix)).toList();
    }

    private static List<String> describe(KubernetesClient client) {
        return client.resources(SpiderIPPool.class).list().getItems().stream()
                .map(p -> p.getMetadata().getName() + (p.getMetadata().getDeletionTimestamp() != null ? " (deleting)" : "")
                        + " total=" + (p.getStatus() == null ? null : p.getStatus().getTotalIPCount())).toList();
    }

    private static String logs(ControllerProcess p) {
        try {
            return p.log();
        } catch (IOException e) {
            return "";
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier done, ControllerProcess... watched) throws Exception {
        Instant end = Instant.now().plus(timeout);
        while (!done.getAsBoolean()) {
            boolean died = java.util.Arrays.stream(watched).anyMatch(p -> !p.isAlive());
            if (died || Instant.now().isAfter(end)) {
                StringBuilder logs = new StringBuilder();
                for (ControllerProcess p : watched) {
                    logs.append("\n--- controller log ---\n").append(logs(p));
                }
                throw new AssertionError((died ? "a controller exited" : "timed out") + " waiting for " + what
                        + " (limit " + timeout + ")" + logs);
            }
            Thread.sleep(100);
        }
    }
}
