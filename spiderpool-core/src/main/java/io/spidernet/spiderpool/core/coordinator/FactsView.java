package io.spidernet.spiderpool.core.coordinator;

import io.spidernet.spiderpool.core.coordinator.PodFacts.LinkFact;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Queries over {@link PodFacts} the planner asks more than once. */
final class FactsView {
    private static final List<Cidr> NOT_USABLE = List.of(Cidr.parse("169.254.0.0/16"), Cidr.parse("224.0.0.0/4"),
            Cidr.parse("fe80::/10"), Cidr.parse("ff00::/8"));

    private final PodFacts facts;

    FactsView(PodFacts facts) {
        this.facts = facts;
    }

    PodFacts facts() {
        return facts;
    }

    /** As upstream: link-local and multicast addresses are neither pod IPs nor host IPs. */
    static boolean usable(IpAddress ip) {
        for (Cidr c : NOT_USABLE) {
            if (c.contains(ip)) {
                return false;
            }
        }
        return true;
    }

    /** The usable addresses of a pod link of the given families, kernel order; empty when the link has none. */
    List<Cidr> podAddresses(String link, Set<IpFamily> families) {
        return usableOf(facts.podAddresses(), link, families);
    }

    List<Cidr> hostAddresses(String link, Set<IpFamily> families) {
        return usableOf(facts.hostAddresses(), link, families);
    }

    private static List<Cidr> usableOf(Map<String, List<Cidr>> byLink, String link, Set<IpFamily> families) {
        List<Cidr> out = new ArrayList<>();
        for (Cidr c : byLink.getOrDefault(link, List.of())) {
            if (families.contains(c.family()) && usable(c.address())) {
                out.add(c);
            }
        }
        return out;
    }

    LinkFact podLink(String name) {
        return byName(facts.podLinks(), name);
    }

    LinkFact hostLink(String name) {
        return byName(facts.hostLinks(), name);
    }

    LinkFact hostLink(int index) {
        for (LinkFact l : facts.hostLinks()) {
            if (l.index() == index) {
                return l;
            }
        }
        return null;
    }

    private static LinkFact byName(List<LinkFact> links, String name) {
        for (LinkFact l : links) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        return null;
    }
}
