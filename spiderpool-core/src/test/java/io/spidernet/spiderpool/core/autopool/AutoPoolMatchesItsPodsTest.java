package io.spidernet.spiderpool.core.autopool;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.selection.NicRequest;
import io.spidernet.spiderpool.core.selection.PodFacts;
import io.spidernet.spiderpool.core.selection.PoolFilters;
import io.spidernet.spiderpool.core.workload.TopControllers;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The pool the controller plans for an application passes the agent's pod filter for that
 * application's pods as the agent sees them: the top controller resolved from real owner references
 * ({@code apps/v1}), against the pool's app labels ({@code v1}: a label value holds no slash).
 */
class AutoPoolMatchesItsPodsTest {

    @Test
    void aDeploymentsPoolServesThePodsOfItsReplicaSetsAndNoOtherApplication() {
        AutoPoolWorld world = new AutoPoolWorld();
        var subnet = world.subnet("s4", "10.6.0.0/24", "10.6.0.1-10.6.0.50");
        AppWorkload web = Apps.workload(Apps.Kind.DEPLOYMENT, "web", "dep-uid-1", 2, Apps.subnetV4("s4"));
        PoolDemand demand = PoolDemands.of(web, SpiderpoolConf.defaults()).getFirst();
        SpiderIPPool pool = AutoPoolTemplate.newPool(demand, subnet, AutoPoolWorld.ips(IpFamily.V4, "10.6.0.1-10.6.0.3"));

        assertThat(podFilter(pool, podOf("web", "dep-uid-1"))).isEmpty();
        assertThat(podFilter(pool, podOf("api", "dep-uid-2"))).get().asString().contains("web");
    }

    private static Optional<String> podFilter(SpiderIPPool pool, PodFacts.TopController top) {
        PodFacts facts = new PodFacts(Apps.NS, "pod-0", Map.of(), Map.of(), "node-1", Map.of(), top);
        PoolFilters.Context ctx = new PoolFilters.Context(facts, new NicRequest("eth0", List.of(), List.of(), false, null),
                IpFamily.V4, "kube-system", false, List.of());
        return PoolFilters.CHAIN.stream().filter(f -> f.name().equals("pod")).findFirst().orElseThrow()
                .refusal().apply(pool, ctx);
    }

    /** A pod of a ReplicaSet of Deployment {@code deployment}, resolved as the agent does. */
    private static PodFacts.TopController podOf(String deployment, String uid) {
        OwnerReference rs = new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                .withName(deployment + "-5d8f").withUid("rs-" + uid).withController(true).build();
        OwnerReference dep = new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                .withName(deployment).withUid(uid).withController(true).build();
        Pod pod = new PodBuilder().withNewMetadata().withNamespace(Apps.NS).withName(deployment + "-5d8f-x")
                .withOwnerReferences(rs).endMetadata().build();
        return TopControllers.resolve(pod, ref -> Optional.of(dep));
    }
}
