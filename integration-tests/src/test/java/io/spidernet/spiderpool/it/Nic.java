package io.spidernet.spiderpool.it;

/**
 * One underlay NIC of a simulated pod, as a network attachment definition describes it: Debian's
 * {@code macvlan} on the node's uplink (bridge mode) with our {@code spiderpool} IPAM taking
 * addresses from one of the node's pool pairs, optionally chained with our {@code coordinator}.
 *
 * @param ifName      the interface name in the pod (CNI_IFNAME), e.g. eth0 or net1
 * @param subnet      which underlay subnet's pools: 1 = 192.0.2.0/24 + 2001:db8:1::/64, 2 = 198.51.100.0/24 + 2001:db8:2::/64
 * @param ipv4        whether to ask for an IPv4 address
 * @param ipv6        whether to ask for an IPv6 address
 * @param coordinator the coordinator's NAD members as JSON (without braces, may be empty), or
 *                    null for no coordinator in the chain
 */
record Nic(String ifName, int subnet, boolean ipv4, boolean ipv6, String coordinator) {
    Nic {
        if (subnet != 1 && subnet != 2) {
            throw new IllegalArgumentException("subnet must be 1 or 2, not " + subnet);
        }
        if (!ipv4 && !ipv6) {
            throw new IllegalArgumentException("a NIC needs IPv4, IPv6 or both");
        }
    }

    /** Dual stack on the first underlay subnet, macvlan + spiderpool only. */
    static Nic macvlan(String ifName) {
        return new Nic(ifName, 1, true, true, null);
    }

    /** Dual stack on the second underlay subnet (a NIC beside one on the first). */
    static Nic macvlanOnSecondSubnet(String ifName) {
        return new Nic(ifName, 2, true, true, null);
    }

    /** The same NIC with the coordinator chained after macvlan; {@code members} e.g. {@code "mode":"underlay"}. */
    Nic withCoordinator(String members) {
        return new Nic(ifName, subnet, ipv4, ipv6, members);
    }

    Nic ipv4Only() {
        return new Nic(ifName, subnet, true, false, coordinator);
    }

    Nic ipv6Only() {
        return new Nic(ifName, subnet, false, true, coordinator);
    }
}
