package io.spidernet.spiderpool.core.upstream;

import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.IPPOOL;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.IPPOOLS;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.MULTUS_DEFAULT_NETWORK;
import static io.spidernet.spiderpool.core.upstream.UpstreamCluster.addresses;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.spidernet.spiderpool.core.allocation.AllocationEngine.PoolAddress;
import io.spidernet.spiderpool.core.annotation.PoolNames;
import io.spidernet.spiderpool.core.error.IpamException;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ipam.IpamAnswer;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.selection.PoolSource;
import io.spidernet.spiderpool.core.upstream.UpstreamCluster.Pod;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Upstream's IPPool CR cases (test/e2e/ippoolcr) that are decided by selection and allocation: the
 * pool fields that refuse pods (disable, multusName, nodeName, namespaceName). The others (D00001–
 * D00004, D00006–D00008, D00017) are webhook and controller rules; A00011 from the same file is in
 * {@link UpstreamAnnotationCasesTest}.
 */
class UpstreamPoolCrCasesTest {
    private static final String DUAL = "{\"ipv4\":[\"v4pool\"],\"ipv6\":[\"v6pool\"]}";
    private static final PoolNames DUAL_CNI = new PoolNames(List.of("v4pool"), List.of("v6pool"));

    private final UpstreamCluster cluster = new UpstreamCluster();

    private void dualPools(int third, Consumer<IPPoolSpec> spec) {
        cluster.pool("v4pool", "192.168." + third + ".0/24", List.of("192.168." + third + ".2-192.168." + third + ".11"), spec);
        cluster.pool("v6pool", "fd00:192:" + third + "::/120", List.of("fd00:192:" + third + "::2-fd00:192:" + third + "::b"), spec);
    }

    /** The refusal of the first family (IPv4) that had no candidate left. */
    private static List<String> refusals(Pod pod) {
        try {
            pod.add();
        } catch (IpamException.NoAvailablePool e) {
            assertThat(e.upstreamKind()).isEqualTo("no IPPool available");
            assertThat(e).hasMessageContaining("every IPv4 candidate for pod " + pod.ref().namespace() + "/");
            return e.reasons();
        }
        throw new AssertionError("the ADD of " + pod.ref() + " was expected to find no pool");
    }

    @Test
    @DisplayName("D00002 a pool's new gateway and routes reach new pods; running pods keep what they were given")
    void d00002GatewayAndRouteChangesOnlyReachNewPods() {
        cluster.pool("gw-pool", "192.168.2.0/24", List.of("192.168.2.2-192.168.2.10"), s -> s.setGateway("192.168.2.1"));
        Pod before = cluster.pod("ns-d2", "deploy-d2-0").ownedBy("Deployment", "deploy-d2").annotate(IPPOOL, "{\"ipv4\":[\"gw-pool\"]}");
        IpamAnswer first = before.add();

        cluster.editSpec("gw-pool", s -> {
            s.setGateway("192.168.2.254");
            s.setRoutes(List.of(new io.spidernet.spiderpool.core.model.Route("10.10.0.0/16", "192.168.2.253")));
        });
        IpamAnswer after = cluster.pod("ns-d2", "deploy-d2-1").ownedBy("Deployment", "deploy-d2")
                .annotate(IPPOOL, "{\"ipv4\":[\"gw-pool\"]}").add();

        assertThat(first.ipConfigs()).singleElement().satisfies(c -> assertThat(c.gateway()).isEqualTo("192.168.2.1"));
        assertThat(first.routes()).extracting(r -> r.dst() + " via " + r.gw()).containsExactly("0.0.0.0/0 via 192.168.2.1");
        assertThat(after.ipConfigs()).singleElement().satisfies(c -> assertThat(c.gateway()).isEqualTo("192.168.2.254"));
        assertThat(after.routes()).extracting(r -> r.dst() + " via " + r.gw())
                .containsExactlyInAnyOrder("0.0.0.0/0 via 192.168.2.254", "10.10.0.0/16 via 192.168.2.253");
        assertThat(cluster.allocations("gw-pool").get("192.168.2.2").pod()).as("the first pod's address is untouched")
                .isEqualTo("ns-d2/deploy-d2-0");
    }

    @Test
    @DisplayName("D00005 disable: true refuses new allocations but the pod holding an address can still release it")
    void d00005DisabledPool() {
        // upstream marks this case Pending (not run in its CI); the behaviour asserted is what its title and body state
        dualPools(5, s -> { });
        Pod running = cluster.pod("ns-d5", "deploy-d5-0").ownedBy("Deployment", "deploy-d5").annotate(IPPOOL, DUAL);
        Pod scaledUp = cluster.pod("ns-d5", "deploy-d5-1").ownedBy("Deployment", "deploy-d5").annotate(IPPOOL, DUAL);
        running.add();

        cluster.editSpec("v4pool", s -> s.setDisable(true));
        cluster.editSpec("v6pool", s -> s.setDisable(true));

        assertThat(refusals(scaledUp)).containsExactly("IPPool v4pool: is disabled (spec.disable: true)");
        assertThat(cluster.release(running, "v4pool", "v6pool")).containsExactly(
                new PoolAddress("v4pool", IpAddress.parse("192.168.5.2")),
                new PoolAddress("v6pool", IpAddress.parse("fd00:192:5::2")));
        assertThat(cluster.allocations("v4pool")).isEmpty();
        assertThat(cluster.allocations("v6pool")).isEmpty();
    }

    @Test
    @DisplayName("D00009 a pool whose multusName is the NIC's network is used")
    void d00009MultusNameMatches() {
        // upstream: a SpiderMultusConfig names the pools (so they arrive as the CNI config's default pools) and a
        // DaemonSet selects that network as its default network; the pools are bound to it with multusName
        dualPools(9, s -> s.setMultusName(List.of("ns-d9/nad-d9")));
        Pod pod = cluster.pod("ns-d9", "ds-d9-node-1").ownedBy("DaemonSet", "ds-d9")
                .annotate(MULTUS_DEFAULT_NETWORK, "ns-d9/nad-d9");

        IpamAnswer answer = pod.add("eth0", DUAL_CNI);

        assertThat(answer.selection().source()).isEqualTo(PoolSource.CNI_CONFIG_DEFAULT);
        assertThat(addresses(answer)).containsExactly("eth0 192.168.9.2/24 from v4pool", "eth0 fd00:192:9::2/120 from v6pool");
    }

    @Test
    @DisplayName("D00010 a pool whose multusName is not the NIC's network is refused, naming both")
    void d00010MultusNameMismatch() {
        dualPools(10, s -> s.setMultusName(List.of("ns-d10/nad-d10")));
        // upstream: a second DaemonSet names the pools by annotation but stays on the cluster's default network
        Pod pod = cluster.pod("ns-d10", "un-affinity-ds-node-1").ownedBy("DaemonSet", "un-affinity-ds").annotate(IPPOOL, DUAL);

        assertThat(refusals(pod)).containsExactly("IPPool v4pool: spec.multusName [ns-d10/nad-d10] does not include the"
                + " network of NIC eth0 (" + UpstreamCluster.CLUSTER_NETWORK + ")");

        // Ours on purpose: a pool without multusName never looks at the network, so a NIC whose network cannot be
        // resolved (net1 without a k8s.v1.cni.cncf.io/networks entry) still gets it. Upstream now refuses every
        // pool when it cannot resolve the NIC's network (docs/migrating.md, "departs from upstream").
        cluster.pool("eth0-v4", "192.168.110.0/24", "192.168.110.2");
        cluster.pool("net1-v4", "192.168.111.0/24", "192.168.111.2");
        IpamAnswer unresolved = cluster.pod("ns-d10", "no-networks").annotate(IPPOOLS, "[{\"interface\":\"eth0\",\"ipv4\":[\"eth0-v4\"]},"
                + "{\"interface\":\"net1\",\"ipv4\":[\"net1-v4\"]}]").add("eth0", PoolNames.none());
        assertThat(addresses(unresolved)).containsExactly(
                "eth0 192.168.110.2/24 from eth0-v4", "net1 192.168.111.2/24 from net1-v4");
    }

    /** Upstream's pool for D00011–D00013: nodeName names one node, nodeAffinity selects another. */
    private void nodeBoundPools() {
        cluster.node("node-1", Map.of("kubernetes.io/hostname", "node-1"));
        cluster.node("node-2", Map.of("kubernetes.io/hostname", "node-2"));
        cluster.node("node-3", Map.of("kubernetes.io/hostname", "node-3"));
        dualPools(11, s -> {
            s.setNodeName(List.of("node-1"));
            s.setNodeAffinity(new LabelSelectorBuilder().addToMatchLabels("kubernetes.io/hostname", "node-2").build());
        });
    }

    private Pod daemonSetPod(String node) {
        return cluster.pod("ns-d11", "ds-d11-" + node).ownedBy("DaemonSet", "ds-d11").on(node).annotate(IPPOOL, DUAL);
    }

    @Test
    @DisplayName("D00011 a pool whose nodeName includes the pod's node is used")
    void d00011NodeNameMatches() {
        nodeBoundPools();

        IpamAnswer answer = daemonSetPod("node-1").add();

        assertThat(addresses(answer)).containsExactly("eth0 192.168.11.2/24 from v4pool", "eth0 fd00:192:11::2/120 from v6pool");
    }

    @Test
    @DisplayName("D00012 a pool whose nodeName leaves out the pod's node is refused, naming both")
    void d00012NodeNameMismatch() {
        nodeBoundPools();

        assertThat(refusals(daemonSetPod("node-3")))
                .containsExactly("IPPool v4pool: spec.nodeName [node-1] does not include node node-3");
    }

    @Test
    @DisplayName("D00013 nodeName beats nodeAffinity: when set, nodeAffinity is not consulted at all")
    void d00013NodeNameBeatsNodeAffinity() {
        // Upstream's case: the DaemonSet pod on the node nodeAffinity selects fails with "unmatched Node name", the
        // one on the nodeName node runs although nodeAffinity does not select it.
        nodeBoundPools();

        assertThat(refusals(daemonSetPod("node-2")))
                .containsExactly("IPPool v4pool: spec.nodeName [node-1] does not include node node-2");
        assertThat(daemonSetPod("node-1").add().ipConfigs()).hasSize(2);

        // The other sense of the priority (upstream's candidate sort, reference §4.4): among pools that both admit
        // the pod, the one with nodeName is tried before the one with only nodeAffinity, whatever the listed order.
        cluster.pool("by-affinity", "192.168.131.0/24", List.of("192.168.131.2"),
                s -> s.setNodeAffinity(new LabelSelectorBuilder().addToMatchLabels("kubernetes.io/hostname", "node-2").build()));
        cluster.pool("by-name", "192.168.132.0/24", List.of("192.168.132.2"), s -> s.setNodeName(List.of("node-2")));
        IpamAnswer sorted = cluster.pod("ns-d11", "sorted").on("node-2").annotate(IPPOOL, "{\"ipv4\":[\"by-affinity\",\"by-name\"]}").add();
        assertThat(addresses(sorted)).containsExactly("eth0 192.168.132.2/24 from by-name");
    }

    @Test
    @DisplayName("D00014 a pool whose namespaceName includes the pod's namespace is used")
    void d00014NamespaceNameMatches() {
        dualPools(14, s -> s.setNamespaceName(List.of("ns-d14")));

        IpamAnswer answer = cluster.pod("ns-d14", "pod").annotate(IPPOOL, DUAL).add();

        assertThat(addresses(answer)).containsExactly("eth0 192.168.14.2/24 from v4pool", "eth0 fd00:192:14::2/120 from v6pool");
    }

    @Test
    @DisplayName("D00015 a pool whose namespaceName leaves out the pod's namespace is refused, naming both")
    void d00015NamespaceNameMismatch() {
        dualPools(15, s -> s.setNamespaceName(List.of("ns-d14")));

        assertThat(refusals(cluster.pod("ns-other", "pod").annotate(IPPOOL, DUAL)))
                .containsExactly("IPPool v4pool: spec.namespaceName [ns-d14] does not include namespace ns-other");
    }

    @Test
    @DisplayName("D00016 namespaceName beats namespaceAffinity: when set, namespaceAffinity is not consulted at all")
    void d00016NamespaceNameBeatsNamespaceAffinity() {
        // upstream: namespaceName names one namespace, namespaceAffinity selects another by its label; a pod in the
        // namespace the affinity selects still cannot run
        cluster.namespace("ns-affinity", Map.of("ns-affinity", "ns-affinity"), Map.of());
        dualPools(16, s -> {
            s.setNamespaceName(List.of("ns-d16"));
            s.setNamespaceAffinity(new LabelSelectorBuilder().addToMatchLabels("ns-affinity", "ns-affinity").build());
        });

        assertThat(refusals(cluster.pod("ns-affinity", "pod").annotate(IPPOOL, DUAL)))
                .containsExactly("IPPool v4pool: spec.namespaceName [ns-d16] does not include namespace ns-affinity");
        assertThat(cluster.pod("ns-d16", "pod").annotate(IPPOOL, DUAL).add().ipConfigs()).hasSize(2);
    }
}
