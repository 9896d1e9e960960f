package io.spidernet.spiderpool.core.webhook;

import static io.spidernet.spiderpool.core.webhook.Rules.PASS;
import static io.spidernet.spiderpool.core.webhook.Rules.fail;

import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFormatException;
import io.spidernet.spiderpool.core.model.Route;
import io.spidernet.spiderpool.core.model.coordinator.CoordinatorSpec;
import io.spidernet.spiderpool.core.model.coordinator.PodCidrType;
import io.spidernet.spiderpool.core.model.coordinator.SpiderCoordinator;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Admission rules for SpiderCoordinator (research notes §7.5), the same on create and update. The
 * enums ({@code mode}, {@code podCIDRType}) are typed in the model, so a value outside them is met
 * by the adapter while decoding; here only a missing {@code podCIDRType} is left to refuse.
 */
public final class CoordinatorValidator {
    static final List<String> POD_CIDR_TYPES = Arrays.stream(PodCidrType.values()).map(PodCidrType::wire).toList();
    static final List<String> RP_FILTERS = List.of("0", "1", "2");

    public AdmissionResult validateCreate(SpiderCoordinator coordinator) {
        return validate(coordinator);
    }

    public AdmissionResult validateUpdate(SpiderCoordinator oldCoordinator, SpiderCoordinator newCoordinator) {
        return validate(newCoordinator);
    }

    private static AdmissionResult validate(SpiderCoordinator coordinator) {
        CoordinatorSpec spec = coordinator.getSpec() == null ? new CoordinatorSpec() : coordinator.getSpec();
        return AdmissionResult.of(Rules.firstFailure(
                () -> podCidrType(spec),
                () -> hijackCidrs(spec.getHijackCIDR()),
                () -> podMacPrefix(spec.getPodMACPrefix()),
                () -> txQueueLen(spec.getTxQueueLen()),
                () -> podRpFilter(spec.getPodRPFilter()),
                () -> vethLinkAddress(spec.getVethLinkAddress()),
                () -> vethMtu(spec.getVethMTU()),
                () -> policyRoutes(spec.getPolicyRoutes())));
    }

    private static List<FieldError> podCidrType(CoordinatorSpec spec) {
        return spec.getPodCIDRType() != null ? PASS : fail(FieldError.notSupported("spec.podCIDRType", "", POD_CIDR_TYPES));
    }

    private static List<FieldError> hijackCidrs(List<String> cidrs) {
        if (cidrs == null) {
            return PASS;
        }
        for (int i = 0; i < cidrs.size(); i++) {
            String c = cidrs.get(i);
            try {
                if (c != null && c.contains("/")) {
                    Cidr.parse(c);
                } else {
                    IpAddress.parse(c);
                }
            } catch (IpFormatException e) {
                return fail(FieldError.invalid("spec.hijackCIDR[" + i + "]", c, e.getMessage() + "; write a CIDR such as 169.254.0.0/16"));
            }
        }
        return PASS;
    }

    /** Two hex bytes; the first must keep the multicast bit clear, or every pod MAC is a group address. */
    static List<FieldError> podMacPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return PASS;
        }
        String[] parts = prefix.split(":", -1);
        boolean shaped = parts.length == 2 && Arrays.stream(parts).allMatch(p -> p.length() == 2 && p.chars().allMatch(
                c -> Character.digit(c, 16) >= 0));
        if (!shaped) {
            return fail(FieldError.invalid("spec.podMACPrefix", prefix, "'" + prefix + "' is not a MAC prefix; write two hex"
                    + " bytes such as 0a:1b"));
        }
        int first = HexFormat.fromHexDigits(parts[0]);
        if ((first & 1) != 0) {
            String fixed = HexFormat.of().toHexDigits((byte) (first & 0xfe)) + ":" + parts[1];
            return fail(FieldError.invalid("spec.podMACPrefix", prefix, "'" + prefix + "' is not a unicast prefix: the lowest"
                    + " bit of the first byte must be 0, use e.g. '" + fixed + "'"));
        }
        return PASS;
    }

    private static List<FieldError> txQueueLen(Integer txQueueLen) {
        return txQueueLen == null || txQueueLen >= 0 ? PASS : fail(FieldError.invalid("spec.txQueueLen", txQueueLen.toString(),
                "cannot be negative; use 0 to leave the pod's queue length alone"));
    }

    /** Negative leaves the pod's rp_filter alone; otherwise one of the kernel's three modes. */
    private static List<FieldError> podRpFilter(Integer rpFilter) {
        if (rpFilter == null) {
            return fail(FieldError.notSupported("spec.podRPFilter", "", RP_FILTERS));
        }
        return rpFilter <= 2 ? PASS : fail(FieldError.notSupported("spec.podRPFilter", rpFilter.toString(),
                List.of("0", "1", "2", "a negative number to leave it alone")));
    }

    private static List<FieldError> vethLinkAddress(String address) {
        if (address == null || address.isEmpty()) {
            return PASS;
        }
        try {
            IpAddress.parse(address);
            return PASS;
        } catch (IpFormatException e) {
            return fail(FieldError.invalid("spec.vethLinkAddress", address, e.getMessage() + "; use a link-local address such as 169.254.100.1"));
        }
    }

    private static List<FieldError> vethMtu(Integer mtu) {
        return mtu == null || mtu > 0 ? PASS : fail(FieldError.invalid("spec.vethMTU", mtu.toString(),
                "must be greater than 0; use the MTU of the pod's NIC, typically 1500"));
    }

    /** A route's dst and gw are of one family, else the plugin cannot install it. */
    private static List<FieldError> policyRoutes(List<Route> routes) {
        if (routes == null) {
            return PASS;
        }
        for (int i = 0; i < routes.size(); i++) {
            Route r = routes.get(i);
            String at = "spec.policyRoutes[" + i + "]";
            if (r.dst() == null || r.gw() == null) {
                return fail(FieldError.required(at + (r.dst() == null ? ".dst" : ".gw"), "is required; a policy route needs"
                        + " both dst (a CIDR) and gw (an IP of the same family)"));
            }
            Cidr dst;
            IpAddress gw;
            try {
                dst = Cidr.parse(r.dst());
            } catch (IpFormatException e) {
                return fail(FieldError.invalid(at + ".dst", r.dst(), e.getMessage()));
            }
            try {
                gw = IpAddress.parse(r.gw());
            } catch (IpFormatException e) {
                return fail(FieldError.invalid(at + ".gw", r.gw(), e.getMessage()));
            }
            if (dst.family() != gw.family()) {
                return fail(FieldError.invalid(at + ".gw", r.gw(), "is an " + gw.family() + " address but dst '" + r.dst()
                        + "' is " + dst.family() + "; use a gw of the dst's family"));
            }
        }
        return PASS;
    }
}
