package io.spidernet.spiderpool.cni;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.cni.SpiderpoolErrorKind;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CHECK's comparisons, kept apart from I/O so that each rule is tested on plain values: the
 * addresses the agent recorded for the interface must all be in the runtime's prevResult, and
 * all be configured on the interface inside the container. Addresses compare with their prefix
 * length, since a wrong prefix breaks the subnet route just as a wrong address does.
 */
final class AllocationCheck {
    private AllocationCheck() {}

    /** The addresses of prevResult's {@code ips}; a malformed prevResult is a code-7 error naming the field. */
    static List<Cidr> prevResultAddresses(Map<String, Object> prevResult) {
        Object ips = prevResult.get("ips");
        if (ips == null) {
            return List.of();
        }
        if (!(ips instanceof List<?> items)) {
            throw invalid("\"prevResult.ips\" must be a list of IP configurations", ips);
        }
        List<Cidr> addresses = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String field = "prevResult.ips[" + i + "]";
            if (!(items.get(i) instanceof Map<?, ?> ip)) {
                throw invalid("\"" + field + "\" must be an object", items.get(i));
            }
            if (!(ip.get("address") instanceof String address)) {
                throw invalid("\"" + field + ".address\" must be a string such as \"10.6.1.20/24\"", ip.get("address"));
            }
            try {
                addresses.add(Cidr.parse(address));
            } catch (IpFormatException e) {
                throw new CniError.InvalidNetworkConfig("\"" + field + ".address\" is not an address with prefix"
                        + " length: " + e.getMessage(), "prevResult must be the unmodified result of ADD");
            }
        }
        return addresses;
    }

    static void requireInPrevResult(List<Cidr> recorded, List<Cidr> prevResult, String ifName) {
        List<Cidr> missing = missing(recorded, prevResult);
        if (!missing.isEmpty()) {
            throw new CniError.Spiderpool(SpiderpoolErrorKind.CHECK_MISMATCH, "spiderpool-agent recorded "
                    + join(recorded) + " for " + ifName + ", but prevResult lacks " + join(missing)
                    + " (prevResult has " + (prevResult.isEmpty() ? "no addresses" : join(prevResult)) + ")");
        }
    }

    /** @param present the interface's addresses, or null when the interface does not exist */
    static void requireOnInterface(List<Cidr> recorded, List<Cidr> present, String ifName, String netns) {
        if (present == null) {
            throw new CniError.Spiderpool(SpiderpoolErrorKind.CHECK_MISMATCH,
                    "interface " + ifName + " does not exist in network namespace " + netns);
        }
        List<Cidr> missing = missing(recorded, present);
        if (!missing.isEmpty()) {
            throw new CniError.Spiderpool(SpiderpoolErrorKind.CHECK_MISMATCH, "interface " + ifName + " in network"
                    + " namespace " + netns + " lacks " + join(missing) + " (it has "
                    + (present.isEmpty() ? "no addresses" : join(present)) + ")");
        }
    }

    private static List<Cidr> missing(List<Cidr> wanted, List<Cidr> have) {
        List<Cidr> missing = new ArrayList<>();
        for (Cidr c : wanted) {
            if (!have.contains(c)) {
                missing.add(c);
            }
        }
        return missing;
    }

    private static String join(List<Cidr> addresses) {
        List<String> texts = new ArrayList<>(addresses.size());
        for (Cidr c : addresses) {
            texts.add(c.toString());
        }
        return String.join(", ", texts);
    }

    private static CniError invalid(String rule, Object value) {
        String shown = value == null ? "absent" : value instanceof String s ? "the string \"" + s + "\""
                : value instanceof Map<?, ?> ? "an object" : value instanceof List<?> ? "a list"
                : value instanceof Boolean ? "the boolean " + value : "the number " + value;
        return new CniError.InvalidNetworkConfig(rule + ", but it is " + shown,
                "the runtime must pass the unmodified result of ADD as prevResult");
    }
}
