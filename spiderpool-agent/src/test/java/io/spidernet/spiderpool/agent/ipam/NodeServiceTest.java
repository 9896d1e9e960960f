package io.spidernet.spiderpool.agent.ipam;

import static io.spidernet.spiderpool.core.allocation.Pools.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.CheckRequest;
import io.spidernet.spiderpool.api.agent.v1.CoordinatorConfig;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.GetCoordinatorConfigRequest;
import io.spidernet.spiderpool.api.agent.v1.GetWorkloadEndpointRequest;
import io.spidernet.spiderpool.api.agent.v1.IpConfig;
import io.spidernet.spiderpool.api.agent.v1.PodIdentity;
import io.spidernet.spiderpool.api.agent.v1.ReleaseAllRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseRequest;
import io.spidernet.spiderpool.api.agent.v1.WorkloadEndpoint;
import io.spidernet.spiderpool.core.allocation.AllocatedIpsCodec;
import io.spidernet.spiderpool.core.allocation.AllocationEngine;
import io.spidernet.spiderpool.core.allocation.AllocationRecord;
import io.spidernet.spiderpool.core.allocation.PodRef;
import io.spidernet.spiderpool.core.allocation.RetryPolicy;
import io.spidernet.spiderpool.core.error.IpamException;
import io.spidernet.spiderpool.core.model.Route;
import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeServiceTest {
    @TempDir
    Path dir;
    private NodeFixture fixture;
    private NodeService node;
    private final PodIdentity pod = PodIdentity.newBuilder().setNamespace("team-a").setName("web-1").setUid("uid-1").build();

    @BeforeEach
    void open() {
        fixture = NodeFixture.open(dir,
                pool("v4", "10.0.0.0/24", List.of("10.0.0.10-10.0.0.20"), s -> {
                    s.setGateway("10.0.0.1");
                    s.setRoutes(List.of(new Route("10.96.0.0/12", "10.0.0.254")));
                }),
                pool("v6", "fd00::/120", List.of("fd00::10-fd00::20"), s -> s.setGateway("fd00::1")),
                pool("net1-v4", "10.1.0.0/24", List.of("10.1.0.10-10.1.0.20")),
                pool("empty", "10.2.0.0/24", List.of("10.2.0.10"), s -> s.setExcludeIPs(List.of("10.2.0.10"))));
        node = fixture.node;
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private AllocateResponse add(String container, String nic, PodIdentity who, List<String> v4, List<String> v6) {
        return node.allocate(AllocateRequest.newBuilder().setContainerId(container).setIfName(nic).setPod(who)
                .addAllDefaultIpv4Ippool(v4).addAllDefaultIpv6Ippool(v6).build());
    }

    private ReleaseRequest del(String container, String nic, PodIdentity who) {
        return ReleaseRequest.newBuilder().setContainerId(container).setIfName(nic).setPod(who).build();
    }

    @Test
    void aDualStackAddGetsBothFamiliesWithGatewaysAndRoutes() {
        AllocateResponse r = add("c1", "eth0", pod, List.of("v4"), List.of("v6"));
        assertThat(r.getIpsList()).extracting(IpConfig::getVersion, IpConfig::getAddress, IpConfig::getGateway)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(4, "10.0.0.10/24", "10.0.0.1"),
                        org.assertj.core.groups.Tuple.tuple(6, "fd00::10/120", "fd00::1"));
        assertThat(r.getRoutesList()).extracting(x -> x.getIfName() + " " + x.getDst() + " via " + x.getGw())
                .containsExactly("eth0 0.0.0.0/0 via 10.0.0.1", "eth0 10.96.0.0/12 via 10.0.0.254", "eth0 ::/0 via fd00::1");
    }

    @Test
    void aSecondNicIsAddedAndEveryAnswerCarriesAllNics() {
        add("c1", "eth0", pod, List.of("v4"), List.of());
        AllocateResponse both = add("c1", "net1", pod, List.of("net1-v4"), List.of());
        assertThat(both.getIpsList()).extracting(IpConfig::getNic, IpConfig::getAddress)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("eth0", "10.0.0.10/24"),
                        org.assertj.core.groups.Tuple.tuple("net1", "10.1.0.10/24"));
        assertThat(add("c1", "eth0", pod, List.of("v4"), List.of())).isEqualTo(both);

        assertThat(node.release(del("c1", "eth0", pod)).getReleasedList()).containsExactly("v4/10.0.0.10");
        assertThat(node.check(CheckRequest.newBuilder().setContainerId("c1").setIfName("net1").setPod(pod).build())
                .getIpsList()).extracting(IpConfig::getAddress).containsExactly("10.1.0.10/24");
        assertThat(node.release(del("c1", "net1", pod)).getReleasedList()).containsExactly("net1-v4/10.1.0.10");
        assertThat(fixture.store.endpoint("team-a", "web-1")).isEmpty();
    }

    @Test
    void withoutPodArgumentsTheContainerIsTheWorkload() {
        add("abc123", "eth0", PodIdentity.getDefaultInstance(), List.of("v4"), List.of());
        WorkloadEndpoint e = node.workloadEndpoint(GetWorkloadEndpointRequest.newBuilder().setPodNamespace("default")
                .setPodName("abc123").build());
        assertThat(e.getPodUid()).isEqualTo("abc123");
        assertThat(e.getNode()).isEqualTo("node-1");
        assertThat(e.getInterfaces(0).getIpv4()).isEqualTo("10.0.0.10/24");
        assertThat(fixture.store.read("v4").orElseThrow().getStatus().getAllocatedIPs())
                .contains("\"pod\":\"default/abc123\",\"podUid\":\"abc123\"");
    }

    @Test
    void aRepeatedAddWhoseAddressThePoolNoLongerHoldsForThePodGetsAnotherOne() {
        // the storm's case: an ADD's endpoint write timed out, so its address went back to the pool, yet
        // the write landed; another pod took the address before kubelet repeated the ADD
        add("sandbox-1", "eth0", pod, List.of("v4"), List.of());
        new AllocationEngine(fixture.store, RetryPolicy.upstreamDefault(Thread::sleep, RandomGenerator.getDefault()),
                NodeFixture.CONF.maxAllocatedIPs()).release(new PodRef("team-a", "web-1", "uid-1"), List.of("v4"));
        PodIdentity other = PodIdentity.newBuilder().setNamespace("team-a").setName("web-2").setUid("uid-2").build();
        assertThat(add("c2", "eth0", other, List.of("v4"), List.of()).getIps(0).getAddress()).isEqualTo("10.0.0.10/24");

        assertThat(add("sandbox-1", "eth0", pod, List.of("v4"), List.of()).getIps(0).getAddress()).isEqualTo("10.0.0.11/24");
        assertThat(AllocatedIpsCodec.decode(fixture.store.read("v4").orElseThrow().getStatus().getAllocatedIPs()))
                .containsEntry("10.0.0.10", new AllocationRecord("team-a/web-2", "uid-2"))
                .containsEntry("10.0.0.11", new AllocationRecord("team-a/web-1", "uid-1")).hasSize(2);
        assertThat(node.workloadEndpoint(GetWorkloadEndpointRequest.newBuilder().setPodNamespace("team-a")
                .setPodName("web-1").build()).getInterfaces(0).getIpv4()).isEqualTo("10.0.0.11/24");
    }

    @Test
    void aNewSandboxOfThePodKeepsItsAddressesAndALateDelOfTheOldOneFreesNothing() {
        add("sandbox-1", "eth0", pod, List.of("v4"), List.of());
        AllocateResponse again = add("sandbox-2", "eth0", pod, List.of("v4"), List.of());
        assertThat(again.getIps(0).getAddress()).isEqualTo("10.0.0.10/24");

        assertThat(node.release(del("sandbox-1", "eth0", pod)).getReleasedList()).isEmpty();
        assertThat(node.release(del("sandbox-2", "eth0", pod)).getReleasedList()).containsExactly("v4/10.0.0.10");
    }

    @Test
    void aRecreatedPodOfTheSameNameReplacesTheOldOnesAddresses() {
        add("c1", "eth0", pod, List.of("v4"), List.of());
        PodIdentity successor = pod.toBuilder().setUid("uid-2").build();
        AllocateResponse r = add("c2", "eth0", successor, List.of("v4"), List.of());
        assertThat(r.getIps(0).getAddress()).isEqualTo("10.0.0.10/24"); // the old one's address was freed first
        assertThat(fixture.store.read("v4").orElseThrow().getStatus().getAllocatedIPs()).contains("uid-2").doesNotContain("uid-1");
    }

    @Test
    void releaseAllFreesEveryNic() {
        add("c1", "eth0", pod, List.of("v4"), List.of("v6"));
        add("c1", "net1", pod, List.of("net1-v4"), List.of());
        assertThat(node.releaseAll(ReleaseAllRequest.newBuilder().setContainerId("c1").setPod(pod).build()).getReleasedList())
                .containsExactlyInAnyOrder("v4/10.0.0.10", "v6/fd00::10", "net1-v4/10.1.0.10");
        assertThat(fixture.store.endpoint("team-a", "web-1")).isEmpty();
    }

    @Test
    void aFailedAddOfTheSecondFamilyKeepsNothingOfTheFirst() {
        assertThatThrownBy(() -> add("c1", "eth0", pod, List.of("v4"), List.of("missing")))
                .isInstanceOf(IpamException.class);
        assertThat(fixture.store.read("v4").orElseThrow().getStatus().getAllocatedIPs()).isNull();
        assertThat(fixture.store.endpoint("team-a", "web-1")).isEmpty();
    }

    @Test
    void everyIpamErrorKindHasItsOwnFailureKindAndKeepsItsMessage() {
        Throwable usedOut = catchThrowable(() -> add("c1", "eth0", pod, List.of("empty"), List.of()));
        assertThat(Failures.of(usedOut).getKind()).isEqualTo(Failure.Kind.IP_USED_OUT);
        assertThat(Failures.of(usedOut).getMessage()).isEqualTo(usedOut.getMessage()).contains("IPPool empty");
        assertThat(Failures.of(new IpamException.WrongInput("x")).getKind()).isEqualTo(Failure.Kind.WRONG_INPUT);
        assertThat(Failures.of(new IpamException.NoAvailablePool("x", List.of())).getKind()).isEqualTo(Failure.Kind.NO_AVAILABLE_POOL);
        assertThat(Failures.of(new IpamException.RetriesExhausted("x")).getKind()).isEqualTo(Failure.Kind.RETRIES_EXHAUSTED);
        assertThat(Failures.of(new IpamException.AutoPoolNotReady("x")).getKind()).isEqualTo(Failure.Kind.NOT_READY);
        assertThat(Failures.of(new IllegalStateException("disk full")).getKind()).isEqualTo(Failure.Kind.INTERNAL);
    }

    @Test
    void withoutASpiderCoordinatorManifestTheCoordinatorGetsTheDefaults() {
        CoordinatorConfig config = node.coordinatorConfig(GetCoordinatorConfigRequest.newBuilder().setPodNamespace("default")
                .setPodName("web-0").build());

        assertThat(config.getMode()).isEqualTo("auto");
        assertThat(config.getTunePodRoutes()).isTrue();
        assertThat(config.getHostRuleTable()).isEqualTo(500);
        assertThat(config.getVethMtu()).isEqualTo(1500);
    }

    @Test
    void anAgentRestartKeepsTheAnswers() {
        AllocateResponse before = add("c1", "eth0", pod, List.of("v4"), List.of("v6"));
        fixture.close();
        fixture = NodeFixture.reopen(dir);
        node = fixture.node;
        assertThat(add("c1", "eth0", pod, List.of("v4"), List.of("v6"))).isEqualTo(before);
        assertThat(add("c2", "eth0", pod.toBuilder().setName("web-2").setUid("uid-9").build(), List.of("v4"), List.of())
                .getIps(0).getAddress()).isEqualTo("10.0.0.11/24");
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }
}
