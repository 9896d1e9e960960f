package io.spidernet.spiderpool.core.coordinator;

import io.spidernet.spiderpool.core.coordinator.PodFacts.LinkFact;
import io.spidernet.spiderpool.core.coordinator.RouteSpec.Scope;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link PodFacts} the way the executor reads them, one link or route per call. */
final class PodFactsBuilder {
    private final List<LinkFact> podLinks = new ArrayList<>();
    private final Map<String, List<Cidr>> podAddresses = new LinkedHashMap<>();
    private final List<RouteSpec> podRoutes = new ArrayList<>();
    private final List<LinkFact> hostLinks = new ArrayList<>();
    private final Map<String, List<Cidr>> hostAddresses = new LinkedHashMap<>();
    private final Map<IpAddress, IpAddress> hostSourceFor = new LinkedHashMap<>();
    private PodFacts.VethMacs vethMacs = new PodFacts.VethMacs("0a:00:00:00:00:a0", "0a:00:00:00:00:b0");

    PodFactsBuilder podLo() {
        podLinks.add(new LinkFact(1, "lo", true, false, "", "00:00:00:00:00:00", 0));
        podAddresses.put("lo", List.of(Cidr.parse("127.0.0.1/8"), Cidr.parse("::1/128")));
        return this;
    }

    /** A broadcast pod link, up unless it is the one being added (the main plugin leaves it down). */
    PodFactsBuilder podLink(int index, String name, boolean up, String kind, String mac, int peerIndex, String... cidrs) {
        podLinks.add(new LinkFact(index, name, up, true, kind, mac, peerIndex));
        podAddresses.put(name, cidrs(cidrs));
        return this;
    }

    PodFactsBuilder podRoute(int table, String dst, String via, String dev, Scope scope, String src) {
        podRoutes.add(route(table, dst, via, dev, scope, src));
        return this;
    }

    PodFactsBuilder hostLink(int index, String name, String mac, String... cidrs) {
        hostLinks.add(new LinkFact(index, name, true, !name.equals("lo"), name.startsWith("veth") || name.startsWith("cali")
                ? "veth" : "", mac, 0));
        hostAddresses.put(name, cidrs(cidrs));
        return this;
    }

    PodFactsBuilder hostSource(String podIp, String hostIp) {
        hostSourceFor.put(IpAddress.parse(podIp), IpAddress.parse(hostIp));
        return this;
    }

    PodFactsBuilder vethMacs(PodFacts.VethMacs macs) {
        this.vethMacs = macs;
        return this;
    }

    PodFacts build() {
        return new PodFacts(podLinks, podAddresses, podRoutes, hostLinks, hostAddresses, hostSourceFor, vethMacs);
    }

    static RouteSpec route(int table, String dst, String via, String dev, Scope scope, String src) {
        return new RouteSpec(table, dst == null ? null : Cidr.parse(dst), via == null ? null : IpAddress.parse(via), dev,
                scope, src == null ? null : IpAddress.parse(src));
    }

    private static List<Cidr> cidrs(String... texts) {
        List<Cidr> out = new ArrayList<>();
        for (String t : texts) {
            out.add(Cidr.parse(t));
        }
        return out;
    }
}
