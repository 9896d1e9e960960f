package io.spidernet.spiderpool.core.coordinator.status;

import io.spidernet.spiderpool.core.ip.Cidr;
import java.util.ArrayList;
import java.util.List;

/** CIDR lists as the cluster writes them (comma or space separated), and the bound on their length. */
final class CidrLists {
    /**
     * The most CIDRs one status list holds: the coordinator installs a route for each in every pod,
     * so a longer list is a misreading (or a cluster this design does not serve), not a list to pass on.
     */
    static final int MAX_CIDRS = 256;

    private CidrLists() {}

    /** The valid CIDRs of {@code text} in order, as written; anything else is skipped, as upstream does. */
    static List<String> validOf(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String item : text.split("[,\\s]+")) {
            if (isCidr(item)) {
                out.add(item);
            }
        }
        return out;
    }

    static boolean isCidr(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        try {
            Cidr.parse(text);
            return true;
        } catch (IllegalArgumentException e) { // IpFormatException among them
            return false;
        }
    }

    /** {@code cidrs} when within {@link #MAX_CIDRS}; else NotReady naming {@code what}. */
    static List<String> bounded(List<String> cidrs, String what) {
        if (cidrs.size() > MAX_CIDRS) {
            throw new NotReady(what + " gives " + cidrs.size() + " CIDRs, more than the " + MAX_CIDRS
                    + " the coordinator routes; merge them into fewer, larger CIDRs");
        }
        return List.copyOf(cidrs);
    }
}
