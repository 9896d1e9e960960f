package io.spidernet.spiderpool.cni;

import static org.assertj.core.api.Assertions.assertThat;

import io.spidernet.spiderpool.cni.AddressDetection.Finding;
import io.spidernet.spiderpool.cni.AddressDetection.Target;
import io.spidernet.spiderpool.netlink.ArpFrames;
import io.spidernet.spiderpool.netlink.MacAddress;
import io.spidernet.spiderpool.netlink.NdpFrames;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The questions and what counts as their answers, with real frames on a fake channel. */
class FamilyProbesTest {
    static final MacAddress OWN = MacAddress.parse("52:54:00:aa:bb:cc");
    static final MacAddress HOLDER = MacAddress.parse("52:54:00:12:34:56");
    static final Inet4Address IP4 = (Inet4Address) InetAddress.ofLiteral("192.0.2.10");
    static final Inet4Address GW4 = (Inet4Address) InetAddress.ofLiteral("192.0.2.1");
    static final Inet6Address IP6 = (Inet6Address) InetAddress.ofLiteral("2001:db8::10");
    static final Inet6Address GW6 = (Inet6Address) InetAddress.ofLiteral("2001:db8::1");

    static Optional<Finding> probe(Function<byte[], List<byte[]>> network, Target target) throws Exception {
        FakeFrames io = new FakeFrames(network);
        ProbeLoop loop = new ProbeLoop(io, FamilyProbes.TRIES, FamilyProbes.WINDOW_MILLIS,
                io.now() + FamilyProbes.FAMILY_BUDGET_MILLIS * 1_000_000L, io::now);
        return FamilyProbes.probe(loop, OWN, "net1", target);
    }

    /** An ARP reply as RFC 826 lays it out, from {@code mac}/{@code ip} to our MAC. */
    static byte[] arpReply(MacAddress mac, Inet4Address ip, Inet4Address to) {
        return ByteBuffer.allocate(42).put(OWN.bytes()).put(mac.bytes()).putShort((short) 0x0806)
                .putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 2)
                .put(mac.bytes()).put(ip.getAddress()).put(OWN.bytes()).put(to.getAddress()).array();
    }

    /** A Linux host holding {@code held} and {@code gateway}: answers probes and requests for them. */
    static Function<byte[], List<byte[]>> arpHost(InetAddress... held) {
        return frame -> ArpFrames.parse(frame, frame.length)
                .filter(q -> q.operation() == ArpFrames.REQUEST && List.of(held).contains(q.targetIp()))
                .map(q -> List.of(arpReply(HOLDER, q.targetIp(), q.senderIp()))).orElse(List.of());
    }

    @Test
    void aReplyToTheProbeIsAConflictNamingTheHoldersMac() throws Exception {
        Optional<Finding> found = probe(arpHost(IP4), new Target(IP4, GW4, true, true));
        assertThat(found).get().extracting(Finding::describe).isEqualTo(
                "IP 192.0.2.10 is already in use on the network of net1: 52:54:00:12:34:56 answered an ARP probe for it");
    }

    @Test
    void ourOwnAnnouncementIsNotAConflict() throws Exception {
        Optional<Finding> found = probe(q -> List.of(ArpFrames.announcement(OWN, IP4)), new Target(IP4, null, true, false));
        assertThat(found).isEmpty();
    }

    @Test
    void anotherHostAnnouncingTheAddressIsAConflict() throws Exception {
        Optional<Finding> found = probe(q -> List.of(ArpFrames.announcement(HOLDER, IP4)), new Target(IP4, null, true, false));
        assertThat(found).get().isInstanceOf(AddressDetection.Conflict.class);
    }

    @Test
    void aSilentGatewayIsUnreachableAfterThreeRequests() throws Exception {
        Optional<Finding> found = probe(arpHost(), new Target(IP4, GW4, true, true));
        assertThat(found).get().extracting(Finding::describe).isEqualTo(
                "gateway 192.0.2.1 of IP 192.0.2.10 did not answer 3 ARP requests on net1 within 300 ms");
    }

    @Test
    void theConflictProbeGoesOutBeforeTheGatewayRequest() throws Exception {
        FakeFrames io = new FakeFrames(arpHost(GW4));
        ProbeLoop loop = new ProbeLoop(io, 3, 100, io.now() + 1_500_000_000L, io::now);
        assertThat(FamilyProbes.probe(loop, OWN, "net1", new Target(IP4, GW4, true, true))).isEmpty();
        assertThat(io.sent).hasSize(4); // three probes without answer, then one request answered
        assertThat(ArpFrames.parse(io.sent.get(0), 42).orElseThrow().senderIp()).isEqualTo(InetAddress.ofLiteral("0.0.0.0"));
        assertThat(ArpFrames.parse(io.sent.get(3), 42).orElseThrow().targetIp()).isEqualTo(GW4);
    }

    static Function<byte[], List<byte[]>> ndpHost(Inet6Address held) {
        return frame -> frame.length >= 78 && frame[54] == (byte) NdpFrames.NEIGHBOR_SOLICITATION
                && held.equals(v6(frame, 62)) ? List.of(NdpFrames.unsolicitedAdvertisement(HOLDER, held)) : List.of();
    }

    static InetAddress v6(byte[] frame, int offset) {
        try {
            return InetAddress.getByAddress(java.util.Arrays.copyOfRange(frame, offset, offset + 16));
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anAdvertisementForTheAddressIsAnIpv6Conflict() throws Exception {
        Optional<Finding> found = probe(ndpHost(IP6), new Target(IP6, GW6, true, true));
        assertThat(found).get().extracting(Finding::describe).isEqualTo("IP 2001:db8::10 is already in use on"
                + " the network of net1: 52:54:00:12:34:56 answered a neighbour solicitation (duplicate address"
                + " detection) for it");
    }

    @Test
    void anIpv6GatewayThatAdvertisesIsReachableAndASilentOneIsNot() throws Exception {
        assertThat(probe(ndpHost(GW6), new Target(IP6, GW6, true, true))).isEmpty();
        assertThat(probe(q -> List.of(), new Target(IP6, GW6, false, true)))
                .get().extracting(Finding::describe)
                .isEqualTo("gateway 2001:db8::1 of IP 2001:db8::10 did not answer 3 neighbour"
                        + " solicitations on net1 within 300 ms");
    }
}
