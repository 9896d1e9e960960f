package io.spidernet.spiderpool.core.webhook;

import static io.spidernet.spiderpool.core.webhook.Rules.PASS;
import static io.spidernet.spiderpool.core.webhook.Rules.fail;

import io.spidernet.spiderpool.core.model.multus.BondConfig;
import io.spidernet.spiderpool.core.model.multus.CniType;
import io.spidernet.spiderpool.core.model.multus.MasterLinkConfig;
import io.spidernet.spiderpool.core.model.multus.MultusConfigSpec;
import io.spidernet.spiderpool.core.model.multus.OvsTrunk;
import io.spidernet.spiderpool.core.model.multus.SpiderpoolPools;
import io.spidernet.spiderpool.core.model.multus.VlanConfig;
import io.spidernet.spiderpool.core.model.multus.VlanMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of a SpiderMultusConfig's main plugin (research notes §7.1, §7.4): the block of
 * {@code cniType} is there with its required fields, no other block is, and the numbers are in
 * range. Upstream checks one type at a time in the same order; the first failure is the answer.
 */
final class MultusConfigCniRules {
    static final int MAX_VLAN_ID = 4094;
    static final int MAX_BOND_MODE = 6;
    /** Enough for any bond; a bound so that one object cannot carry an unbounded list. */
    static final int MAX_MASTERS = 16;

    private MultusConfigCniRules() {}

    /** The JSON name of each type's block, as the user writes it. */
    static String blockOf(CniType type) {
        return switch (type) {
            case MACVLAN -> "macvlan";
            case IPVLAN -> "ipvlan";
            case VLAN -> "vlan";
            case SRIOV -> "sriov";
            case IB_SRIOV -> "ibsriov";
            case IPOIB -> "ipoib";
            case OVS -> "ovs";
            case CUSTOM -> "customCNI";
        };
    }

    static List<FieldError> check(MultusConfigSpec spec) {
        CniType type = spec.getCniType();
        if (type == null) {
            return fail(FieldError.required("spec.cniType", "is required; set it to one of macvlan, ipvlan, vlan, sriov, ovs,"
                    + " ib-sriov, ipoib, custom"));
        }
        return Rules.firstFailure(() -> typeRules(spec, type), () -> onlyOwnBlock(spec, type));
    }

    private static List<FieldError> typeRules(MultusConfigSpec spec, CniType type) {
        String at = "spec." + blockOf(type);
        return switch (type) {
            case MACVLAN -> masterLink(at, type, spec.getMacvlan());
            case IPVLAN -> masterLink(at, type, spec.getIpvlan());
            case VLAN -> spec.getVlan() == null ? missing(at, type) : Rules.firstFailure(
                    () -> vlanMode(at, spec.getVlan()),
                    () -> vlanId(at + ".vlanID", spec.getVlan().vlanID()),
                    () -> mtu(at, spec.getVlan().mtu()),
                    () -> noMatchMasterSubnet(at, type, spec.getVlan().ippools()),
                    () -> masters(at, spec.getVlan().master(), spec.getVlan().bond()));
            case SRIOV -> spec.getSriov() == null ? missing(at, type) : Rules.firstFailure(
                    () -> vlanId(at + ".vlanID", spec.getSriov().vlanID()),
                    () -> mtu(at, spec.getSriov().mtu()),
                    () -> txRates(at, spec.getSriov().minTxRateMbps(), spec.getSriov().maxTxRateMbps()),
                    () -> requiredText(at + ".resourceName", spec.getSriov().resourceName(),
                            "the SR-IOV device plugin's resource the VFs come from, e.g. spidernet.io/mellanoxrdma"));
            case IB_SRIOV -> spec.getIbsriov() == null ? missing(at, type)
                    : requiredText(at + ".resourceName", spec.getIbsriov().resourceName(),
                            "the device plugin's resource the InfiniBand VFs come from");
            case IPOIB -> spec.getIpoib() == null ? missing(at, type)
                    : requiredText(at + ".master", spec.getIpoib().master(), "the host's InfiniBand interface, e.g. ibs5f1");
            case OVS -> spec.getOvs() == null ? missing(at, type) : Rules.firstFailure(
                    () -> requiredText(at + ".bridge", spec.getOvs().bridge(), "the Open vSwitch bridge, e.g. br1"),
                    () -> vlanId(at + ".vlan", spec.getOvs().vlan()),
                    () -> trunks(at + ".trunk", spec.getOvs().trunk()));
            case CUSTOM -> MultusConfigJson.customCni(spec.getCustomCNI());
        };
    }

    /** macvlan and ipvlan: one shape, one set of rules. */
    private static List<FieldError> masterLink(String at, CniType type, MasterLinkConfig c) {
        return c == null ? missing(at, type) : Rules.firstFailure(
                () -> vlanId(at + ".vlanID", c.vlanID()),
                () -> mtu(at, c.mtu()),
                () -> noMatchMasterSubnet(at, type, c.ippools()),
                () -> masters(at, c.master(), c.bond()));
    }

    private static List<FieldError> missing(String at, CniType type) {
        return fail(FieldError.required(at, "is required for cniType " + type.wire() + "; add the " + at.substring(5)
                + " block with that plugin's settings"));
    }

    /** Upstream builds the plugin from the block of {@code cniType} and ignores any other: one set is a mistake. */
    private static List<FieldError> onlyOwnBlock(MultusConfigSpec spec, CniType type) {
        Map<CniType, Object> blocks = new LinkedHashMap<>();
        blocks.put(CniType.MACVLAN, spec.getMacvlan());
        blocks.put(CniType.IPVLAN, spec.getIpvlan());
        blocks.put(CniType.VLAN, spec.getVlan());
        blocks.put(CniType.SRIOV, spec.getSriov());
        blocks.put(CniType.IB_SRIOV, spec.getIbsriov());
        blocks.put(CniType.IPOIB, spec.getIpoib());
        blocks.put(CniType.OVS, spec.getOvs());
        blocks.put(CniType.CUSTOM, spec.getCustomCNI());
        List<String> others = new ArrayList<>();
        blocks.forEach((t, block) -> {
            if (t != type && block != null) {
                others.add("spec." + blockOf(t));
            }
        });
        return others.isEmpty() ? PASS : fail(FieldError.forbidden(others.getFirst(), null, "cniType " + type.wire()
                + " uses only spec." + blockOf(type) + "; remove " + String.join(", ", others) + " or change cniType"));
    }

    static List<FieldError> vlanId(String path, Integer vlanId) {
        return vlanId == null || vlanId >= 0 && vlanId <= MAX_VLAN_ID ? PASS : fail(FieldError.invalid(path, vlanId.toString(),
                "is out of range; a VLAN ID is 0 to " + MAX_VLAN_ID + " (0: untagged)"));
    }

    private static List<FieldError> mtu(String at, Integer mtu) {
        return mtu == null || mtu >= 0 ? PASS : fail(FieldError.invalid(at + ".mtu", mtu.toString(),
                "cannot be negative; use 0 to leave the MTU to the kernel, or the MTU wanted, e.g. 1500"));
    }

    /** IPAM checks a pool against the master's subnet only for sriov; elsewhere the switch would do nothing. */
    private static List<FieldError> noMatchMasterSubnet(String at, CniType type, SpiderpoolPools pools) {
        return pools == null || !Boolean.TRUE.equals(pools.matchMasterSubnet()) ? PASS : fail(FieldError.forbidden(
                at + ".ippools.matchMasterSubnet", "true", "is supported only for cniType sriov, not " + type.wire()
                        + "; remove it"));
    }

    /** Several masters are bonded by ifacer first, which needs the bond's name and mode. */
    private static List<FieldError> masters(String at, List<String> masters, BondConfig bond) {
        if (masters == null || masters.isEmpty()) {
            return fail(FieldError.required(at + ".master", "is required; name the host interface the pod's NIC is built on,"
                    + " e.g. [eth1]"));
        }
        if (masters.size() > MAX_MASTERS) {
            return fail(FieldError.invalid(at + ".master", String.valueOf(masters.size()), "has " + masters.size()
                    + " interfaces; at most " + MAX_MASTERS + " can be bonded"));
        }
        for (int i = 0; i < masters.size(); i++) {
            if (masters.get(i) == null || masters.get(i).isBlank()) {
                return fail(FieldError.invalid(at + ".master[" + i + "]", masters.get(i), "is empty; name a host interface"));
            }
        }
        if (bond != null && bond.mode() != null && (bond.mode() < 0 || bond.mode() > MAX_BOND_MODE)) {
            return fail(FieldError.invalid(at + ".bond.mode", bond.mode().toString(), "is not a Linux bonding mode; use 0"
                    + " (balance-rr) to " + MAX_BOND_MODE + " (balance-alb), e.g. 1 for active-backup"));
        }
        if (masters.size() < 2) {
            return PASS;
        }
        if (bond == null) {
            return fail(FieldError.required(at + ".bond", "is required with " + masters.size() + " master interfaces: they are"
                    + " bonded first; add bond with a name and a mode, e.g. {name: bond0, mode: 1}"));
        }
        if (bond.name() == null || bond.name().isEmpty()) {
            return fail(FieldError.required(at + ".bond.name", "is required; name the bond interface, e.g. bond0"));
        }
        return bond.mode() != null ? PASS : fail(FieldError.required(at + ".bond.mode", "is required; use 0 (balance-rr) to "
                + MAX_BOND_MODE + " (balance-alb)"));
    }

    /** manual: the VLAN comes from vlanID; auto: an outside system (an IaaS provider) supplies it. */
    private static List<FieldError> vlanMode(String at, VlanConfig vlan) {
        if (vlan.vlanMode() == null) {
            return fail(FieldError.required(at + ".vlanMode", "is required; use manual (with vlanID) or auto"));
        }
        if (vlan.vlanMode() == VlanMode.MANUAL && vlan.vlanID() == null) {
            return fail(FieldError.required(at + ".vlanID", "is required when vlanMode is manual; set the VLAN ID, 0 to "
                    + MAX_VLAN_ID));
        }
        if (vlan.vlanMode() == VlanMode.AUTO && vlan.vlanID() != null) {
            return fail(FieldError.forbidden(at + ".vlanID", vlan.vlanID().toString(), "must not be set when vlanMode is auto:"
                    + " the VLAN is supplied from outside; remove vlanID or set vlanMode to manual"));
        }
        return PASS;
    }

    private static List<FieldError> txRates(String at, Integer min, Integer max) {
        return min == null || max == null || min <= max ? PASS : fail(FieldError.invalid(at + ".minTxRateMbps", min.toString(),
                "is greater than maxTxRateMbps " + max + "; the guaranteed rate cannot exceed the limit, lower it or raise"
                        + " maxTxRateMbps"));
    }

    private static List<FieldError> requiredText(String at, String value, String what) {
        return value != null && !value.isEmpty() ? PASS : fail(FieldError.required(at, "is required; set " + what));
    }

    private static List<FieldError> trunks(String at, List<OvsTrunk> trunks) {
        if (trunks == null) {
            return PASS;
        }
        for (int i = 0; i < trunks.size(); i++) {
            OvsTrunk t = trunks.get(i);
            String item = at + "[" + i + "]";
            List<FieldError> errors = Rules.firstFailure(
                    () -> vlanId(item + ".minID", t.minID()),
                    () -> vlanId(item + ".maxID", t.maxID()),
                    () -> vlanId(item + ".id", t.id()),
                    () -> t.minID() == null || t.maxID() == null || t.minID() <= t.maxID() ? PASS : fail(FieldError.invalid(
                            item + ".minID", t.minID().toString(), "is greater than maxID " + t.maxID() + "; a trunk range"
                                    + " runs from minID up to maxID")));
            if (!errors.isEmpty()) {
                return errors;
            }
        }
        return PASS;
    }
}
