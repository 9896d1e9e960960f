package io.spidernet.spiderpool.core.coordinator;

import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFamily;
import java.util.List;
import java.util.Set;

/**
 * What one ADD has established before it emits ops, shared by the planner's steps.
 *
 * @param families    the families of the addresses on {@code ifName} (not of prevResult: SLAAC, #5618)
 * @param ifAddresses the usable addresses on {@code ifName}, kernel order
 * @param hostIps     the node's addresses the pod must reach directly, in upstream's order
 * @param podVeth     the pod end of the link to the host: veth0 (underlay) or the overlay's eth0
 * @param v4Src       the first IPv4 of the pod's first NIC: source of the routes toward the host
 *                    (IPv6 routes get none: kernel bug 107071), null without one
 */
record AddContext(CoordinatorSettings settings, String ifName, ModeResolver.Resolved resolved,
        Set<IpFamily> families, List<Cidr> ifAddresses, List<IpAddress> hostIps, String podVeth, String hostVeth,
        String podVethMac, String hostVethMac, IpAddress v4Src, FactsView view) {

    boolean first() {
        return resolved.firstInvoke();
    }

    boolean underlay() {
        return resolved.mode() == CoordinatorMode.UNDERLAY;
    }

    int table() {
        return resolved.table();
    }

    /** The first host IP of the family: the gateway of the hijack and reply routes; null without one. */
    IpAddress hostIp(IpFamily family) {
        for (IpAddress ip : hostIps) {
            if (ip.family() == family) {
                return ip;
            }
        }
        return null;
    }

    IpAddress srcFor(IpFamily family) {
        return family == IpFamily.V4 ? v4Src : null;
    }

    static Cidr single(IpAddress ip) {
        return new Cidr(ip, ip.family().bits());
    }
}
