package io.spidernet.spiderpool.core.ipam;

import static io.spidernet.spiderpool.core.allocation.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.spidernet.spiderpool.core.allocation.AllocationEngine;
import io.spidernet.spiderpool.core.allocation.FaultInjectingPoolStore;
import io.spidernet.spiderpool.core.allocation.PodRef;
import io.spidernet.spiderpool.core.allocation.RetryPolicy;
import io.spidernet.spiderpool.core.allocation.RouteAssembler.NicRoute;
import io.spidernet.spiderpool.core.annotation.PoolNames;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.error.IpamException;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.ReservedIPSpec;
import io.spidernet.spiderpool.core.model.Route;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderReservedIP;
import io.spidernet.spiderpool.core.selection.PodFacts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PodAllocatorTest {
    private final FaultInjectingPoolStore store = new FaultInjectingPoolStore();
    private final PodAllocator allocator = new PodAllocator(new AllocationEngine(store, RetryPolicy.immediate(5), 5000),
            SpiderpoolConf.defaults(), "kube-system", null);
    private final PodRef pod = new PodRef("team-a", "web-1", "uid-1");
    private final PodFacts facts = new PodFacts("team-a", "web-1", Map.of(), Map.of(), "node-1", Map.of(),
            new PodFacts.TopController("apps", "v1", "Deployment", "team-a", "web", "d-uid"));
    private SpiderReservedIP reserved;

    @BeforeEach
    void pools() {
        store.put(pool("eth0-v4", "10.0.0.0/24", List.of("10.0.0.10-10.0.0.20"), s -> {
            s.setGateway("10.0.0.1");
            s.setRoutes(List.of(new Route("10.96.0.0/12", "10.0.0.254")));
        }));
        store.put(pool("eth0-v6", "fd00::/120", List.of("fd00::10-fd00::20"), s -> s.setGateway("fd00::1")));
        store.put(pool("net1-v4", "10.1.0.0/24", List.of("10.1.0.10-10.1.0.20"), s -> s.setGateway("10.1.0.1")));
        store.put(pool("full", "10.2.0.0/24", List.of()));
        reserved = new SpiderReservedIP();
        reserved.setMetadata(new ObjectMetaBuilder().withName("r").build());
        reserved.setSpec(new ReservedIPSpec());
        reserved.getSpec().setIpVersion(IpVersion.IPV4);
        reserved.getSpec().setIps(List.of("10.0.0.10"));
    }

    private IpamAnswer add(String nic, Map<String, String> annotations) {
        return allocator.allocate(new PodAllocator.Request(nic, pod, facts, annotations, Map.of(), PoolNames.none(), false),
                new PodAllocator.Snapshot(store.list(), List.of(reserved)));
    }

    @Test
    void aMultiNicDualStackPodGetsEveryNicOnTheFirstAdd() {
        IpamAnswer a = add("eth0", Map.of(
                "ipam.spidernet.io/ippools", "[{\"interface\":\"eth0\",\"ipv4\":[\"eth0-v4\"],\"ipv6\":[\"eth0-v6\"]},"
                        + "{\"interface\":\"net1\",\"ipv4\":[\"net1-v4\"],\"cleangateway\":true}]",
                "ipam.spidernet.io/routes", "[{\"dst\":\"172.16.0.0/16\",\"gw\":\"10.1.0.254\"},{\"dst\":\"192.168.0.0/16\",\"gw\":\"10.9.9.9\"}]"));

        assertThat(a.ipConfigs()).extracting(IpamAnswer.IpConfig::nic, IpamAnswer.IpConfig::address, IpamAnswer.IpConfig::gateway)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("eth0", "10.0.0.11/24", "10.0.0.1"),
                        org.assertj.core.groups.Tuple.tuple("eth0", "fd00::10/120", "fd00::1"),
                        org.assertj.core.groups.Tuple.tuple("net1", "10.1.0.10/24", "10.1.0.1"));
        assertThat(a.routes()).containsExactly(
                new NicRoute("eth0", "0.0.0.0/0", "10.0.0.1"),
                new NicRoute("eth0", "10.96.0.0/12", "10.0.0.254"),
                new NicRoute("eth0", "::/0", "fd00::1"),
                new NicRoute("net1", "172.16.0.0/16", "10.1.0.254"));
        assertThat(a.warnings()).singleElement().asString().contains("192.168.0.0/16 via 10.9.9.9").contains("dropped");
    }

    @Test
    void aRetriedAddGetsTheSameAddresses() {
        Map<String, String> anno = Map.of("ipam.spidernet.io/ippool", "{\"ipv4\":[\"eth0-v4\"],\"ipv6\":[\"eth0-v6\"]}");
        IpamAnswer first = add("eth0", anno);
        IpamAnswer again = add("eth0", anno);
        assertThat(again.ipConfigs()).isEqualTo(first.ipConfigs());
    }

    @Test
    void aPodWhoseSecondNicHasNoAddressKeepsNothing() {
        Map<String, String> anno = Map.of("ipam.spidernet.io/ippools",
                "[{\"interface\":\"eth0\",\"ipv4\":[\"eth0-v4\"]},{\"interface\":\"net1\",\"ipv4\":[\"full\"]}]");
        for (int retry = 0; retry < 3; retry++) {
            assertThatThrownBy(() -> add("eth0", anno)).isInstanceOf(IpamException.IpUsedOut.class)
                    .hasMessageContaining("NIC net1").hasMessageContaining("IPPool full");
        }
        SpiderIPPool eth0 = store.read("eth0-v4").orElseThrow();
        assertThat(eth0.getStatus() == null || eth0.getStatus().getAllocatedIPs() == null).isTrue();
    }

    @Test
    void malformedAnnotationsAreWrongInputNamingTheAnnotation() {
        assertThatThrownBy(() -> add("eth0", Map.of("ipam.spidernet.io/ippool", "{\"ipv4s\":[\"x\"]}")))
                .isInstanceOf(IpamException.WrongInput.class)
                .hasMessageContaining("ipam.spidernet.io/ippool");
    }
}
