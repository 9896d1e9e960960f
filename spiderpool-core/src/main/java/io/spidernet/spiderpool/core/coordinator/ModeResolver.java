package io.spidernet.spiderpool.core.coordinator;

import io.spidernet.spiderpool.core.cni.CniError;

/**
 * Decides, for the NIC being added, the concrete mode, whether this is the pod's first coordinated
 * NIC ("first invoke": it owns {@code main} and creates the helper links) and the NIC's policy
 * routing table (§4.3). Table 100 stays reserved for the reply path (underlay) or for the overlay
 * default route's copy; the first coordinated NIC gets 101.
 */
public final class ModeResolver {
    /** The pod side of the underlay helper veth pair. */
    public static final String UNDERLAY_VETH = "veth0";
    public static final int REPLY_TABLE = 100;
    public static final int FIRST_NIC_TABLE = 101;

    private ModeResolver() {}

    /**
     * @param firstInvoke true when this NIC sets up the pod-wide state (veth0, main-table host routes)
     * @param table       this NIC's policy routing table; 0 when {@code mode} is {@link CoordinatorMode#DISABLED}
     */
    public record Resolved(CoordinatorMode mode, boolean firstInvoke, int table) {}

    /**
     * @param linkCount the pod's links that are up with broadcast and multicast, {@code ifName}
     *                  included (it is brought up before this is asked); lo and tunnels never count
     */
    public static Resolved resolve(CoordinatorMode mode, String ifName, String podDefaultCniNic, boolean veth0Exists,
            int linkCount) {
        CoordinatorMode concrete = mode;
        if (mode == CoordinatorMode.AUTO) {
            boolean underlay = ifName.equals(podDefaultCniNic) || veth0Exists;
            concrete = underlay ? CoordinatorMode.UNDERLAY : CoordinatorMode.OVERLAY;
        }
        return switch (concrete) {
            case UNDERLAY -> underlay(ifName, podDefaultCniNic, veth0Exists, linkCount);
            case OVERLAY -> overlay(ifName, podDefaultCniNic, veth0Exists, linkCount);
            case DISABLED -> new Resolved(CoordinatorMode.DISABLED, false, 0);
            case AUTO -> throw new IllegalStateException("auto is resolved above");
        };
    }

    /** Counts the links upstream counts: up, broadcast and multicast ({@code ifName} as up). */
    public static int linkCount(PodFacts facts, String ifName) {
        int n = 0;
        for (PodFacts.LinkFact link : facts.podLinks()) {
            if (link.broadcast() && (link.up() || link.name().equals(ifName)) && !link.name().equals("lo")) {
                n++;
            }
        }
        return n;
    }

    public static boolean veth0Exists(PodFacts facts) {
        for (PodFacts.LinkFact link : facts.podLinks()) {
            if (link.name().equals(UNDERLAY_VETH)) {
                return true;
            }
        }
        return false;
    }

    private static Resolved underlay(String ifName, String firstNic, boolean veth0Exists, int linkCount) {
        boolean first = ifName.equals(firstNic);
        if (!first && !veth0Exists) {
            throw new CniError.InvalidNetworkConfig("coordinator in underlay mode for \"" + ifName
                    + "\" finds no " + UNDERLAY_VETH + " in the pod: the pod's first interface \"" + firstNic
                    + "\" was not set up by the coordinator in underlay mode",
                    "chain the coordinator after the CNI of \"" + firstNic + "\" too, or use mode overlay (or auto)"
                            + " when \"" + firstNic + "\" belongs to an overlay CNI such as Calico or Cilium");
        }
        // links then are veth0, eth0, net1, ...: net1 (count 3) gets 101, net2 (count 4) 102
        return new Resolved(CoordinatorMode.UNDERLAY, first, first ? FIRST_NIC_TABLE : linkCount + 98);
    }

    private static Resolved overlay(String ifName, String firstNic, boolean veth0Exists, int linkCount) {
        if (ifName.equals(firstNic)) {
            throw new CniError.InvalidNetworkConfig("coordinator in overlay mode cannot run for \"" + ifName
                    + "\": it is the pod's first interface (podDefaultCniNic), which overlay mode leaves to the"
                    + " overlay CNI",
                    "use mode underlay (or auto) for the first interface, or remove the coordinator from its chain");
        }
        if (veth0Exists) {
            throw new CniError.InvalidNetworkConfig("coordinator in overlay mode for \"" + ifName + "\" finds "
                    + UNDERLAY_VETH + " in the pod: an earlier interface was set up in underlay mode",
                    "use mode underlay (or auto) for \"" + ifName + "\" too: one pod uses one mode");
        }
        // links then are eth0, net1, ...: net1 (count 2) is the first, net2 (count 3) gets 102
        boolean first = linkCount == 2;
        return new Resolved(CoordinatorMode.OVERLAY, first, first ? FIRST_NIC_TABLE : linkCount + 99);
    }
}
