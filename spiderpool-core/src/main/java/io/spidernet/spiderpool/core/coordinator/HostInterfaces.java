package io.spidernet.spiderpool.core.coordinator;

import io.spidernet.spiderpool.core.cni.CniNames;
import java.util.List;

/** Names on the host side: the helper veth's, and which host links' addresses a pod must reach. */
public final class HostInterfaces {
    static final String VETH_PREFIX = "veth";

    /**
     * Links whose addresses are not "the node" for a pod: bridges and tunnels of containers and
     * overlays, veths, loopback. Upstream's list, as name prefixes (its pattern {@code ^cilium*}
     * reads "ciliu" then any m's; meant, and taken here, as the prefix "cilium").
     */
    public static final List<String> EXCLUDED_PREFIXES = List.of("docker", "cbr", "dummy", "virbr", "lxcbr", "veth",
            "cali", "flannel", "kube-ipvs", "cni", "vx-submariner", "cilium");

    private HostInterfaces() {}

    /**
     * "veth" and the first 11 characters of the container ID: 15 characters, the kernel's limit
     * (IFNAMSIZ − 1). Upstream's name, so DEL finds a link an upstream ADD made and the other way round.
     */
    public static String vethNameFor(String containerId) {
        int keep = CniNames.MAX_IFNAME_LENGTH - VETH_PREFIX.length();
        return VETH_PREFIX + (containerId.length() > keep ? containerId.substring(0, keep) : containerId);
    }

    /** True when the addresses on this host link are not routed to the pod as "host IPs". */
    public static boolean isExcluded(String linkName) {
        if (linkName.equals("lo")) {
            return true;
        }
        for (String prefix : EXCLUDED_PREFIXES) {
            if (linkName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
