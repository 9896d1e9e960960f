package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.cni.AddressDetection.Conflict;
import io.spidernet.spiderpool.cni.AddressDetection.Finding;
import io.spidernet.spiderpool.cni.AddressDetection.GatewayUnreachable;
import io.spidernet.spiderpool.cni.AddressDetection.Target;
import io.spidernet.spiderpool.netlink.ArpFrames;
import io.spidernet.spiderpool.netlink.MacAddress;
import io.spidernet.spiderpool.netlink.NdpFrames;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The questions of one address family, asked on a frame channel of that family (ARP for IPv4,
 * IPv6 for neighbour discovery). The conflict question comes first and the gateway second, as
 * upstream learned (spiderpool#4475): asking the gateway from an address another host holds would
 * teach the gateway the wrong MAC for it.
 *
 * <ul>
 * <li>IPv4 conflict: an RFC 5227 probe (sender 0.0.0.0, so no cache learns from it); any ARP
 *     packet from another MAC whose sender is the address means a holder (RFC 5227 §2.1.1).</li>
 * <li>IPv4 gateway: a request from the address; the gateway's reply means reachable.</li>
 * <li>IPv6 conflict: a duplicate-address-detection solicitation from ::; a holder answers with an
 *     advertisement for the address to all nodes.</li>
 * <li>IPv6 gateway: a solicitation from the address with our MAC; its advertisement means reachable.</li>
 * </ul>
 */
final class FamilyProbes {
    /** Upstream's retries and read timeout. */
    static final int TRIES = 3;
    static final long WINDOW_MILLIS = 100;
    /** All questions of one family end within this (upstream caps conflict at 10 and gateway at 5 windows). */
    static final long FAMILY_BUDGET_MILLIS = 1_500;

    private FamilyProbes() {}

    static Optional<Finding> probe(ProbeLoop loop, MacAddress own, String ifName, Target target) throws IOException {
        return target.ip() instanceof Inet4Address ip ? ipv4(loop, own, ifName, target, ip)
                : ipv6(loop, own, ifName, target, (Inet6Address) target.ip());
    }

    private static Optional<Finding> ipv4(ProbeLoop loop, MacAddress own, String ifName, Target target, Inet4Address ip)
            throws IOException {
        if (target.checkConflict()) {
            ProbeLoop.Outcome o = loop.ask(ArpFrames.probe(own, ip), (frame, length) -> ArpFrames.parse(frame, length)
                    .filter(a -> a.senderIp().equals(ip) && !a.senderMac().equals(own)).map(ArpFrames.Arp::senderMac));
            if (o.answeredBy().isPresent()) {
                return Optional.of(new Conflict(ip, ifName, o.answeredBy().get().toString(), "an ARP probe"));
            }
        }
        if (target.checkGateway()) {
            InetAddress gateway = target.gateway();
            ProbeLoop.Outcome o = loop.ask(ArpFrames.request(own, ip, (Inet4Address) gateway),
                    (frame, length) -> ArpFrames.parse(frame, length)
                            .filter(a -> a.operation() == ArpFrames.REPLY && a.senderIp().equals(gateway))
                            .map(ArpFrames.Arp::senderMac));
            if (o.answeredBy().isEmpty()) {
                return Optional.of(new GatewayUnreachable(gateway, ip, ifName, o.asked(), "ARP requests", o.waitedMillis()));
            }
        }
        return Optional.empty();
    }

    private static Optional<Finding> ipv6(ProbeLoop loop, MacAddress own, String ifName, Target target, Inet6Address ip)
            throws IOException {
        if (target.checkConflict()) {
            ProbeLoop.Outcome o = loop.ask(NdpFrames.dadSolicitation(own, ip), (frame, length) -> NdpFrames
                    .parseAdvertisement(frame, length).filter(na -> na.target().equals(ip) && !na.linkLayer().equals(own))
                    .map(NdpFrames.Advertisement::linkLayer));
            if (o.answeredBy().isPresent()) {
                return Optional.of(new Conflict(ip, ifName, o.answeredBy().get().toString(),
                        "a neighbour solicitation (duplicate address detection)"));
            }
        }
        if (target.checkGateway()) {
            InetAddress gateway = target.gateway();
            ProbeLoop.Outcome o = loop.ask(NdpFrames.solicitation(own, ip, (Inet6Address) gateway),
                    (frame, length) -> NdpFrames.parseAdvertisement(frame, length)
                            .filter(na -> na.target().equals(gateway)).map(NdpFrames.Advertisement::linkLayer));
            if (o.answeredBy().isEmpty()) {
                return Optional.of(new GatewayUnreachable(gateway, ip, ifName, o.asked(), "neighbour solicitations",
                        o.waitedMillis()));
            }
        }
        return Optional.empty();
    }

    /** Gratuitous ARP or unsolicited advertisement, so neighbours drop a stale MAC for the address (spiderpool#4650). */
    static byte[] announcement(MacAddress own, InetAddress ip) {
        return ip instanceof Inet4Address v4 ? ArpFrames.announcement(own, v4)
                : NdpFrames.unsolicitedAdvertisement(own, (Inet6Address) ip);
    }
}
