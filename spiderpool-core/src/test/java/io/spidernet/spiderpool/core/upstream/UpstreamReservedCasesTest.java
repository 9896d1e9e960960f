package io.spidernet.spiderpool.core.upstream;

import static io.spidernet.spiderpool.core.annotation.SpiderpoolAnnotations.IPPOOL;
import static io.spidernet.spiderpool.core.upstream.UpstreamCluster.addresses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.core.error.IpamException;
import io.spidernet.spiderpool.core.ipam.IpamAnswer;
import io.spidernet.spiderpool.core.upstream.UpstreamCluster.Pod;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Upstream's reserved-address cases (test/e2e/reservedip, and S00002 from test/e2e/assignip):
 * addresses a SpiderReservedIP or a pool's excludeIPs hold back are never handed out. S00003
 * (refusing to exclude an address in use) is a webhook rule, not allocation.
 */
class UpstreamReservedCasesTest {
    private static final String DUAL = "{\"ipv4\":[\"v4pool\"],\"ipv6\":[\"v6pool\"]}";

    private final UpstreamCluster cluster = new UpstreamCluster();

    private Pod replica(String deployment, int i, String annotation) {
        return cluster.pod("ns-s", deployment + "-" + i).ownedBy("Deployment", deployment).annotate(IPPOOL, annotation);
    }

    @Test
    @DisplayName("S00001 an address in a SpiderReservedIP is never assigned; once the reservation is deleted it is")
    void s00001ReservedIpNeverAssigned() {
        // upstream's shape: one-address pools whose only address is reserved, so the Deployment's pod cannot start
        cluster.pool("v4pool", "192.168.1.0/24", "192.168.1.2");
        cluster.pool("v6pool", "fd00:192:1::/120", "fd00:192:1::2");
        cluster.reserve("reserved-v4", "192.168.1.2");
        cluster.reserve("reserved-v6", "fd00:192:1::2");
        Pod pod = replica("sr-manual", 0, DUAL);

        for (int retry = 0; retry < 3; retry++) {
            assertThatThrownBy(pod::add).isInstanceOfSatisfying(IpamException.IpUsedOut.class, e ->
                    assertThat(e.reasons()).singleElement().asString().startsWith("IPPool v4pool: all 0 usable addresses"
                            + " are allocated (0 records, 1 more reserved by SpiderReservedIP)"));
        }
        assertThat(cluster.allocations("v4pool")).isEmpty();
        assertThat(cluster.allocations("v6pool")).isEmpty();

        cluster.deleteReserved("reserved-v4");
        cluster.deleteReserved("reserved-v6");
        assertThat(addresses(pod.add())).containsExactly("eth0 192.168.1.2/24 from v4pool", "eth0 fd00:192:1::2/120 from v6pool");

        // a reservation in the middle of a larger pool is stepped over, for every pool of the family
        cluster.pool("wide-v4", "192.168.2.0/24", "192.168.2.2-192.168.2.5");
        cluster.reserve("middle", "192.168.2.3-192.168.2.4");
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            got.addAll(addresses(replica("wide", i, "{\"ipv4\":[\"wide-v4\"]}").add()));
        }
        assertThat(got).containsExactly("eth0 192.168.2.2/24 from wide-v4", "eth0 192.168.2.5/24 from wide-v4");
        assertThatThrownBy(replica("wide", 2, "{\"ipv4\":[\"wide-v4\"]}")::add).isInstanceOf(IpamException.IpUsedOut.class)
                .hasMessageContaining("2 more reserved by SpiderReservedIP");
    }

    @Test
    @DisplayName("S00002 an address in a pool's excludeIPs is never assigned; once removed from excludeIPs it is")
    void s00002ExcludedIpNeverAssigned() {
        // upstream's shape is two addresses with the first excluded (see E00008); a wider pool shows the same rule
        cluster.pool("v4pool", "192.168.3.0/24", List.of("192.168.3.2-192.168.3.11"),
                s -> s.setExcludeIPs(List.of("192.168.3.2", "192.168.3.5-192.168.3.7")));
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            IpamAnswer answer = replica("deploy", i, "{\"ipv4\":[\"v4pool\"]}").add();
            got.add(answer.ipConfigs().getFirst().address());
        }
        assertThat(got).containsExactly("192.168.3.3/24", "192.168.3.4/24", "192.168.3.8/24", "192.168.3.9/24",
                "192.168.3.10/24", "192.168.3.11/24");
        Pod scaledUp = replica("deploy", 6, "{\"ipv4\":[\"v4pool\"]}");
        assertThatThrownBy(scaledUp::add).isInstanceOfSatisfying(IpamException.IpUsedOut.class, e ->
                assertThat(e.reasons()).singleElement().asString()
                        .startsWith("IPPool v4pool: all 6 usable addresses are allocated (6 records)"));

        // upstream then empties excludeIPs and restarts the pods: the formerly excluded addresses are handed out
        cluster.editSpec("v4pool", s -> s.setExcludeIPs(List.of()));
        assertThat(scaledUp.add().ipConfigs().getFirst().address()).isEqualTo("192.168.3.2/24");
        assertThat(replica("deploy", 7, "{\"ipv4\":[\"v4pool\"]}").add().ipConfigs().getFirst().address())
                .isEqualTo("192.168.3.5/24");
    }
}
