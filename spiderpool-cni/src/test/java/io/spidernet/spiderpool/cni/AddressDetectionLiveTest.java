package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.cni.AddressDetection.Conflict;
import io.spidernet.spiderpool.cni.AddressDetection.Finding;
import io.spidernet.spiderpool.cni.AddressDetection.GatewayUnreachable;
import io.spidernet.spiderpool.cni.AddressDetection.Target;
import io.spidernet.spiderpool.netlink.testkit.NetnsFixture;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packet probes against real kernels: a "pod" namespace whose {@code net1} is down and has
 * no address (as at IPAM time), joined by a veth pair to a "network" namespace whose end is up
 * and may hold the pod's address (a duplicate) or the gateway's.
 */
class AddressDetectionLiveTest {
    static final InetAddress IP4 = InetAddress.ofLiteral("192.0.2.10");
    static final InetAddress GW4 = InetAddress.ofLiteral("192.0.2.1");
    static final InetAddress IP6 = InetAddress.ofLiteral("2001:db8::10");
    static final InetAddress GW6 = InetAddress.ofLiteral("2001:db8::1");

    NetnsFixture pod;
    NetnsFixture network;
    final AddressDetection detection = new PacketAddressDetection();

    @BeforeEach
    void namespaces() throws Exception {
        NetnsFixture.requireUsable();
        pod = NetnsFixture.create("detpod");
        network = NetnsFixture.create("detnet");
        pod.vethTo("net1", network, "uplink");
    }

    @AfterEach
    void cleanUp() {
        if (pod != null) {
            pod.close();
        }
        if (network != null) {
            network.close();
        }
    }

    Optional<Finding> detect(Target... targets) {
        return detection.detect(pod.path().toString(), "net1", List.of(targets));
    }

    @Test
    void C00007_anIpv4HolderIsAConflictWithItsMac() throws Exception {
        network.addAddress("uplink", "192.0.2.10/24");
        Optional<Finding> found = detect(new Target(IP4, GW4, true, true));
        assertThat(found).get().isInstanceOf(Conflict.class).extracting(Finding::describe).isEqualTo("IP 192.0.2.10 is"
                + " already in use on the network of net1: " + network.mac("uplink") + " answered an ARP probe for it");
        assertThat(pod.ip("link", "show", "net1")).as("brought up for the probes").contains(",UP");
    }

    @Test
    void C00007_anIpv6HolderIsAConflictWithItsMac() throws Exception {
        network.addAddress("uplink", "2001:db8::10/64");
        Optional<Finding> found = detect(new Target(IP6, GW6, true, true));
        assertThat(found).get().isInstanceOf(Conflict.class).extracting(Finding::describe).isEqualTo("IP 2001:db8::10"
                + " is already in use on the network of net1: " + network.mac("uplink") + " answered a neighbour"
                + " solicitation (duplicate address detection) for it");
    }

    @Test
    void C00009_freeAddressesWithAnsweringGatewaysPassInBothFamilies() throws Exception {
        network.addAddress("uplink", "192.0.2.1/24");
        network.addAddress("uplink", "2001:db8::1/64");
        assertThat(timed("IPv4 (conflict + gateway)", new Target(IP4, GW4, true, true))).isEmpty();
        assertThat(timed("IPv6 (conflict + gateway)", new Target(IP6, GW6, true, true))).isEmpty();
        assertThat(timed("IPv4 and IPv6 in parallel", new Target(IP4, GW4, true, true), new Target(IP6, GW6, true, true)))
                .isEmpty();
        // the gateway learnt the pod's MAC from the requests, which only an answered request teaches
        assertThat(network.ip("neigh", "show", "dev", "uplink")).contains("192.0.2.10").contains("2001:db8::10");
    }

    /** Prints the figure the report asks for: the whole detect call, netns entry and announcements included. */
    Optional<Finding> timed(String what, Target... targets) {
        long start = System.nanoTime();
        Optional<Finding> found = detect(targets);
        System.out.println("detection success path, " + what + ": " + (System.nanoTime() - start) / 1_000_000 + " ms");
        return found;
    }

    @Test
    void freeAddressesWithoutGatewayCheckPass() throws Exception {
        assertThat(timed("conflict only, IPv4 and IPv6", new Target(IP4, null, true, false),
                new Target(IP6, null, true, false))).isEmpty();
    }

    @Test
    void C00009_silentGatewaysAreUnreachableInBothFamilies() throws Exception {
        network.addAddress("uplink", "192.0.2.2/24"); // a neighbour on the subnet, but not the gateway
        network.addAddress("uplink", "2001:db8::2/64");
        assertThat(detect(new Target(IP4, GW4, true, true))).get().isInstanceOf(GatewayUnreachable.class)
                .extracting(Finding::describe).asString()
                .startsWith("gateway 192.0.2.1 of IP 192.0.2.10 did not answer 3 ARP requests on net1 within");
        assertThat(detect(new Target(IP6, GW6, true, true))).get().isInstanceOf(GatewayUnreachable.class)
                .extracting(Finding::describe).asString()
                .startsWith("gateway 2001:db8::1 of IP 2001:db8::10 did not answer 3 neighbour solicitations on net1");
    }

    @Test
    void aMissingInterfaceIsAClearError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> detection.detect(pod.path().toString(), "net9",
                List.of(new Target(IP4, GW4, true, true)))).hasMessageContaining("has no interface net9");
    }
}
