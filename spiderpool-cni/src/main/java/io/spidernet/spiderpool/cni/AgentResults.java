package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.cni.IpamResult;
import io.spidernet.spiderpool.core.cni.SpiderpoolErrorKind;
import io.spidernet.spiderpool.core.ip.Cidr;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the agent's answers into what this invocation reports. The agent allocates for every NIC
 * of the pod at once; each plugin invocation keeps only the entries of its own CNI_IFNAME. A
 * value the agent should never send (an address that is not a CIDR) is an agent failure, not a
 * crash of the plugin.
 */
final class AgentResults {
    private AgentResults() {}

    /** The ADD result for {@code ifName}; no address for it is a NO_IP_FOR_INTERFACE error. */
    static IpamResult forInterface(AgentReply.Allocation response, String ifName) {
        List<IpamResult.Ip> ips = new ArrayList<>();
        for (AgentReply.Ip ip : response.ips()) {
            if (ip.nic().equals(ifName)) {
                ips.add(ip(ip));
            }
        }
        if (ips.isEmpty()) {
            throw new CniError.Spiderpool(SpiderpoolErrorKind.NO_IP_FOR_INTERFACE,
                    "spiderpool-agent allocated " + describeNics(response.ips()) + " but nothing for " + ifName);
        }
        List<IpamResult.Route> routes = new ArrayList<>();
        for (AgentReply.Route r : response.routes()) {
            if (r.ifName().equals(ifName)) {
                routes.add(route(r));
            }
        }
        return new IpamResult(ips, routes, response.dns() != null ? dns(response.dns()) : IpamResult.Dns.EMPTY);
    }

    /** The addresses the agent recorded for {@code ifName}; none is a NOT_RECORDED error. */
    static List<Cidr> recorded(AgentReply.Allocation response, String containerId, String ifName) {
        List<Cidr> addresses = new ArrayList<>();
        for (AgentReply.Ip ip : response.ips()) {
            if (ip.nic().equals(ifName)) {
                addresses.add(ip(ip).address());
            }
        }
        if (addresses.isEmpty()) {
            throw new CniError.Spiderpool(SpiderpoolErrorKind.NOT_RECORDED,
                    "spiderpool-agent has no address for container " + containerId + " interface " + ifName);
        }
        return addresses;
    }

    private static IpamResult.Ip ip(AgentReply.Ip ip) {
        try {
            return IpamResult.Ip.of(ip.address(), ip.gateway());
        } catch (IllegalArgumentException e) {
            throw malformed("address " + ip.address() + " with gateway \"" + ip.gateway() + "\" for " + ip.nic(), e);
        }
    }

    private static IpamResult.Route route(AgentReply.Route r) {
        try {
            return IpamResult.Route.of(r.dst(), r.gw());
        } catch (IllegalArgumentException e) {
            throw malformed("route to " + r.dst() + " via \"" + r.gw() + "\" for " + r.ifName(), e);
        }
    }

    private static IpamResult.Dns dns(AgentReply.Dns dns) {
        return new IpamResult.Dns(dns.nameservers(), dns.domain(), dns.search(), dns.options());
    }

    private static CniError malformed(String what, IllegalArgumentException e) {
        return new CniError.Spiderpool(SpiderpoolErrorKind.AGENT_FAILURE,
                "spiderpool-agent returned an invalid " + what + ": " + e.getMessage());
    }

    private static String describeNics(List<AgentReply.Ip> ips) {
        if (ips.isEmpty()) {
            return "no address at all";
        }
        Set<String> nics = new LinkedHashSet<>();
        for (AgentReply.Ip ip : ips) {
            nics.add(ip.nic());
        }
        return "addresses for " + String.join(", ", nics);
    }
}
