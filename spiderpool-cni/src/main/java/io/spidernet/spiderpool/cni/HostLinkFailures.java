package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.cni.SpiderpoolErrorKind;
import io.spidernet.spiderpool.core.ifacer.IfacerStep;
import io.spidernet.spiderpool.netlink.NetlinkException;

/**
 * Turns a refused link operation into the CNI error an operator can act on: the step (link and
 * operation), the kernel's answer (errno text and number) and, for the errnos ifacer meets in
 * practice, what to change on the host.
 */
final class HostLinkFailures {
    static final int EPERM = 1;
    static final int EACCES = 13;
    static final int EBUSY = 16;
    static final int EEXIST = 17;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int ERANGE = 34;
    static final int EOPNOTSUPP = 95;

    private HostLinkFailures() {}

    /** The error for {@code step} failing with {@code e}. */
    static CniError of(IfacerStep step, NetlinkException e) {
        return new CniError.Spiderpool(SpiderpoolErrorKind.HOST_LINK_FAILED,
                "ifacer could not " + step.describe() + ": " + e.getMessage() + "; " + hint(step, e.errno()));
    }

    /** The error for reading the host's links failing (the plan cannot be made). */
    static CniError listing(NetlinkException e) {
        return new CniError.Spiderpool(SpiderpoolErrorKind.HOST_LINK_FAILED,
                "ifacer could not list the host's links: " + e.getMessage() + "; " + hint(null, e.errno()));
    }

    private static String bondRefused(IfacerStep.CreateBond bond) {
        String hint = "the kernel refused the bond's settings: check \"bond.mode\" and \"bond.options\" against"
                + " Documentation/networking/bonding.rst (some options need a given mode or miimon)";
        // the bond is created before its slaves are enslaved, and the kernel takes only a slave as active_slave
        return bond.options().containsKey("active_slave")
                ? hint + "; active_slave must name an enslaved interface, and at creation there is none: use primary"
                : hint;
    }

    static String hint(IfacerStep step, int errno) {
        return switch (errno) {
            case EPERM, EACCES -> "ifacer needs CAP_NET_ADMIN in the host network namespace: let the container runtime"
                    + " run CNI plugins as root";
            case EOPNOTSUPP -> step instanceof IfacerStep.CreateBond
                    ? "this kernel has no bonding support: load it with `modprobe bonding` (CONFIG_BONDING)"
                    : "this kernel has no 802.1Q VLAN support: load it with `modprobe 8021q` (CONFIG_VLAN_8021Q)";
            case EEXIST -> "another link of that name appeared while ifacer ran, twice in a row; the runtime's next"
                    + " attempt reuses it";
            case ENODEV -> "the link disappeared while ifacer ran (or its parent did); check the host interfaces named"
                    + " in \"interfaces\" with `ip link`";
            case EBUSY -> "the link is in use by something else (another master, or a driver that refuses enslaving);"
                    + " release it or leave it out of \"interfaces\"";
            case EINVAL, ERANGE -> step instanceof IfacerStep.CreateBond bond ? bondRefused(bond)
                    : "the kernel refused the request: check \"vlanID\", \"bond\" and the interface named above";
            default -> "see the kernel log (dmesg) on this node for why";
        };
    }
}
