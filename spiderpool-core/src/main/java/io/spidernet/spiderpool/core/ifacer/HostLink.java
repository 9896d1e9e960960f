package io.spidernet.spiderpool.core.ifacer;

/**
 * What the plan needs to know of one link in the host namespace; the adapter fills it from a
 * netlink dump, with indexes already turned into names.
 *
 * @param kind    the link kind ("vlan", "bond", "veth", ...), "" for a plain device
 * @param vlanId  the 802.1Q ID of a vlan link, 0 otherwise
 * @param parent  the name of a vlan's parent link, "" for none or unknown
 * @param master  the name of the bond or bridge it is enslaved to, "" for none
 */
public record HostLink(String name, String kind, boolean up, int vlanId, String parent, String master) {
    public static final String VLAN = "vlan";
    public static final String BOND = "bond";

    /** A plain device that is up or down, with no master: for tests and simple callers. */
    public static HostLink device(String name, boolean up) {
        return new HostLink(name, "", up, 0, "", "");
    }

    public boolean isVlan() {
        return VLAN.equals(kind);
    }

    public boolean isBond() {
        return BOND.equals(kind);
    }

    /** "a vlan link" / "a plain device link": for messages. */
    public String describeKind() {
        return kind.isEmpty() ? "a plain device" : "a " + kind + " link";
    }
}
