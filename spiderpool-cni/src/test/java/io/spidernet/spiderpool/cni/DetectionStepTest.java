package io.spidernet.spiderpool.cni;

import static io.spidernet.spiderpool.cni.Invocations.env;
import static io.spidernet.spiderpool.cni.Invocations.netconf;
import static io.spidernet.spiderpool.cni.Invocations.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.IpConfig;
import io.spidernet.spiderpool.api.agent.v1.ReleaseAllRequest;
import io.spidernet.spiderpool.cni.AddressDetection.Finding;
import io.spidernet.spiderpool.cni.AddressDetection.Target;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADD's detection step through the whole plugin, with a scripted detector and the fake agent. */
class DetectionStepTest {
    @TempDir
    Path dir;

    FakeAgent agent;
    final List<List<Target>> detected = new ArrayList<>();
    Optional<Finding> finding = Optional.empty();

    IpamPlugin plugin(AllocateResponse allocated) throws Exception {
        agent = new FakeAgent(dir.resolve("agent.sock")).answer(AgentClient.ALLOCATE, new FakeAgent.Respond(allocated));
        return new IpamPlugin(5_000, (netns, ifName) -> List.of(), (netns, ifName, targets) -> {
            assertThat(netns).isEqualTo(Invocations.NETNS);
            assertThat(ifName).isEqualTo("net1");
            detected.add(targets);
            return finding;
        });
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
    }

    static IpConfig ip(int version, String address, String nic, String gateway, boolean conflict, boolean gw) {
        return IpConfig.newBuilder().setVersion(version).setAddress(address).setNic(nic).setGateway(gateway)
                .setEnableIpConflictDetection(conflict).setEnableGatewayDetection(gw).build();
    }

    static AllocateResponse allocated(boolean conflict, boolean gateway) {
        return AllocateResponse.newBuilder()
                .addIps(ip(4, "10.6.1.20/24", "eth0", "10.6.1.1", true, true))
                .addIps(ip(4, "192.0.2.10/24", "net1", "192.0.2.1", conflict, gateway))
                .addIps(ip(6, "2001:db8::10/64", "net1", "", conflict, gateway)).build();
    }

    String conf() {
        return netconf("1.0.0", agent.socket(), "");
    }

    List<String> methods() {
        return agent.calls().stream().map(FakeAgent.Call::method).toList();
    }

    @Test
    void withBothSwitchesOffTheDetectorIsNeverAsked() throws Exception {
        IpamPlugin plugin = plugin(allocated(false, false));
        assertThat(run(plugin, env("ADD", "net1"), conf()).status()).isZero();
        assertThat(detected).isEmpty();
        assertThat(methods()).containsExactly(AgentClient.ALLOCATE);
    }

    @Test
    void theDetectorGetsOnlyThisNicsAddressesWithTheirSwitches() throws Exception {
        IpamPlugin plugin = plugin(allocated(true, false));
        assertThat(run(plugin, env("ADD", "net1"), conf()).status()).isZero();
        assertThat(detected).containsExactly(List.of(
                new Target(InetAddress.ofLiteral("192.0.2.10"), InetAddress.ofLiteral("192.0.2.1"), true, false),
                new Target(InetAddress.ofLiteral("2001:db8::10"), null, true, false)));
    }

    @Test
    void aGatewayCheckNeedsAGateway() throws Exception {
        IpamPlugin plugin = plugin(allocated(false, true));
        assertThat(run(plugin, env("ADD", "net1"), conf()).status()).isZero();
        assertThat(detected.getFirst()).extracting(Target::checkGateway).containsExactly(true, false);
    }

    @Test
    void C00018_aConflictReleasesThePodsAddressesAndFailsNamingIpInterfaceAndHolder() throws Exception {
        IpamPlugin plugin = plugin(allocated(true, true));
        finding = Optional.of(new AddressDetection.Conflict(InetAddress.ofLiteral("192.0.2.10"), "net1",
                "52:54:00:12:34:56", "an ARP probe"));

        String error = run(plugin, env("ADD", "net1"), conf()).assertError(102);

        assertThat(error).contains("IP 192.0.2.10 is already in use on the network of net1: 52:54:00:12:34:56 answered"
                + " an ARP probe for it; the address was released");
        assertThat(methods()).containsExactly(AgentClient.ALLOCATE, AgentClient.RELEASE_ALL);
        ReleaseAllRequest release = (ReleaseAllRequest) agent.calls().get(1).request();
        assertThat(release.getContainerId()).isEqualTo(Invocations.CONTAINER_ID);
        assertThat(release.getPod().getUid()).isEqualTo("6b1f-44");
        assertThat(release.getIsReleaseConflictIps()).isTrue();
    }

    @Test
    void C00009_anUnreachableGatewayIsCode103AfterTheRelease() throws Exception {
        IpamPlugin plugin = plugin(allocated(true, true));
        finding = Optional.of(new AddressDetection.GatewayUnreachable(InetAddress.ofLiteral("192.0.2.1"),
                InetAddress.ofLiteral("192.0.2.10"), "net1", 3, "ARP requests", 300));

        String error = run(plugin, env("ADD", "net1"), conf()).assertError(103);

        assertThat(error).contains("gateway 192.0.2.1 of IP 192.0.2.10 did not answer 3 ARP requests on net1 within"
                + " 300 ms; the address was released");
        assertThat(methods()).containsExactly(AgentClient.ALLOCATE, AgentClient.RELEASE_ALL);
    }

    @Test
    void C00019_aRefusedReleaseOfAFixedAddressIsToldInTheConflictError() throws Exception {
        IpamPlugin plugin = plugin(allocated(true, true));
        agent.answer(AgentClient.RELEASE_ALL, new FakeAgent.Fail(Failure.Kind.CONFLICT_RELEASE_STATEFUL,
                "web-0 is a StatefulSet pod"));
        finding = Optional.of(new AddressDetection.Conflict(InetAddress.ofLiteral("2001:db8::10"), "net1",
                "52:54:00:12:34:56", "a neighbour solicitation"));

        String error = run(plugin, env("ADD", "net1"), conf()).assertError(102);

        assertThat(error).contains("IP 2001:db8::10 is already in use").contains("still allocated")
                .contains("web-0 is a StatefulSet pod");
    }
}
