package io.spidernet.spiderpool.core.webhook;

import static io.spidernet.spiderpool.core.webhook.Rules.PASS;
import static io.spidernet.spiderpool.core.webhook.Rules.fail;

import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ip.IpFormatException;
import io.spidernet.spiderpool.core.ip.IpRange;
import io.spidernet.spiderpool.core.ip.IpSet;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.Route;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The field rules SpiderIPPool, SpiderSubnet and SpiderReservedIP share. */
final class SpecRules {
    static final String IP_VERSION = "spec.ipVersion";
    static final String SUBNET = "spec.subnet";
    static final String IPS = "spec.ips";
    static final String EXCLUDE_IPS = "spec.excludeIPs";
    static final String GATEWAY = "spec.gateway";
    static final String ROUTES = "spec.routes";

    private SpecRules() {}

    /** Present and enabled. The mutator infers it, so a missing one means {@code source} was unreadable. */
    static List<FieldError> ipVersion(IpVersion version, String source, SpiderpoolConf conf) {
        if (version == null) {
            return fail(FieldError.invalid(IP_VERSION, null,
                    "is missing and could not be inferred from " + source + "; fix " + source + " or set spec.ipVersion to 4 or 6"));
        }
        IpFamily family = version.family();
        if (!conf.enabled(family)) {
            return fail(FieldError.forbidden(IP_VERSION, String.valueOf(version.number()),
                    family + " is disabled in spiderpool-conf (enable" + (family == IpFamily.V4 ? "IPv4" : "IPv6")
                            + ": false); use an enabled family or enable " + family));
        }
        return PASS;
    }

    /** {@code ipVersion} and {@code subnet} are fixed at creation: pools, labels and ledgers depend on them. */
    static List<FieldError> unchangeable(AddressSpec old, AddressSpec now) {
        if (old.ipVersion() != null && now.ipVersion() != null && old.ipVersion() != now.ipVersion()) {
            return fail(FieldError.forbidden(IP_VERSION, String.valueOf(now.ipVersion().number()),
                    "is not changeable (was " + old.ipVersion().number() + "); create a new " + now.kind() + " for the other family"));
        }
        if (!Objects.equals(old.subnet(), now.subnet())) {
            return fail(FieldError.forbidden(SUBNET, now.subnet(), "is not changeable (was '" + old.subnet()
                    + "'); create a new " + now.kind() + " for the other CIDR"));
        }
        return PASS;
    }

    /** A CIDR of the family; enough for objects admitted before (update). */
    static List<FieldError> cidrOfFamily(AddressSpec spec) {
        if (spec.subnet() == null) {
            return fail(FieldError.required(SUBNET, "is required; set it to the CIDR of the " + spec.kind()));
        }
        try {
            Cidr.parse(spec.subnet(), spec.family());
            return PASS;
        } catch (IpFormatException e) {
            return fail(FieldError.invalid(SUBNET, spec.subnet(), e.getMessage() + " (spec.ipVersion is " + spec.ipVersion().number() + ")"));
        }
    }

    /**
     * Canonical means written exactly as upstream prints it: no host bits and, for IPv6, the RFC 5952
     * spelling, so that the {@code *-cidr} labels of equal CIDRs are equal.
     */
    static List<FieldError> canonicalCidr(AddressSpec spec) {
        List<FieldError> parse = cidrOfFamily(spec);
        if (!parse.isEmpty()) {
            return parse;
        }
        String canonical = spec.cidr().canonical().toString();
        if (!canonical.equals(spec.subnet())) {
            return fail(FieldError.invalid(SUBNET, spec.subnet(), "'" + spec.subnet() + "' is not canonical, use '" + canonical + "'"));
        }
        return PASS;
    }

    /** Every entry is {@code a} or {@code a-b} of the family and lies inside {@code spec.subnet}. */
    static List<FieldError> rangesInsideSubnet(String field, List<String> entries, AddressSpec spec) {
        Cidr cidr = spec.cidr();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            String path = field + "[" + i + "]";
            IpRange range;
            try {
                range = IpRange.parse(entry, spec.family());
            } catch (IpFormatException e) {
                return fail(FieldError.invalid(path, entry, e.getMessage()));
            }
            if (!cidr.contains(range.first()) || !cidr.contains(range.last())) {
                return fail(FieldError.invalid(path, entry, "'" + entry + "' is outside spec.subnet " + spec.subnet()
                        + "; use addresses from " + cidr.first() + " to " + cidr.last()));
            }
        }
        return PASS;
    }

    /** No two entries of {@code spec.ips} share an address (the mutator merges them; a raw update may not). */
    static List<FieldError> noOverlapWithin(String field, List<String> entries, IpFamily family) {
        record Entry(int index, IpRange range) {}
        List<Entry> sorted = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            sorted.add(new Entry(i, IpRange.parse(entries.get(i), family)));
        }
        sorted.sort(Comparator.comparing(Entry::range));
        Entry reach = null;
        for (Entry e : sorted) {
            if (reach != null && e.range().first().compareTo(reach.range().last()) <= 0) {
                Entry later = e.index() > reach.index() ? e : reach;
                Entry earlier = later == e ? reach : e;
                return fail(FieldError.invalid(field + "[" + later.index() + "]", later.range().toString(),
                        "'" + entries.get(later.index()) + "' overlaps " + field + "[" + earlier.index() + "] '"
                                + entries.get(earlier.index()) + "'; merge them into one range"));
            }
            if (reach == null || e.range().last().compareTo(reach.range().last()) > 0) {
                reach = e;
            }
        }
        return PASS;
    }

    /** Inside the subnet, and not an assignable address: inside {@code ips} it must be excluded. */
    static List<FieldError> gateway(AddressSpec spec) {
        String gw = spec.gateway();
        if (gw == null) {
            return PASS;
        }
        IpAddress ip;
        try {
            ip = IpAddress.parse(gw, spec.family());
        } catch (IpFormatException e) {
            return fail(FieldError.invalid(GATEWAY, gw, e.getMessage()));
        }
        if (!spec.cidr().contains(ip)) {
            return fail(FieldError.invalid(GATEWAY, gw, gw + " is outside spec.subnet " + spec.subnet() + "; use an address inside it"));
        }
        if (IpSet.parse(spec.family(), spec.excludeIPs()).contains(ip)) {
            return PASS;
        }
        for (int i = 0; i < spec.ips().size(); i++) {
            if (IpRange.parse(spec.ips().get(i), spec.family()).contains(ip)) {
                return fail(FieldError.invalid(GATEWAY, gw, gw + " lies inside spec.ips (" + spec.ips().get(i)
                        + "), add it to spec.excludeIPs or move it out of the range"));
            }
        }
        return PASS;
    }

    /** No default route (that is what the gateway is for), one route per dst, gw reachable on the subnet. */
    static List<FieldError> routes(AddressSpec spec) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < spec.routes().size(); i++) {
            Route r = spec.routes().get(i);
            String dstPath = ROUTES + "[" + i + "].dst";
            String gwPath = ROUTES + "[" + i + "].gw";
            if (r.dst() == null) {
                return fail(FieldError.required(dstPath, "is required; set it to the destination CIDR"));
            }
            if (isDefaultRoute(r.dst(), spec.family())) {
                return fail(FieldError.invalid(dstPath, r.dst(), "'" + r.dst()
                        + "' is the default route; remove this route and set spec.gateway instead"));
            }
            if (!seen.add(r.dst())) {
                return fail(FieldError.invalid(dstPath, r.dst(), "'" + r.dst() + "' is the dst of an earlier route; keep one route per dst"));
            }
            try {
                Cidr.parse(r.dst(), spec.family());
            } catch (IpFormatException e) {
                return fail(FieldError.invalid(dstPath, r.dst(), e.getMessage()));
            }
            List<FieldError> gw = routeGateway(gwPath, r.gw(), spec);
            if (!gw.isEmpty()) {
                return gw;
            }
        }
        return PASS;
    }

    private static boolean isDefaultRoute(String dst, IpFamily family) {
        if (dst.equals(family.defaultRouteDst())) {
            return true;
        }
        try {
            return Cidr.parse(dst, family).prefixLength() == 0;
        } catch (IpFormatException e) {
            return false;
        }
    }

    private static List<FieldError> routeGateway(String path, String gw, AddressSpec spec) {
        if (gw == null) {
            return fail(FieldError.required(path, "is required; set it to a next hop inside spec.subnet " + spec.subnet()));
        }
        IpAddress ip;
        try {
            ip = IpAddress.parse(gw, spec.family());
        } catch (IpFormatException e) {
            return fail(FieldError.invalid(path, gw, e.getMessage()));
        }
        if (!spec.cidr().contains(ip)) {
            return fail(FieldError.invalid(path, gw, gw + " is outside spec.subnet " + spec.subnet()
                    + "; a route's gw must be reachable on the subnet"));
        }
        return PASS;
    }

    /** How a set of addresses reads in a message: its ranges, the first few only. */
    static String describe(IpSet set) {
        List<String> ranges = set.toStrings();
        int shown = Math.min(ranges.size(), 5);
        String head = String.join(", ", ranges.subList(0, shown));
        return ranges.size() > shown ? head + " and " + (ranges.size() - shown) + " more ranges" : head;
    }
}
