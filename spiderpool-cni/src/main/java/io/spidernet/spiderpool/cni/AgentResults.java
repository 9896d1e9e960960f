package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.CheckResponse;
import io.spidernet.spiderpool.api.agent.v1.Dns;
import io.spidernet.spiderpool.api.agent.v1.IpConfig;
import io.spidernet.spiderpool.api.agent.v1.Route;
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
    static IpamResult forInterface(AllocateResponse response, String ifName) {
        List<IpamResult.Ip> ips = new ArrayList<>();
        for (IpConfig ip : response.getIpsList()) {
            if (ip.getNic().equals(ifName)) {
                ips.add(ip(ip));
            }
        }
        if (ips.isEmpty()) {
            throw new CniError.Spiderpool(SpiderpoolErrorKind.NO_IP_FOR_INTERFACE,
                    "spiderpool-agent allocated " + describeNics(response.getIpsList()) + " but nothing for " + ifName);
        }
        List<IpamResult.Route> routes = new ArrayList<>();
        for (Route r : response.getRoutesList()) {
            if (r.getIfName().equals(ifName)) {
                routes.add(route(r));
            }
        }
        return new IpamResult(ips, routes, response.hasDns() ? dns(response.getDns()) : IpamResult.Dns.EMPTY);
    }

    /** The addresses the agent recorded for {@code ifName}; none is a NOT_RECORDED error. */
    static List<Cidr> recorded(CheckResponse response, String containerId, String ifName) {
        List<Cidr> addresses = new ArrayList<>();
        for (IpConfig ip : response.getIpsList()) {
            if (ip.getNic().equals(ifName)) {
                addresses.add(ip(ip).address());
            }
        }
        if (addresses.isEmpty()) {
            throw new CniError.Spiderpool(SpiderpoolErrorKind.NOT_RECORDED,
                    "spiderpool-agent has no address for container " + containerId + " interface " + ifName);
        }
        return addresses;
    }

    private static IpamResult.Ip ip(IpConfig ip) {
        try {
            return IpamResult.Ip.of(ip.getAddress(), ip.getGateway());
        } catch (IllegalArgumentException e) {
            throw malformed("address " + ip.getAddress() + " with gateway \"" + ip.getGateway() + "\" for " + ip.getNic(), e);
        }
    }

    private static IpamResult.Route route(Route r) {
        try {
            return IpamResult.Route.of(r.getDst(), r.getGw());
        } catch (IllegalArgumentException e) {
            throw malformed("route to " + r.getDst() + " via \"" + r.getGw() + "\" for " + r.getIfName(), e);
        }
    }

    private static IpamResult.Dns dns(Dns dns) {
        return new IpamResult.Dns(dns.getNameserversList(), dns.getDomain(), dns.getSearchList(), dns.getOptionsList());
    }

    private static CniError malformed(String what, IllegalArgumentException e) {
        return new CniError.Spiderpool(SpiderpoolErrorKind.AGENT_FAILURE,
                "spiderpool-agent returned an invalid " + what + ": " + e.getMessage());
    }

    private static String describeNics(List<IpConfig> ips) {
        if (ips.isEmpty()) {
            return "no address at all";
        }
        Set<String> nics = new LinkedHashSet<>();
        for (IpConfig ip : ips) {
            nics.add(ip.getNic());
        }
        return "addresses for " + String.join(", ", nics);
    }
}
