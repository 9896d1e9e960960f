package io.spidernet.spiderpool.core.webhook;

import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ip.IpSet;
import io.spidernet.spiderpool.core.model.AddressRangeSpec;
import io.spidernet.spiderpool.core.model.IPPoolSpec;
import io.spidernet.spiderpool.core.model.IpVersion;
import io.spidernet.spiderpool.core.model.Route;
import io.spidernet.spiderpool.core.model.SubnetSpec;
import java.util.List;
import java.util.Optional;

/**
 * The address fields SpiderIPPool and SpiderSubnet specs share, so that one set of rules serves
 * both kinds (upstream has two copies of each rule).
 *
 * @param kind how messages name the object: {@code IPPool} or {@code Subnet}
 */
record AddressSpec(String kind, IpVersion ipVersion, String subnet, List<String> ips, List<String> excludeIPs,
        String gateway, List<Route> routes) {

    AddressSpec {
        ips = ips == null ? List.of() : ips;
        excludeIPs = excludeIPs == null ? List.of() : excludeIPs;
        routes = routes == null ? List.of() : routes;
    }

    static AddressSpec of(IPPoolSpec s) {
        return of("IPPool", s == null ? new IPPoolSpec() : s);
    }

    static AddressSpec of(SubnetSpec s) {
        return of("Subnet", s == null ? new SubnetSpec() : s);
    }

    private static AddressSpec of(String kind, AddressRangeSpec spec) {
        return new AddressSpec(kind, spec.getIpVersion(), spec.getSubnet(), spec.getIps(), spec.getExcludeIPs(),
                spec.getGateway(), spec.getRoutes());
    }

    /** Only after the ipVersion rule passed. */
    IpFamily family() {
        return ipVersion.family();
    }

    /** Only after the CIDR rule passed; a non-canonical CIDR still has a well-defined range. */
    Cidr cidr() {
        return Cidr.parse(subnet, family());
    }

    /** {@code ips} minus {@code excludeIPs}; only after the range rules passed. */
    IpSet totalIps() {
        return IpSet.parse(family(), ips).subtract(IpSet.parse(family(), excludeIPs));
    }

    /** The CIDR label value; two objects are "in the same CIDR" exactly when these are equal. */
    String cidrLabel() {
        return IpamLabels.cidrLabelValue(subnet);
    }

    /**
     * The family of an object taken from the cluster snapshot, which may lack {@code ipVersion}
     * (created while the webhook was down); falls back to the family of {@code subnet}.
     */
    Optional<IpFamily> knownFamily() {
        if (ipVersion != null) {
            return Optional.of(ipVersion.family());
        }
        try {
            return Optional.of(Cidr.parse(subnet).family());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The CIDR of a snapshot object, empty when unreadable (such objects are skipped, not blamed). */
    Optional<Cidr> knownCidr() {
        try {
            return Optional.of(Cidr.parse(subnet));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Total IPs of a snapshot object, empty when unreadable. */
    Optional<IpSet> knownTotalIps() {
        Optional<IpFamily> family = knownFamily();
        if (family.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(IpSet.parse(family.get(), ips).subtract(IpSet.parse(family.get(), excludeIPs)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
