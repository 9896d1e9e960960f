package io.spidernet.spiderpool.core.upstream;

import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.DEFAULT_ROUTE_NIC;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.IPPOOL;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.IPPOOLS;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.MULTUS_DEFAULT_NETWORK;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.MULTUS_NETWORKS;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.NS_DEFAULT_IPV4_IPPOOL;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.NS_DEFAULT_IPV6_IPPOOL;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.ROUTES;
import static io.spidernet.spiderpool.core.upstream.UpstreamCluster.addresses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.spidernet.spiderpool.core.allocation.IpAllocation;
import io.spidernet.spiderpool.core.allocation.RouteAssembler.NicRoute;
import io.spidernet.spiderpool.core.annotation.PoolNames;
import io.spidernet.spiderpool.core.error.IpamException;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ipam.IpamAnswer;
import io.spidernet.spiderpool.core.model.Route;
import io.spidernet.spiderpool.core.selection.PoolSource;
import io.spidernet.spiderpool.core.upstream.UpstreamCluster.Pod;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Upstream's annotation cases (test/e2e/annotation, and A00011 from test/e2e/ippoolcr) that are
 * decided by selection and allocation. Not here: A00001 (deprecated and Pending upstream: pool VLANs
 * no longer exist), A00009/A00010/A00017/A00018 (changing a running workload's pools, StatefulSet
 * restarts: cluster-mode agent behaviour).
 */
class UpstreamAnnotationCasesTest {
    private final UpstreamCluster cluster = new UpstreamCluster();

    /** Pools {@code <name>-v4} and {@code <name>-v6}, as upstream creates one of each per case, ten addresses each. */
    private void dualPools(String name, int third) {
        cluster.pool(name + "-v4", "192.168." + third + ".0/24", "192.168." + third + ".2-192.168." + third + ".11");
        cluster.pool(name + "-v6", "fd00:192:" + third + "::/120", "fd00:192:" + third + "::2-fd00:192:" + third + "::b");
    }

    private static String ippool(String name) {
        return "{\"ipv4\":[\"" + name + "-v4\"],\"ipv6\":[\"" + name + "-v6\"]}";
    }

    /** The first address of each of {@link #dualPools}' two pools, as {@link UpstreamCluster#addresses} lists them. */
    private static List<String> fromPools(String name, int third) {
        return List.of("eth0 192.168." + third + ".2/24 from " + name + "-v4", "eth0 fd00:192:" + third + "::2/120 from " + name + "-v6");
    }

    @Test
    @DisplayName("A00002 routes annotation: each route goes to the NIC whose subnet holds its gateway")
    void a00002RoutesAnnotation() {
        // upstream: one-address pools without a gateway, and a route per family to the pool's own subnet via .1
        cluster.pool("v4pool", "192.168.2.0/24", "192.168.2.2");
        cluster.pool("v6pool", "fd00:192:2::/120", "fd00:192:2::2");
        Pod pod = cluster.pod("ns-a2", "routes").annotate(IPPOOL, "{\"ipv4\":[\"v4pool\"],\"ipv6\":[\"v6pool\"]}")
                .annotate(ROUTES, "[{\"dst\":\"192.168.2.0/24\",\"gw\":\"192.168.2.1\"},"
                        + "{\"dst\":\"fd00:192:2::/120\",\"gw\":\"fd00:192:2::1\"}]");

        IpamAnswer answer = pod.add();

        assertThat(answer.routes()).containsExactly(
                new NicRoute("eth0", "192.168.2.0/24", "192.168.2.1"),
                new NicRoute("eth0", "fd00:192:2::/120", "fd00:192:2::1"));
        assertThat(answer.warnings()).isEmpty();
    }

    static Stream<Arguments> invalidAnnotations() {
        String missing = "\"IPamNotExistedPool\"";
        return Stream.of(
                // the old "interface" field of the single-NIC annotation is accepted and ignored, as upstream does,
                // so the pod fails because the pools do not exist
                arguments("ippool: missing pools, with an interface field", IPPOOL,
                        "{\"interface\":\"eth0\",\"ipv4\":[" + missing + "],\"ipv6\":[" + missing + "]}",
                        IpamException.NoAvailablePool.class, List.of("IPPool IPamNotExistedPool: does not exist")),
                arguments("ippool: missing pools", IPPOOL, "{\"ipv4\":[" + missing + "],\"ipv6\":[" + missing + "]}",
                        IpamException.NoAvailablePool.class, List.of("IPPool IPamNotExistedPool: does not exist")),
                arguments("ippool: an unknown key, twice", IPPOOL, "{\"interface\":\"eth0\","
                                + "\"IPamNotExistedPoolKey\":[\"default-v4-ippool\"],\"IPamNotExistedPoolKey\":[\"default-v6-ippool\"]}",
                        IpamException.WrongInput.class, List.of(IPPOOL, "\"IPamNotExistedPoolKey\" is given twice")),
                arguments("ippools: missing pools", IPPOOLS, "[{\"interface\":\"eth0\",\"ipv4\":[" + missing + "],"
                                + "\"ipv6\":[" + missing + "],\"cleanGateway\":true}]",
                        IpamException.NoAvailablePool.class, List.of("IPPool IPamNotExistedPool: does not exist")),
                arguments("ippools: cleanGateway is not a boolean", IPPOOLS, "[{\"interface\":\"eth0\","
                                + "\"ipv4\":[\"default-v4-ippool\"],\"ipv6\":[\"default-v6-ippool\"],\"cleanGateway\":IPamErrRouteBool}]",
                        IpamException.WrongInput.class, List.of(IPPOOLS, "not valid JSON")),
                arguments("ippools: an unknown key, twice", IPPOOLS, "[{\"interface\":\"eth0\","
                                + "\"IPamNotExistedPoolKey\":[\"default-v4-ippool\"],\"IPamNotExistedPoolKey\":[\"default-v6-ippool\"],"
                                + "\"cleanGateway\":true}]",
                        IpamException.WrongInput.class, List.of(IPPOOLS, "\"IPamNotExistedPoolKey\" is given twice")),
                // the next three are Pending upstream (its decoder ignores them); ours refuses each with the fix
                arguments("ippools: an interface name no NIC can have", IPPOOLS, "[{\"interface\":\"IPamNotExistedNIC\","
                                + "\"ipv4\":[\"default-v4-ippool\"],\"cleanGateway\":true}]",
                        IpamException.WrongInput.class, List.of(IPPOOLS, "not a valid interface name")),
                arguments("ippool: an unknown key for the NIC", IPPOOL, "{\"IPamNotExistedNICKey\":\"eth0\","
                                + "\"ipv4\":[\"default-v4-ippool\"]}",
                        IpamException.WrongInput.class, List.of(IPPOOL, "unknown field \"IPamNotExistedNICKey\"")),
                arguments("ippools: an unknown key for the route", IPPOOLS, "[{\"interface\":\"eth0\","
                                + "\"ipv4\":[\"default-v4-ippool\"],\"IPamNotExistedRouteKey\":true}]",
                        IpamException.WrongInput.class, List.of(IPPOOLS, "unknown field \"IPamNotExistedRouteKey\"")));
    }

    @ParameterizedTest(name = "A00003 {0}")
    @MethodSource("invalidAnnotations")
    @DisplayName("A00003 invalid annotations fail the ADD with an error naming the annotation or the pool and the problem")
    void a00003InvalidAnnotations(String title, String key, String value, Class<? extends IpamException> kind,
                                  List<String> fragments) {
        dualPools("default", 3); // default-v4/default-v6 exist; the "default-v4-ippool" names in the values do not matter
        Pod pod = cluster.pod("ns-a3", "invalid").annotate(key, value);

        assertThatThrownBy(pod::add).isInstanceOf(kind).satisfies(e -> {
            for (String f : fragments) {
                assertThat(e).hasMessageContaining(f);
            }
        });
        assertThat(cluster.allocations("default-v4")).isEmpty();
    }

    @Test
    @DisplayName("A00004 priority: pod annotation > namespace annotation > CNI config")
    void a00004PodBeatsNamespaceBeatsCniConfig() {
        dualPools("pod", 41);
        dualPools("ns", 42);
        dualPools("cni", 43);
        PoolNames cniConfig = new PoolNames(List.of("cni-v4"), List.of("cni-v6"));
        cluster.namespace("ns-a4", Map.of(), Map.of(NS_DEFAULT_IPV4_IPPOOL, "[\"ns-v4\"]", NS_DEFAULT_IPV6_IPPOOL, "[\"ns-v6\"]"));

        IpamAnswer annotated = cluster.pod("ns-a4", "annotated").annotate(IPPOOL, ippool("pod")).add("eth0", cniConfig);
        IpamAnswer inNamespace = cluster.pod("ns-a4", "plain").add("eth0", cniConfig);
        IpamAnswer elsewhere = cluster.pod("ns-other", "plain").add("eth0", cniConfig);

        assertThat(addresses(annotated)).isEqualTo(fromPools("pod", 41));
        assertThat(annotated.selection().source()).isEqualTo(PoolSource.IPPOOL_ANNOTATION);
        assertThat(addresses(inNamespace)).isEqualTo(fromPools("ns", 42));
        assertThat(inNamespace.selection().source()).isEqualTo(PoolSource.NAMESPACE_DEFAULT);
        assertThat(addresses(elsewhere)).isEqualTo(fromPools("cni", 43));
        assertThat(elsewhere.selection().source()).isEqualTo(PoolSource.CNI_CONFIG_DEFAULT);
    }

    @Test
    @DisplayName("A00005 the ippools annotation beats the ippool annotation")
    void a00005IppoolsBeatsIppool() {
        dualPools("global", 51);
        dualPools("test", 52);
        Pod pod = cluster.pod("ns-a5", "both").annotate(IPPOOL, ippool("global"))
                .annotate(IPPOOLS, "[{\"interface\":\"eth0\",\"ipv4\":[\"test-v4\"],\"ipv6\":[\"test-v6\"],\"cleangateway\":false}]");

        IpamAnswer answer = pod.add();

        assertThat(addresses(answer)).isEqualTo(fromPools("test", 52));
        assertThat(answer.selection().source()).isEqualTo(PoolSource.IPPOOLS_ANNOTATION);
        assertThat(cluster.allocations("global-v4")).isEmpty();
    }

    @Test
    @DisplayName("A00006 a namespace's default pools beat the cluster default pools")
    void a00006NamespaceBeatsClusterDefault() {
        cluster.pool("cluster-v4", "192.168.61.0/24", List.of("192.168.61.2-192.168.61.11"), s -> s.setDefault(true));
        cluster.pool("cluster-v6", "fd00:192:61::/120", List.of("fd00:192:61::2-fd00:192:61::b"), s -> s.setDefault(true));
        dualPools("ns", 62);
        cluster.namespace("ns-a6", Map.of(), Map.of(NS_DEFAULT_IPV4_IPPOOL, "[\"ns-v4\"]", NS_DEFAULT_IPV6_IPPOOL, "[\"ns-v6\"]"));

        IpamAnswer inNamespace = cluster.pod("ns-a6", "pod").add();
        IpamAnswer elsewhere = cluster.pod("ns-other", "pod").add();

        assertThat(addresses(inNamespace)).isEqualTo(fromPools("ns", 62));
        assertThat(inNamespace.selection().source()).isEqualTo(PoolSource.NAMESPACE_DEFAULT);
        assertThat(addresses(elsewhere)).isEqualTo(fromPools("cluster", 61));
        assertThat(elsewhere.selection().source()).isEqualTo(PoolSource.CLUSTER_DEFAULT);
    }

    @Test
    @DisplayName("A00007 wildcards in the namespace annotation expand to the matching pools of the family")
    void a00007WildcardInNamespaceAnnotation() {
        // upstream's e2e names the pools exactly although its title says wildcard; this uses the documented patterns
        cluster.pool("ns7-v4-a", "192.168.71.0/24", "192.168.71.2");
        cluster.pool("ns7-v4-b", "192.168.72.0/24", "192.168.72.2-192.168.72.11");
        cluster.pool("ns7-v4-ipv6", "fd00:192:79::/120", "fd00:192:79::2");   // matches the name, not the family
        cluster.pool("other-v4", "192.168.73.0/24", List.of("192.168.73.2"), s -> s.setDefault(true));
        cluster.pool("ns7-v6-1", "fd00:192:71::/120", "fd00:192:71::2-fd00:192:71::b");
        cluster.pool("ns7-v6-10", "fd00:192:70::/120", "fd00:192:70::2-fd00:192:70::b"); // '?' is one character
        cluster.namespace("ns-a7", Map.of(), Map.of(NS_DEFAULT_IPV4_IPPOOL, "[\"ns7-v4-*\"]", NS_DEFAULT_IPV6_IPPOOL, "[\"ns7-v6-?\"]"));

        IpamAnswer first = cluster.pod("ns-a7", "first").add();
        IpamAnswer second = cluster.pod("ns-a7", "second").add();

        assertThat(first.selection().nics().getFirst().candidates()).isEqualTo(Map.of(
                IpFamily.V4, List.of("ns7-v4-a", "ns7-v4-b"), IpFamily.V6, List.of("ns7-v6-1")));
        assertThat(addresses(first)).containsExactly("eth0 192.168.71.2/24 from ns7-v4-a", "eth0 fd00:192:71::2/120 from ns7-v6-1");
        // ns7-v4-a has one address: the next pod falls through to the other pool the pattern matched
        assertThat(addresses(second)).containsExactly("eth0 192.168.72.2/24 from ns7-v4-b", "eth0 fd00:192:71::3/120 from ns7-v6-1");
        assertThat(cluster.allocations("other-v4")).isEmpty();
    }

    @Test
    @DisplayName("A00008 a multi-container pod asking again (same pod UID) gets the same addresses")
    void a00008MultiContainerPod() {
        dualPools("a8", 8);
        Pod pod = cluster.pod("ns-a8", "two-containers").annotate(IPPOOL, ippool("a8"));

        IpamAnswer first = pod.add();
        IpamAnswer again = pod.add();

        assertThat(again.ipConfigs()).isEqualTo(first.ipConfigs());
        assertThat(again.allocations()).noneMatch(IpAllocation::fresh);
        assertThat(cluster.allocations("a8-v4")).hasSize(1);
        assertThat(cluster.allocations("a8-v6")).hasSize(1);
    }

    @Test
    @DisplayName("A00011 pool routes are kept with cleangateway true or false; only false adds the default route")
    void a00011PoolRoutesWithCleanGateway() {
        cluster.pool("v4pool", "192.168.11.0/24", List.of("192.168.11.2-192.168.11.11"), s -> {
            s.setGateway("192.168.11.1");
            s.setRoutes(List.of(new Route("192.24.0.0/16", "192.168.11.254")));
        });
        cluster.pool("v6pool", "fd00:192:11::/120", List.of("fd00:192:11::2-fd00:192:11::b"), s -> {
            s.setGateway("fd00:192:11::1");
            s.setRoutes(List.of(new Route("fd00:192::/32", "fd00:192:11::fe")));
        });
        String ippools = "[{\"interface\":\"eth0\",\"ipv4\":[\"v4pool\"],\"ipv6\":[\"v6pool\"],\"cleangateway\":%s}]";

        IpamAnswer keep = cluster.pod("ns-a11", "keep-gateway").annotate(IPPOOLS, ippools.formatted("false")).add();
        IpamAnswer clean = cluster.pod("ns-a11", "clean-gateway").annotate(IPPOOLS, ippools.formatted("true")).add();

        assertThat(keep.routes()).containsExactly(
                new NicRoute("eth0", "0.0.0.0/0", "192.168.11.1"),
                new NicRoute("eth0", "192.24.0.0/16", "192.168.11.254"),
                new NicRoute("eth0", "::/0", "fd00:192:11::1"),
                new NicRoute("eth0", "fd00:192::/32", "fd00:192:11::fe"));
        assertThat(clean.routes()).containsExactly(
                new NicRoute("eth0", "192.24.0.0/16", "192.168.11.254"),
                new NicRoute("eth0", "fd00:192::/32", "fd00:192:11::fe"));
    }

    @Test
    @DisplayName("A00012 default-route-nic: the pod still gets both NICs, net1 with its gateway; a bad NIC name fails")
    void a00012DefaultRouteNic() {
        // Which NIC keeps the default route is the coordinator's work, which core does not have yet (the annotation
        // is parsed, nothing reads it). The IPAM part of the case: eth0 and net1 are each set up from their
        // network's CNI config pools, and net1's answer carries net1's gateway for the coordinator to use.
        cluster.pool("vlan100-v4", "172.100.0.0/16", List.of("172.100.0.10-172.100.0.20"), s -> s.setGateway("172.100.0.1"));
        cluster.pool("vlan100-v6", "fd00:172:100::/64", List.of("fd00:172:100::10-fd00:172:100::20"), s -> s.setGateway("fd00:172:100::1"));
        cluster.pool("vlan200-v4", "172.200.0.0/16", List.of("172.200.0.10-172.200.0.20"), s -> s.setGateway("172.200.0.1"));
        cluster.pool("vlan200-v6", "fd00:172:200::/64", List.of("fd00:172:200::10-fd00:172:200::20"), s -> s.setGateway("fd00:172:200::1"));
        Pod pod = cluster.pod("ns-a12", "deploy-a12-0").ownedBy("Deployment", "deploy-a12")
                .annotate(MULTUS_DEFAULT_NETWORK, "kube-system/macvlan-vlan100")
                .annotate(MULTUS_NETWORKS, "kube-system/macvlan-vlan200")
                .annotate(DEFAULT_ROUTE_NIC, "net1");

        IpamAnswer eth0 = pod.add("eth0", new PoolNames(List.of("vlan100-v4"), List.of("vlan100-v6")));
        IpamAnswer net1 = pod.add("net1", new PoolNames(List.of("vlan200-v4"), List.of("vlan200-v6")));

        assertThat(addresses(eth0)).containsExactly(
                "eth0 172.100.0.10/16 from vlan100-v4", "eth0 fd00:172:100::10/64 from vlan100-v6");
        assertThat(addresses(net1)).containsExactly(
                "net1 172.200.0.10/16 from vlan200-v4", "net1 fd00:172:200::10/64 from vlan200-v6");
        assertThat(net1.routes()).contains(
                new NicRoute("net1", "0.0.0.0/0", "172.200.0.1"), new NicRoute("net1", "::/0", "fd00:172:200::1"));

        Pod typo = cluster.pod("ns-a12", "typo").annotate(IPPOOL, "{\"ipv4\":[\"vlan200-v4\"]}")
                .annotate(DEFAULT_ROUTE_NIC, "net1 eth0");
        assertThatThrownBy(typo::add).isInstanceOf(IpamException.WrongInput.class)
                .hasMessageContaining(DEFAULT_ROUTE_NIC).hasMessageContaining("not a valid interface name");
    }

    @Test
    @DisplayName("A00013 an ippools annotation naming only net1 is invalid for the pod's eth0")
    void a00013UnlistedPrimaryNic() {
        dualPools("vlan100", 13);
        Pod pod = cluster.pod("ns-a13", "only-net1").annotate(MULTUS_NETWORKS, "kube-system/macvlan-vlan100")
                .annotate(IPPOOLS, "[{\"interface\":\"net1\",\"ipv4\":[\"vlan100-v4\"],\"ipv6\":[\"vlan100-v6\"]}]");

        assertThatThrownBy(pod::add).isInstanceOfSatisfying(IpamException.WrongInput.class, e -> {
            assertThat(e.upstreamKind()).isEqualTo("wrong input");
            assertThat(e).hasMessageContaining(IPPOOLS)
                    .hasMessageContaining("interface \"eth0\" is not listed; add an item {\"interface\":\"eth0\",...} for it");
        });
        assertThat(cluster.allocations("vlan100-v4")).isEmpty();
    }

    @Test
    @DisplayName("A00014 two ippools items naming the same NIC are invalid")
    void a00014DuplicateNicNames() {
        dualPools("vlan100", 14);
        Pod pod = cluster.pod("ns-a14", "net1-twice").annotate(MULTUS_NETWORKS, "kube-system/macvlan-vlan100")
                .annotate(IPPOOLS, "[{\"interface\":\"net1\",\"ipv4\":[\"vlan100-v4\"],\"ipv6\":[\"vlan100-v6\"]},"
                        + "{\"interface\":\"net1\"}]");

        assertThatThrownBy(pod::add).isInstanceOf(IpamException.WrongInput.class).hasMessageContaining(IPPOOLS)
                .hasMessageContaining("interface \"net1\" is listed twice (items 1 and 2)");
        assertThat(cluster.allocations("vlan100-v4")).isEmpty();
    }

    @Test
    @DisplayName("A00015 wildcards in the ippools annotation expand to the matching pools of the family")
    void a00015WildcardInIppoolsAnnotation() {
        cluster.pool("a15-v4-1", "192.168.151.0/24", "192.168.151.2");
        cluster.pool("a15-v4-2", "192.168.152.0/24", "192.168.152.2-192.168.152.11");
        cluster.pool("a15-v4-3", "192.168.153.0/24", "192.168.153.2-192.168.153.11");
        cluster.pool("a15-v6-x", "fd00:192:15::/120", "fd00:192:15::2-fd00:192:15::b");
        String ippools = "[{\"interface\":\"eth0\",\"ipv4\":[\"a15-v4-[12]\"],\"ipv6\":[\"a15-v6-*\"]}]";

        IpamAnswer first = cluster.pod("ns-a15", "first").annotate(IPPOOLS, ippools).add();
        IpamAnswer second = cluster.pod("ns-a15", "second").annotate(IPPOOLS, ippools).add();

        assertThat(first.selection().nics().getFirst().candidates()).isEqualTo(Map.of(
                IpFamily.V4, List.of("a15-v4-1", "a15-v4-2"), IpFamily.V6, List.of("a15-v6-x")));
        assertThat(addresses(first)).containsExactly("eth0 192.168.151.2/24 from a15-v4-1", "eth0 fd00:192:15::2/120 from a15-v6-x");
        assertThat(addresses(second)).containsExactly("eth0 192.168.152.2/24 from a15-v4-2", "eth0 fd00:192:15::3/120 from a15-v6-x");
        assertThat(cluster.allocations("a15-v4-3")).isEmpty();
    }

    /** Which NIC's pool holds a single address; upstream's case has it on eth0. */
    enum ExhaustedNic { ETH0, NET1 }

    @ParameterizedTest(name = "A00016 the one-address pool is {0}'s")
    @EnumSource(ExhaustedNic.class)
    @DisplayName("A00016 one NIC's exhausted pool does not drain the other NIC's pool across repeated ADDs")
    void a00016ExhaustedNicDoesNotDrainTheOther(ExhaustedNic exhausted) {
        String small = exhausted == ExhaustedNic.ETH0 ? "eth0" : "net1";
        String large = exhausted == ExhaustedNic.ETH0 ? "net1" : "eth0";
        cluster.pool(small + "-v4", "192.168.160.0/24", "192.168.160.2");
        cluster.pool(small + "-v6", "fd00:192:160::/120", "fd00:192:160::2");
        cluster.pool(large + "-v4", "192.168.170.0/24", "192.168.170.2-192.168.170.4");
        cluster.pool(large + "-v6", "fd00:192:170::/120", "fd00:192:170::2-fd00:192:170::4");
        String ippools = "[{\"interface\":\"eth0\",\"ipv4\":[\"eth0-v4\"],\"ipv6\":[\"eth0-v6\"]},"
                + "{\"interface\":\"net1\",\"ipv4\":[\"net1-v4\"],\"ipv6\":[\"net1-v6\"]}]";
        Pod running = replica(0, ippools);
        Pod pending = replica(1, ippools);

        assertThat(running.add().ipConfigs()).hasSize(4);
        for (int retry = 0; retry < 5; retry++) {
            assertThatThrownBy(pending::add).isInstanceOfSatisfying(IpamException.IpUsedOut.class, e -> {
                assertThat(e.upstreamKind()).isEqualTo("all IP addresses used out");
                assertThat(e).hasMessageContaining("NIC " + small + " (IPv4)").hasMessageContaining("IPPool " + small + "-v4");
            });
        }

        // Upstream expects the larger pools to hold 2 records here: its failure cache keeps the pending pod's
        // partial allocation for the next retry. Ours releases a partial allocation at once (docs/migrating.md, "departs
        // from upstream"), so only the running pod holds anything; either way retries never add up.
        assertThat(cluster.allocatedIPCount(large + "-v4")).isEqualTo(1);
        assertThat(cluster.allocatedIPCount(large + "-v6")).isEqualTo(1);
        assertThat(cluster.allocations(large + "-v4").values()).allMatch(r -> r.podUid().equals(running.ref().uid()));
        // the larger pools still hand out both of their remaining addresses
        for (int i = 0; i < 2; i++) {
            String one = "[{\"interface\":\"" + large + "\",\"ipv4\":[\"" + large + "-v4\"],\"ipv6\":[\"" + large + "-v6\"]}]";
            assertThat(cluster.pod("ns-a16", "other-" + i).annotate(IPPOOLS, one).add(large, PoolNames.none()).ipConfigs()).hasSize(2);
        }
        assertThat(cluster.allocatedIPCount(large + "-v4")).isEqualTo(3);
    }

    private Pod replica(int i, String ippools) {
        return cluster.pod("ns-a16", "deploy-a16-" + i).ownedBy("Deployment", "deploy-a16")
                .annotate(IPPOOLS, ippools)
                .annotate(MULTUS_DEFAULT_NETWORK, "kube-system/macvlan-vlan100")
                .annotate(MULTUS_NETWORKS, "kube-system/macvlan-vlan200");
    }
}
