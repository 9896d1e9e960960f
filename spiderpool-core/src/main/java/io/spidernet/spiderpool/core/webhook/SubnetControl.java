package io.spidernet.spiderpool.core.webhook;

import static io.spidernet.spiderpool.core.webhook.Rules.PASS;
import static io.spidernet.spiderpool.core.webhook.Rules.fail;
import static io.spidernet.spiderpool.core.webhook.SpecRules.IPS;

import io.spidernet.spiderpool.core.ip.IpSet;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderSubnet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules tying a subnet to the pools it controls, seen from either side: a pool may only hold
 * subnet IPs, and a subnet may not drop IPs it has handed to a pool. Both read the subnet's
 * {@code status.controlledIPPools} record, which is why they live together.
 */
final class SubnetControl {

    private SubnetControl() {}

    /** IPPool rule 9, once the controlling subnet is known. */
    static List<FieldError> poolWithinSubnet(SpiderIPPool pool, IpSet poolIps, SpiderSubnet subnet) {
        String name = Owners.nameOf(subnet);
        Optional<IpSet> subnetIps = AddressSpec.of(subnet.getSpec()).knownTotalIps().filter(s -> s.family() == poolIps.family());
        IpSet outside = subnetIps.map(poolIps::subtract).orElse(poolIps);
        if (!outside.isEmpty()) {
            String ips = SpecRules.describe(outside);
            return fail(FieldError.forbidden(IPS, ips, "controller SpiderSubnet '" + name + "' does not offer " + ips
                    + " (its spec.ips minus spec.excludeIPs); add them to the subnet first or remove them from this pool"));
        }
        if (!pool.isAutoCreated()) {
            return PASS;
        }
        Map<String, List<String>> records;
        try {
            records = StatusRecords.controlledPoolIps(subnet.getStatus() == null ? null : subnet.getStatus().getControlledIPPools());
        } catch (IllegalArgumentException e) {
            return fail(FieldError.invalid(IPS, null, "cannot be checked: status.controlledIPPools of SpiderSubnet '" + name
                    + "' " + e.getMessage()));
        }
        IpSet recorded = IpSet.parse(poolIps.family(), records.getOrDefault(Owners.nameOf(pool), List.of()));
        if (!recorded.equals(poolIps)) {
            return fail(FieldError.forbidden(IPS, SpecRules.describe(poolIps), "the IPs of an auto-created IPPool are"
                    + " managed by SpiderSubnet '" + name + "', which records " + describeOrNone(recorded) + " for it;"
                    + " do not edit spec.ips or spec.excludeIPs, change the application's ipam.spidernet.io/ippool-ip-number instead"));
        }
        return PASS;
    }

    /** SpiderSubnet update: every IP pre-allocated to a controlled pool stays in the subnet. */
    static List<FieldError> controlledPoolsKept(SpiderSubnet oldSubnet, AddressSpec spec) {
        Map<String, List<String>> records;
        try {
            records = StatusRecords.controlledPoolIps(oldSubnet.getStatus() == null ? null : oldSubnet.getStatus().getControlledIPPools());
        } catch (IllegalArgumentException e) {
            return fail(FieldError.invalid("status.controlledIPPools", null, "of the stored Subnet " + e.getMessage()
                    + ", so removing IPs cannot be checked; repair the status before editing spec.ips"));
        }
        IpSet total = spec.totalIps();
        for (Map.Entry<String, List<String>> record : records.entrySet()) {
            IpSet removed;
            try {
                removed = IpSet.parse(total.family(), record.getValue()).subtract(total);
            } catch (IllegalArgumentException e) {
                continue; // a record the subnet cannot even read is not one this edit can break
            }
            if (!removed.isEmpty()) {
                String ips = SpecRules.describe(removed);
                return fail(FieldError.forbidden(IPS, ips, "removes " + ips + ", which IPPool '" + record.getKey()
                        + "' holds; keep them in spec.ips and out of spec.excludeIPs, or shrink or delete that pool first"));
            }
        }
        return PASS;
    }

    private static String describeOrNone(IpSet set) {
        return set.isEmpty() ? "no IPs" : SpecRules.describe(set);
    }
}
