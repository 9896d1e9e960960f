package io.spidernet.spiderpool.core.ifacer;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.cni.CniVersion;
import io.spidernet.spiderpool.core.cni.ConfigFields;
import io.spidernet.spiderpool.core.cni.JsonReader;
import io.spidernet.spiderpool.core.cni.JsonSyntaxException;
import io.spidernet.spiderpool.core.cni.NodeRequestFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ifacer plugin's network configuration (§6.1): which host interfaces to use, an optional VLAN
 * ID and an optional bond over several interfaces. Everything that can be checked without looking
 * at the host is checked here, so a bad config fails with a code-7 error naming the key before any
 * link is touched.
 *
 * @param vlanId 0 for no VLAN
 * @param bond null when the config has no {@code bond} object
 * @param prevResult the previous plugin's result, or null (ifacer is normally first in a chain)
 * @param warnings what was accepted but ignored, for stderr: skipped bond options, a bond or VLAN
 *                 that upstream's rules leave unused
 */
public record IfacerNetConf(CniVersion cniVersion, String name, String type, List<String> interfaces, int vlanId,
        Bond bond, Map<String, Object> prevResult, List<String> warnings) {

    public static final int MAX_VLAN_ID = 4094;
    /** More than a host has NICs to bond; keeps one config from making the plugin walk a huge list. */
    public static final int MAX_INTERFACES = 32;
    public static final String DEFAULT_BOND_NAME = "sp_bond0";
    /** The kernel's bond modes: balance-rr (0) to balance-alb (6). */
    public static final int MAX_BOND_MODE = 6;
    static final String IFNAME_RULE = NodeRequestFields.Rule.IF_NAME.text();

    /** The bond to build over {@link #interfaces}; {@code name} defaults to {@value #DEFAULT_BOND_NAME}. */
    public record Bond(String name, int mode, BondOptions options) {}

    public IfacerNetConf {
        interfaces = List.copyOf(interfaces);
        warnings = List.copyOf(warnings);
    }

    /** The link the VLAN sits on (one interface: that one; several: the bond), or null for none. */
    public String vlanParent() {
        if (vlanId == 0) {
            return null;
        }
        if (interfaces.size() == 1) {
            return interfaces.get(0);
        }
        return bond == null ? null : bond.name();
    }

    /** Upstream's name for a VLAN link: {@code <parent>.<id>}. */
    public static String vlanLinkName(String parent, int vlanId) {
        return parent + "." + vlanId;
    }

    /** Parses stdin as the runtime sent it: strict UTF-8, then JSON, then the fields. */
    public static IfacerNetConf parse(byte[] stdin) {
        Map<String, Object> root;
        try {
            root = JsonReader.parseObject(stdin);
        } catch (JsonSyntaxException e) {
            throw new CniError.DecodingFailure("the network configuration on stdin is not valid JSON: " + e.getMessage(),
                    "fix the JSON of the network configuration (the conflist or the NetworkAttachmentDefinition's"
                            + " spec.config)");
        }
        return from(root);
    }

    static IfacerNetConf from(Map<String, Object> root) {
        ConfigFields top = new ConfigFields(root, "");
        CniVersion version = CniVersion.parse(top.string("cniVersion", null));
        String name = top.networkName();
        List<String> interfaces = interfaces(top);
        int vlanId = top.intInRange("vlanID", 0, 0, MAX_VLAN_ID);
        Map<String, Object> bondJson = top.object("bond");
        Bond bond = bondJson == null ? null : bond(new ConfigFields(bondJson, "bond."), interfaces);
        IfacerNetConf conf = new IfacerNetConf(version, name, top.string("type", ""), interfaces, vlanId, bond,
                top.object("prevResult"), warnings(interfaces, vlanId, bond));
        requireShortVlanName(conf);
        return conf;
    }

    private static List<String> interfaces(ConfigFields top) {
        List<String> interfaces = top.stringList("interfaces");
        if (interfaces.isEmpty()) {
            throw top.missing("interfaces", "a list of at least one host interface, e.g. [\"eth1\"], or two or more"
                    + " with \"bond\"");
        }
        if (interfaces.size() > MAX_INTERFACES) {
            throw new CniError.InvalidNetworkConfig("\"interfaces\" lists " + interfaces.size() + " interfaces, more"
                    + " than " + MAX_INTERFACES, "list only the host interfaces this network uses");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < interfaces.size(); i++) {
            String ifName = interfaces.get(i);
            if (!isInterfaceName(ifName)) {
                throw new CniError.InvalidNetworkConfig("\"interfaces[" + i + "]\" \"" + ifName + "\" is not a valid"
                        + " interface name (" + IFNAME_RULE + ")", "write the host interface's name as `ip link` shows it");
            }
            if (!seen.add(ifName)) {
                throw new CniError.InvalidNetworkConfig("\"interfaces\" lists " + ifName + " twice",
                        "list each host interface once");
            }
        }
        return interfaces;
    }

    private static Bond bond(ConfigFields f, List<String> interfaces) {
        String name = f.string("name", "");
        if (name.isEmpty()) {
            name = DEFAULT_BOND_NAME;
        }
        if (!isInterfaceName(name)) {
            throw new CniError.InvalidNetworkConfig("\"bond.name\" \"" + name + "\" is not a valid interface name ("
                    + IFNAME_RULE + ")", "name the bond as `ip link` would show it, e.g. bond0, or leave it empty for "
                    + DEFAULT_BOND_NAME);
        }
        if (interfaces.contains(name)) {
            throw new CniError.InvalidNetworkConfig("\"bond.name\" " + name + " is also listed in \"interfaces\"",
                    "a bond cannot be its own slave: give the bond another name");
        }
        int mode = f.intInRange("mode", 0, 0, MAX_BOND_MODE);
        BondOptions options = BondOptions.parse(f.string("options", ""), "bond.options");
        requireSlaveOptions(options, mode, interfaces);
        return new Bond(name, mode, options);
    }

    /** primary and active_slave name a slave, and the kernel refuses them outside modes 1, 5 and 6. */
    private static void requireSlaveOptions(BondOptions options, int mode, List<String> interfaces) {
        for (BondOption option : List.of(BondOption.PRIMARY, BondOption.ACTIVE_SLAVE)) {
            String slave = options.get(option);
            if (slave == null) {
                continue;
            }
            if (!BondOption.PRIMARY_MODES.contains(mode)) {
                throw BondOptions.invalid(option, slave, "bond.options", "it applies only to bond modes 1"
                        + " (active-backup), 5 (balance-tlb) and 6 (balance-alb), and \"bond.mode\" is " + mode);
            }
            if (!interfaces.contains(slave)) {
                throw BondOptions.invalid(option, slave, "bond.options", "it must be one of \"interfaces\" "
                        + interfaces);
            }
        }
    }

    private static List<String> warnings(List<String> interfaces, int vlanId, Bond bond) {
        List<String> warnings = new ArrayList<>();
        if (bond != null && !bond.options().ignored().isEmpty()) {
            List<String> pairs = new ArrayList<>();
            bond.options().ignored().forEach(i -> pairs.add(i.text()));
            warnings.add("ignored bond options " + String.join(", ", pairs) + "; the known options are "
                    + BondOptions.knownKeys());
        }
        if (bond != null && interfaces.size() == 1) {
            warnings.add("\"bond\" is ignored with a single interface: a bond needs two or more \"interfaces\"");
        }
        if (bond == null && interfaces.size() > 1) {
            warnings.add("several \"interfaces\" without \"bond\": ifacer creates nothing"
                    + (vlanId > 0 ? ", not even the VLAN" : "") + "; add \"bond\" to bond them");
        }
        return warnings;
    }

    /** {@code <parent>.<id>} must fit the kernel's 15 bytes, or creating it fails with a bare EINVAL. */
    private static void requireShortVlanName(IfacerNetConf conf) {
        String parent = conf.vlanParent();
        if (parent == null) {
            return;
        }
        String vlanName = vlanLinkName(parent, conf.vlanId());
        if (!isInterfaceName(vlanName)) {
            throw new CniError.InvalidNetworkConfig("the VLAN interface ifacer would create, " + vlanName + ", is not a"
                    + " valid interface name (" + IFNAME_RULE + ")", "use a shorter " + (conf.interfaces().size() == 1
                    ? "interface" : "\"bond.name\"") + " or create the VLAN interface on the host yourself");
        }
    }

    /** Whether the kernel takes {@code name} as an interface name, by core's one rule for it. */
    static boolean isInterfaceName(String name) {
        return NodeRequestFields.check(List.of(new NodeRequestFields.Field("name", name,
                NodeRequestFields.Rule.IF_NAME)), List.of()).isEmpty();
    }
}
