package io.spidernet.spiderpool.core.upstream;

import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.IPPOOL;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.NS_DEFAULT_IPV4_IPPOOL;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.NS_DEFAULT_IPV6_IPPOOL;
import static io.spidernet.spiderpool.core.upstream.UpstreamCluster.addresses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.spidernet.spiderpool.core.allocation.AllocationRecord;
import io.spidernet.spiderpool.core.error.IpamException;
import io.spidernet.spiderpool.core.ipam.IpamAnswer;
import io.spidernet.spiderpool.core.selection.Selection;
import io.spidernet.spiderpool.core.upstream.UpstreamCluster.Pod;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Upstream's affinity cases (test/e2e/affinity) that are decided by selection: a pool's node,
 * namespace and pod selectors admit or refuse a pod, and a refusal names every candidate and why.
 * L00008 (a StatefulSet pod keeping its address across restarts) needs the cluster-mode agent.
 */
class UpstreamAffinityCasesTest {
    private static final Map<String, String> NODE_1 = Map.of("kubernetes.io/hostname", "node-1", "topology.kubernetes.io/zone", "east");
    private static final Map<String, String> NODE_2 = Map.of("kubernetes.io/hostname", "node-2", "topology.kubernetes.io/zone", "west");
    private static final String MATCHED_NS = "matched-ns";
    private static final String UNMATCHED_NS = "unmatched-ns";
    private static final String MATCHED_POD = "matched-pod";

    private final UpstreamCluster cluster = new UpstreamCluster();

    UpstreamAffinityCasesTest() {
        cluster.node("node-1", NODE_1);
        cluster.node("node-2", NODE_2);
        cluster.namespace(MATCHED_NS, Map.of(MATCHED_NS, MATCHED_NS), Map.of());
        cluster.namespace(UNMATCHED_NS, Map.of(), Map.of());
    }

    private static LabelSelector selector(Map<String, String> labels) {
        return new LabelSelectorBuilder().addToMatchLabels(labels).build();
    }

    /**
     * Upstream's pool for L00001–L00006: nodeAffinity is node-1's labels, namespaceAffinity the matched
     * namespace's label, podAffinity the label {@code matched-pod=matched-pod}.
     */
    private void affinityPools() {
        cluster.pool("affinity-v4", "192.168.1.0/24", List.of("192.168.1.2"), s -> {
            s.setNodeAffinity(selector(NODE_1));
            s.setNamespaceAffinity(selector(Map.of(MATCHED_NS, MATCHED_NS)));
            s.setPodAffinity(selector(Map.of(MATCHED_POD, MATCHED_POD)));
        });
    }

    /** A pod named and labelled the way upstream's table does it; the node is chosen by a nodeSelector there. */
    private Pod pod(String namespace, String name, String node, String... pools) {
        return cluster.pod(namespace, name).labels(Map.of(name, name)).on(node)
                .annotate(IPPOOL, "{\"ipv4\":[\"" + String.join("\",\"", pools) + "\"]}");
    }

    /** The refusals of an ADD that found no pool, one per candidate, in the order the pod listed them. */
    private static List<String> refusals(Pod pod) {
        IpamException.NoAvailablePool[] caught = new IpamException.NoAvailablePool[1];
        assertThatThrownBy(pod::add).isInstanceOfSatisfying(IpamException.NoAvailablePool.class, e -> caught[0] = e);
        assertThat(caught[0].upstreamKind()).isEqualTo("no IPPool available");
        return caught[0].reasons();
    }

    @Test
    @DisplayName("L00001 a pod on a node the pool's nodeAffinity selects gets an address from it")
    void l00001NodeAffinityMatches() {
        // upstream's table row for L00001, L00003 and L00005 is one pod matching all three selectors
        affinityPools();

        IpamAnswer answer = pod(MATCHED_NS, MATCHED_POD, "node-1", "affinity-v4").add();

        assertThat(addresses(answer)).containsExactly("eth0 192.168.1.2/24 from affinity-v4");
    }

    @Test
    @DisplayName("L00002 a pod on a node the pool's nodeAffinity does not select is refused; every candidate is named")
    void l00002NodeAffinityMismatch() {
        affinityPools();
        cluster.pool("east-v4", "192.168.2.0/24", List.of("192.168.2.2"),
                s -> s.setNodeAffinity(selector(Map.of("topology.kubernetes.io/zone", "east"))));

        assertThat(refusals(pod(MATCHED_NS, MATCHED_POD, "node-2", "affinity-v4", "east-v4"))).satisfiesExactly(
                r -> assertThat(r).startsWith("IPPool affinity-v4: spec.nodeAffinity does not select node node-2: label "),
                r -> assertThat(r).isEqualTo("IPPool east-v4: spec.nodeAffinity does not select node node-2:"
                        + " label topology.kubernetes.io/zone=east is 'west'"));
    }

    @Test
    @DisplayName("L00003 a pod in a namespace the pool's namespaceAffinity selects gets an address from it")
    void l00003NamespaceAffinityMatches() {
        cluster.pool("ns-affinity-v4", "192.168.3.0/24", List.of("192.168.3.2"),
                s -> s.setNamespaceAffinity(new LabelSelectorBuilder().addNewMatchExpression()
                        .withKey(MATCHED_NS).withOperator("Exists").endMatchExpression().build()));

        IpamAnswer answer = pod(MATCHED_NS, "any-pod", "node-2", "ns-affinity-v4").add();

        assertThat(addresses(answer)).containsExactly("eth0 192.168.3.2/24 from ns-affinity-v4");
    }

    @Test
    @DisplayName("L00004 a pod in a namespace the pool's namespaceAffinity does not select is refused; every candidate is named")
    void l00004NamespaceAffinityMismatch() {
        affinityPools();
        cluster.pool("team-v4", "192.168.4.0/24", List.of("192.168.4.2"), s -> s.setNamespaceName(List.of("team")));

        assertThat(refusals(pod(UNMATCHED_NS, MATCHED_POD, "node-1", "affinity-v4", "team-v4"))).containsExactly(
                "IPPool affinity-v4: spec.namespaceAffinity does not select namespace unmatched-ns:"
                        + " label matched-ns=matched-ns is missing",
                "IPPool team-v4: spec.namespaceName [team] does not include namespace unmatched-ns");
    }

    @Test
    @DisplayName("L00005 a pod the pool's podAffinity selects gets an address from it")
    void l00005PodAffinityMatches() {
        cluster.pool("pod-affinity-v4", "192.168.5.0/24", List.of("192.168.5.2"),
                s -> s.setPodAffinity(new LabelSelectorBuilder().addNewMatchExpression()
                        .withKey(MATCHED_POD).withOperator("In").withValues(MATCHED_POD).endMatchExpression().build()));

        IpamAnswer answer = pod(UNMATCHED_NS, MATCHED_POD, "node-2", "pod-affinity-v4").add();

        assertThat(addresses(answer)).containsExactly("eth0 192.168.5.2/24 from pod-affinity-v4");
    }

    @Test
    @DisplayName("L00006 a pod the pool's podAffinity does not select is refused; every candidate is named")
    void l00006PodAffinityMismatch() {
        affinityPools();
        cluster.pool("db-v4", "192.168.6.0/24", List.of("192.168.6.2"), s -> s.setPodAffinity(new LabelSelectorBuilder()
                .addNewMatchExpression().withKey("app").withOperator("In").withValues("db").endMatchExpression().build()));

        assertThat(refusals(pod(MATCHED_NS, "unmatched-pod", "node-1", "affinity-v4", "db-v4"))).containsExactly(
                "IPPool affinity-v4: spec.podAffinity does not select pod matched-ns/unmatched-pod:"
                        + " label matched-pod=matched-pod is missing",
                "IPPool db-v4: spec.podAffinity does not select pod matched-ns/unmatched-pod:"
                        + " label app In [db] does not hold (app is missing)");
    }

    @Test
    @DisplayName("L00007 a DaemonSet across zones: each node's pod gets its address from the pool bound to that node")
    void l00007CrossZoneDaemonSet() {
        // upstream: one pool per node and family, nodeAffinity = that node's labels, the DaemonSet lists all of them
        cluster.node("node-3", Map.of("kubernetes.io/hostname", "node-3", "topology.kubernetes.io/zone", "south"));
        List<String> nodes = List.of("node-1", "node-2", "node-3");
        for (int i = 0; i < nodes.size(); i++) {
            String node = nodes.get(i);
            LabelSelector onNode = selector(Map.of("kubernetes.io/hostname", node));
            cluster.pool(node + "-v4", "192.168.7" + i + ".0/24", List.of("192.168.7" + i + ".2"), s -> s.setNodeAffinity(onNode));
            cluster.pool(node + "-v6", "fd00:192:7" + i + "::/120", List.of("fd00:192:7" + i + "::2"), s -> s.setNodeAffinity(onNode));
        }
        String all = "{\"ipv4\":[\"node-1-v4\",\"node-2-v4\",\"node-3-v4\"],\"ipv6\":[\"node-1-v6\",\"node-2-v6\",\"node-3-v6\"]}";

        for (int i = 0; i < nodes.size(); i++) {
            String node = nodes.get(i);
            Pod pod = cluster.pod("ns-l7", "ds-l7-" + node).ownedBy("DaemonSet", "ds-l7").on(node).annotate(IPPOOL, all);

            IpamAnswer answer = pod.add();

            assertThat(addresses(answer)).containsExactly(
                    "eth0 192.168.7" + i + ".2/24 from " + node + "-v4", "eth0 fd00:192:7" + i + "::2/120 from " + node + "-v6");
            assertThat(answer.selection().rejections()).extracting(Selection.Rejection::pool)
                    .containsExactlyInAnyOrderElementsOf(nodes.stream().filter(n -> !n.equals(node))
                            .flatMap(n -> Stream.of(n + "-v4", n + "-v6")).toList());
            assertThat(answer.selection().rejections()).allSatisfy(r -> assertThat(r.reason())
                    .startsWith("spec.nodeAffinity does not select node " + node));
        }
        // deleting the DaemonSet gives every address back (upstream checks the records are gone)
        for (String node : nodes) {
            cluster.release(cluster.pod("ns-l7", "ds-l7-" + node), node + "-v4", node + "-v6");
            assertThat(cluster.allocations(node + "-v4")).isEmpty();
            assertThat(cluster.allocations(node + "-v6")).isEmpty();
        }
    }

    @Test
    @DisplayName("L00009 a namespace uses several pools, and one pool serves several namespaces")
    void l00009ManyPoolsPerNamespaceAndNamespacesPerPool() {
        // upstream: both namespaces carry one label the pool's namespaceAffinity selects and name the pool as their
        // default; a Deployment in each runs. The first half of the title is added here: ns-l9a lists a small pool
        // of its own first and falls back to the shared one.
        Map<String, String> shared = Map.of("l9-shared", "true");
        cluster.pool("shared-v4", "192.168.90.0/24", List.of("192.168.90.2-192.168.90.6"),
                s -> s.setNamespaceAffinity(selector(shared)));
        cluster.pool("shared-v6", "fd00:192:90::/120", List.of("fd00:192:90::2-fd00:192:90::6"),
                s -> s.setNamespaceAffinity(selector(shared)));
        cluster.pool("l9a-v4", "192.168.91.0/24", List.of("192.168.91.2"), s -> s.setNamespaceName(List.of("ns-l9a")));
        cluster.namespace("ns-l9a", shared,
                Map.of(NS_DEFAULT_IPV4_IPPOOL, "[\"l9a-v4\",\"shared-v4\"]", NS_DEFAULT_IPV6_IPPOOL, "[\"shared-v6\"]"));
        cluster.namespace("ns-l9b", shared, Map.of(NS_DEFAULT_IPV4_IPPOOL, "[\"shared-v4\"]", NS_DEFAULT_IPV6_IPPOOL, "[\"shared-v6\"]"));

        IpamAnswer a0 = cluster.pod("ns-l9a", "deploy1-0").ownedBy("Deployment", "deploy1").add();
        IpamAnswer a1 = cluster.pod("ns-l9a", "deploy1-1").ownedBy("Deployment", "deploy1").add();
        IpamAnswer b0 = cluster.pod("ns-l9b", "deploy2-0").ownedBy("Deployment", "deploy2").add();

        assertThat(addresses(a0)).containsExactly("eth0 192.168.91.2/24 from l9a-v4", "eth0 fd00:192:90::2/120 from shared-v6");
        assertThat(addresses(a1)).containsExactly("eth0 192.168.90.2/24 from shared-v4", "eth0 fd00:192:90::3/120 from shared-v6");
        assertThat(addresses(b0)).containsExactly("eth0 192.168.90.3/24 from shared-v4", "eth0 fd00:192:90::4/120 from shared-v6");
        assertThat(cluster.allocations("shared-v4").values()).extracting(AllocationRecord::pod)
                .containsExactlyInAnyOrder("ns-l9a/deploy1-1", "ns-l9b/deploy2-0");
        // a namespace without the label cannot use the shared pool even when it names it
        assertThat(refusals(cluster.pod("ns-l9c", "pod").annotate(IPPOOL, "{\"ipv4\":[\"shared-v4\"]}"))).containsExactly(
                "IPPool shared-v4: spec.namespaceAffinity does not select namespace ns-l9c: label l9-shared=true is missing");
    }
}
