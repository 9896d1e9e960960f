package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.ip.IpAddress;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The step after a successful allocation that asks the underlay whether the new addresses are
 * usable (upstream's IP-conflict and gateway detection, switched per address by the agent's
 * {@code enableIPConflictDetection} / {@code enableGatewayDetection}), and on success announces
 * them. A finding makes ADD release the pod's addresses and fail; see {@link IpamPlugin}.
 */
interface AddressDetection {

    /**
     * One allocated address of the interface being added.
     *
     * @param gateway       null when the pool has none
     * @param checkConflict probe whether another host holds {@code ip}
     * @param checkGateway  probe whether {@code gateway} answers
     */
    record Target(InetAddress ip, InetAddress gateway, boolean checkConflict, boolean checkGateway) {}

    /** Why an allocated address must not be used. */
    sealed interface Finding {
        /** A sentence naming the address, the interface and what was seen, for the CNI error's details. */
        String describe();
    }

    /** @param holderMac the MAC of the host that answered for {@code ip} */
    record Conflict(InetAddress ip, String ifName, String holderMac, String question) implements Finding {
        @Override
        public String describe() {
            return "IP " + text(ip) + " is already in use on the network of " + ifName + ": " + holderMac
                    + " answered " + question + " for it";
        }
    }

    record GatewayUnreachable(InetAddress gateway, InetAddress ip, String ifName, int asked, String questions,
                              long waitedMillis) implements Finding {
        @Override
        public String describe() {
            return "gateway " + text(gateway) + " of IP " + text(ip) + " did not answer " + asked
                    + " " + questions + " on " + ifName + " within " + waitedMillis + " ms";
        }
    }

    /** RFC 5952 text (2001:db8::10), as the pool and the CNI result write it. */
    private static String text(InetAddress ip) {
        return IpAddress.parse(ip.getHostAddress()).toString();
    }

    /**
     * Probes the targets inside {@code netns} on {@code ifName}, then announces every target's
     * address there. Called only when some target has a check switched on.
     *
     * @return the first finding, or empty when every address is usable
     * @throws io.spidernet.spiderpool.core.cni.CniError when the probes cannot run (no such
     *     interface, no permission for a packet socket)
     */
    Optional<Finding> detect(String netns, String ifName, List<Target> targets);

    /** Whether any address of {@code ifName} has a check switched on; reads only the agent's answer. */
    static boolean switchedOn(AgentReply.Allocation response, String ifName) {
        for (AgentReply.Ip ip : response.ips()) {
            if (ip.nic().equals(ifName) && (ip.conflictDetection() || ip.gatewayDetection())) {
                return true;
            }
        }
        return false;
    }

    /** Every address of {@code ifName} (all are announced; only those switched on are probed). */
    static List<Target> targets(AgentReply.Allocation response, String ifName) {
        List<Target> targets = new ArrayList<>();
        for (AgentReply.Ip ip : response.ips()) {
            if (ip.nic().equals(ifName)) {
                String address = ip.address();
                int slash = address.indexOf('/');
                InetAddress gateway = ip.gateway().isEmpty() ? null : InetAddress.ofLiteral(ip.gateway());
                targets.add(new Target(InetAddress.ofLiteral(slash < 0 ? address : address.substring(0, slash)), gateway,
                        ip.conflictDetection(), ip.gatewayDetection() && gateway != null));
            }
        }
        return targets;
    }
}
