package io.spidernet.spiderpool.core.upstream;

import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.IPPOOL;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.IPPOOL_IP_NUMBER;
import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.SUBNET;
import static io.spidernet.spiderpool.core.upstream.UpstreamCluster.addresses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations;
import io.spidernet.spiderpool.core.error.IpamException;
import io.spidernet.spiderpool.core.ipam.IpamAnswer;
import io.spidernet.spiderpool.core.selection.PodFacts;
import io.spidernet.spiderpool.core.selection.PoolSource;
import io.spidernet.spiderpool.core.upstream.UpstreamCluster.Pod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Upstream's assignip cases (test/e2e/assignip, plus E00007 from test/e2e/annotation) that are
 * decided by selection and allocation. E00001–E00006 (every workload kind in a real cluster) need
 * the agent in cluster mode and are not here.
 */
class UpstreamAssignCasesTest {
    private final UpstreamCluster cluster = new UpstreamCluster();

    private static final String DUAL = "{\"ipv4\":[\"v4pool\"],\"ipv6\":[\"v6pool\"]}";

    private void dualStackPools(int third, int ips) {
        cluster.pool("v4pool", "192.168." + third + ".0/24", "192.168." + third + ".2-192.168." + third + "." + (ips + 1));
        cluster.pool("v6pool", "fd00:192:" + third + "::/120", "fd00:192:" + third + "::2-fd00:192:" + third + "::" + (ips + 1));
    }

    @Test
    @DisplayName("E00007 a pod with a long manifest (many labels and annotations) still gets its dual-stack addresses")
    void e00007LongPodYaml() {
        dualStackPools(10, 10);
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            labels.put("example.com/label-" + i, "value-" + i);
        }
        Pod pod = cluster.pod("ns-e7", "long-yaml").labels(labels)
                .annotate(IPPOOL, DUAL)
                // upstream adds one 200-character annotation; we add that and push towards the 256 KiB total
                .annotate("test-long-yaml", "a".repeat(200))
                .annotate("example.com/blob", "b".repeat(200_000));
        for (int i = 0; i < 50; i++) {
            pod.annotate("example.com/note-" + i, "note ".repeat(100));
        }

        IpamAnswer answer = pod.add();

        assertThat(addresses(answer)).containsExactly(
                "eth0 192.168.10.2/24 from v4pool", "eth0 fd00:192:10::2/120 from v6pool");
        assertThat(cluster.allocations("v4pool")).containsOnlyKeys("192.168.10.2");
        assertThat(cluster.allocations("v6pool")).containsOnlyKeys("fd00:192:10::2");
        // and the pod's delete gives both back, as upstream checks after deleting the pod
        cluster.release(pod, "v4pool", "v6pool");
        assertThat(cluster.allocations("v4pool")).isEmpty();
        assertThat(cluster.allocations("v6pool")).isEmpty();
    }

    @Test
    @DisplayName("E00008 a pod fails when its pool is exhausted; the error names the pool and says what to add")
    void e00008PoolExhausted() {
        // upstream's shape: two addresses per pool, the first one excluded, so a Deployment of one fits and a second replica does not
        cluster.pool("v4pool", "192.168.20.0/24", List.of("192.168.20.2-192.168.20.3"), s -> s.setExcludeIPs(List.of("192.168.20.2")));
        cluster.pool("v6pool", "fd00:192:20::/120", List.of("fd00:192:20::2-fd00:192:20::3"),
                s -> s.setExcludeIPs(List.of("fd00:192:20::2")));
        Pod first = cluster.pod("ns-e8", "deploy-0").ownedBy("Deployment", "deploy").annotate(IPPOOL, DUAL);
        Pod second = cluster.pod("ns-e8", "deploy-1").ownedBy("Deployment", "deploy").annotate(IPPOOL, DUAL);
        assertThat(addresses(first.add())).containsExactly(
                "eth0 192.168.20.3/24 from v4pool", "eth0 fd00:192:20::3/120 from v6pool");

        for (int retry = 0; retry < 3; retry++) { // the kubelet keeps retrying the sandbox; each ADD fails the same way
            assertThatThrownBy(second::add).isInstanceOfSatisfying(IpamException.IpUsedOut.class, e -> {
                assertThat(e.upstreamKind()).isEqualTo("all IP addresses used out");
                assertThat(e).hasMessageContaining("ns-e8/deploy-1").hasMessageContaining("NIC eth0 (IPv4)");
                assertThat(e.reasons()).singleElement().asString()
                        .startsWith("IPPool v4pool: all 1 usable addresses are allocated (1 records)")
                        .contains("add addresses to spec.ips or another pool to the candidates");
            });
        }
        assertThat(cluster.allocations("v4pool")).containsOnlyKeys("192.168.20.3");
        assertThat(cluster.allocations("v6pool")).containsOnlyKeys("fd00:192:20::3");

        // doing what the message says lets the pending replica start
        cluster.editSpec("v4pool", s -> s.setIps(List.of("192.168.20.2-192.168.20.4")));
        cluster.editSpec("v6pool", s -> s.setIps(List.of("fd00:192:20::2-fd00:192:20::4")));
        assertThat(addresses(second.add())).containsExactly(
                "eth0 192.168.20.4/24 from v4pool", "eth0 fd00:192:20::4/120 from v6pool");
    }

    @Test
    @DisplayName("E00009 dual-stack cluster, a pool annotation naming only IPv4 (or only IPv6) gives one address")
    void e00009SingleFamilyByPoolAnnotation() {
        // upstream's case uses ipam.spidernet.io/ippool with an IPv4 pool only and checks the pod has one IP;
        // the IPv6-only mirror is what the title ("ipv4 or ipv6 only") promises as well
        dualStackPools(30, 5);
        Pod v4Only = cluster.pod("ns-e9", "v4-only").annotate(IPPOOL, "{\"ipv4\":[\"v4pool\"]}");
        Pod v6Only = cluster.pod("ns-e9", "v6-only").annotate(IPPOOL, "{\"ipv6\":[\"v6pool\"]}");

        IpamAnswer v4 = v4Only.add();
        IpamAnswer v6 = v6Only.add();

        assertThat(v4.ipConfigs()).singleElement().satisfies(c -> {
            assertThat(c.version()).isEqualTo(4);
            assertThat(c.address()).isEqualTo("192.168.30.2/24");
        });
        assertThat(v6.ipConfigs()).singleElement().satisfies(c -> {
            assertThat(c.version()).isEqualTo(6);
            assertThat(c.address()).isEqualTo("fd00:192:30::2/120");
        });
        assertThat(cluster.allocations("v6pool")).containsOnlyKeys("fd00:192:30::2");
        assertThat(cluster.allocations("v4pool")).containsOnlyKeys("192.168.30.2");
    }

    @Test
    @DisplayName("E00010 dual-stack cluster, a subnet annotation naming only an IPv4 subnet gives one address")
    void e00010SingleFamilyBySubnetAnnotation() {
        // Core has the subnet path: the agent looks up the pool the controller made for the application.
        // The controller side (creating and sizing that pool) is not in core, so the pool is created here
        // the way the controller labels it; only the IPv4 one exists because only IPv4 was asked for.
        Pod pod = cluster.pod("ns-e10", "deploy-e10-0").ownedBy("Deployment", "deploy-e10")
                .annotate(SUBNET, "{\"ipv4\":[\"subnet-v4\"]}")
                .annotate(IPPOOL_IP_NUMBER, "1");
        cluster.pool("v6pool", "fd00:192:40::/120", "fd00:192:40::2-fd00:192:40::5");
        autoPool("auto4-deploy-e10-eth0-0a1b2", "subnet-v4", pod.controller(), "192.168.40.0/24", "192.168.40.10");

        IpamAnswer answer = pod.add();

        assertThat(answer.selection().source()).isEqualTo(PoolSource.SUBNET_ANNOTATION);
        assertThat(addresses(answer)).containsExactly("eth0 192.168.40.10/24 from auto4-deploy-e10-eth0-0a1b2");
        assertThat(cluster.allocations("v6pool")).isEmpty();
    }

    /** The IPv4 pool the controller creates for an application from a SpiderSubnet, labelled as upstream does. */
    private void autoPool(String name, String subnet, PodFacts.TopController app, String cidr, String ips) {
        Map<String, String> labels = Map.of(
                SpiderpoolAnnotations.LABEL_OWNER_SPIDER_SUBNET, subnet,
                SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_GV, app.apiGroup() + "_" + app.apiVersion(),
                SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_KIND, app.kind(),
                SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_NAMESPACE, app.namespace(),
                SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_NAME, app.name(),
                SpiderpoolAnnotations.LABEL_OWNER_APPLICATION_UID, app.uid(),
                SpiderpoolAnnotations.LABEL_INTERFACE, "eth0",
                SpiderpoolAnnotations.LABEL_IP_VERSION, "IPv4");
        cluster.pool(name, cidr, List.of(ips), labels, s -> s.setPodAffinity(new LabelSelectorBuilder()
                .addToMatchLabels(SpiderpoolAnnotations.APP_API_GROUP, app.apiGroup())
                .addToMatchLabels(SpiderpoolAnnotations.APP_API_VERSION, app.apiVersion())
                .addToMatchLabels(SpiderpoolAnnotations.APP_KIND, app.kind())
                .addToMatchLabels(SpiderpoolAnnotations.APP_NAMESPACE, app.namespace())
                .addToMatchLabels(SpiderpoolAnnotations.APP_NAME, app.name()).build()));
    }
}
