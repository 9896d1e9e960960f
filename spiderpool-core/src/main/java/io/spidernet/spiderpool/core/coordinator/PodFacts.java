package io.spidernet.spiderpool.core.coordinator;

import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import java.util.List;
import java.util.Map;

/**
 * What the executor read from the kernel before planning, so that planning is pure.
 *
 * @param podLinks        every link in the pod's namespace, {@code lo} included
 * @param podAddresses    by pod link name: its addresses (link-local IPv6 included), kernel order
 * @param podRoutes       the pod's unicast routes in every table; a multipath route appears once per next hop
 * @param hostLinks       every link in the host's namespace
 * @param hostAddresses   by host link name: its addresses
 * @param hostSourceFor   for each pod address (on any pod link but {@code lo}): the source address the
 *                        host uses to reach it ({@code ip route get}); absent when the host has no route
 * @param vethMacs        the MACs the executor chose for a new veth pair (set explicitly: systemd's
 *                        MACAddressPolicy would otherwise race with us)
 */
public record PodFacts(List<LinkFact> podLinks, Map<String, List<Cidr>> podAddresses, List<RouteSpec> podRoutes,
                       List<LinkFact> hostLinks, Map<String, List<Cidr>> hostAddresses,
                       Map<IpAddress, IpAddress> hostSourceFor, VethMacs vethMacs) {
    public PodFacts {
        podLinks = List.copyOf(podLinks);
        podAddresses = Map.copyOf(podAddresses);
        podRoutes = List.copyOf(podRoutes);
        hostLinks = List.copyOf(hostLinks);
        hostAddresses = Map.copyOf(hostAddresses);
        hostSourceFor = Map.copyOf(hostSourceFor);
    }

    /**
     * @param up         IFF_UP
     * @param broadcast  IFF_BROADCAST and IFF_MULTICAST both set (upstream counts only such links)
     * @param kind       "veth", "macvlan", ... or empty
     * @param peerIndex  a veth's peer index in the other namespace (IFLA_LINK), 0 when none
     */
    public record LinkFact(int index, String name, boolean up, boolean broadcast, String kind, String mac, int peerIndex) {}

    public record VethMacs(String podEnd, String hostEnd) {}
}
