package io.spidernet.spiderpool.core.multus;

import io.spidernet.spiderpool.core.model.multus.BondConfig;
import io.spidernet.spiderpool.core.model.multus.CniType;
import io.spidernet.spiderpool.core.model.multus.IbSriovConfig;
import io.spidernet.spiderpool.core.model.multus.IpoibConfig;
import io.spidernet.spiderpool.core.model.multus.MasterLinkConfig;
import io.spidernet.spiderpool.core.model.multus.MultusConfigSpec;
import io.spidernet.spiderpool.core.model.multus.OvsConfig;
import io.spidernet.spiderpool.core.model.multus.OvsTrunk;
import io.spidernet.spiderpool.core.model.multus.SpiderpoolPools;
import io.spidernet.spiderpool.core.model.multus.SriovConfig;
import io.spidernet.spiderpool.core.model.multus.VlanConfig;
import io.spidernet.spiderpool.core.model.multus.VlanMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plugins a cniType contributes, with upstream's keys (§7.2): {@code head} goes before the
 * user's chained plugins (ifacer, the main plugin, rdma), {@code tail} after them (sriov's MTU
 * tuning). A key is written only when its field is set, as upstream's {@code omitempty} does, so
 * the plugin's own default applies otherwise.
 *
 * @param resourceName the device-plugin resource Multus must request for the pod, if any
 */
record MainPlugins(List<Map<String, Object>> head, List<Map<String, Object>> tail, Optional<String> resourceName) {
    /** Multus's resource prefix for hardware-offloaded OVS ports, followed by the bridge name. */
    static final String OVS_RESOURCE_PREFIX = "ovs-cni.network.kubevirt.io/";

    static MainPlugins of(CniType type, MultusConfigSpec spec, boolean withIpam) {
        return switch (type) {
            case MACVLAN -> masterLink("macvlan", "spec.macvlan", required(spec.getMacvlan(), type, "spec.macvlan"), withIpam);
            case IPVLAN -> masterLink("ipvlan", "spec.ipvlan", required(spec.getIpvlan(), type, "spec.ipvlan"), withIpam);
            case VLAN -> vlan(required(spec.getVlan(), type, "spec.vlan"), withIpam);
            case SRIOV -> sriov(required(spec.getSriov(), type, "spec.sriov"), withIpam);
            case IB_SRIOV -> ibSriov(required(spec.getIbsriov(), type, "spec.ibsriov"), withIpam);
            case IPOIB -> ipoib(required(spec.getIpoib(), type, "spec.ipoib"), withIpam);
            case OVS -> ovs(required(spec.getOvs(), type, "spec.ovs"), withIpam);
            case CUSTOM -> throw new IllegalArgumentException("custom has no main plugin; its config is customCNI");
        };
    }

    /** macvlan and ipvlan: ifacer first when it must build a bond or a VLAN interface. */
    private static MainPlugins masterLink(String type, String field, MasterLinkConfig c, boolean withIpam) {
        int vlanId = c.vlanID() == null ? 0 : c.vlanID();
        String master = masterName(field, c.master(), c.bond());
        Map<String, Object> plugin = plugin(type);
        plugin.put("master", vlanId == 0 ? master : master + "." + vlanId);
        if (type.equals("macvlan")) {
            plugin.put("mode", "bridge");
        }
        putIfSet(plugin, "mtu", c.mtu());
        ipam(plugin, withIpam, c.ippools(), false);
        List<Map<String, Object>> head = new ArrayList<>();
        if (vlanId != 0 || c.master().size() >= 2) {
            head.add(ifacer(c.master(), vlanId, c.bond()));
        }
        head.add(plugin);
        return new MainPlugins(head, List.of(), Optional.empty());
    }

    /** The vlan plugin makes the VLAN interface itself; ifacer is needed only to bond several masters. */
    private static MainPlugins vlan(VlanConfig c, boolean withIpam) {
        VlanMode mode = c.vlanMode() == null ? VlanMode.MANUAL : c.vlanMode();
        Map<String, Object> plugin = plugin("vlan");
        plugin.put("master", masterName("spec.vlan", c.master(), c.bond()));
        plugin.put("vlanMode", mode.wire());
        if (mode == VlanMode.MANUAL) {
            // upstream's mutating webhook sets an absent manual vlanID to 0
            plugin.put("vlanId", c.vlanID() == null ? 0 : c.vlanID());
        }
        putIfSet(plugin, "mtu", c.mtu());
        ipam(plugin, withIpam, c.ippools(), false);
        List<Map<String, Object>> head = new ArrayList<>();
        if (c.master().size() >= 2) {
            head.add(ifacer(c.master(), 0, c.bond()));
        }
        head.add(plugin);
        return new MainPlugins(head, List.of(), Optional.empty());
    }

    private static MainPlugins sriov(SriovConfig c, boolean withIpam) {
        String resource = resourceName("spec.sriov.resourceName", c.resourceName());
        Map<String, Object> plugin = plugin("sriov");
        putIfSet(plugin, "vlan", c.vlanID());
        putIfSet(plugin, "min_tx_rate", c.minTxRateMbps());
        putIfSet(plugin, "max_tx_rate", c.maxTxRateMbps());
        ipam(plugin, withIpam, c.ippools(), true);
        List<Map<String, Object>> head = new ArrayList<>(List.of(plugin));
        if (Boolean.TRUE.equals(c.rdmaIsolation())) {
            head.add(plugin("rdma"));
        }
        List<Map<String, Object>> tail = new ArrayList<>();
        if (c.mtu() != null && c.mtu() > 0) {
            Map<String, Object> tuning = plugin("tuning");
            tuning.put("mtu", c.mtu());
            tail.add(tuning);
        }
        return new MainPlugins(head, tail, Optional.of(resource));
    }

    private static MainPlugins ibSriov(IbSriovConfig c, boolean withIpam) {
        String resource = resourceName("spec.ibsriov.resourceName", c.resourceName());
        Map<String, Object> plugin = plugin("ib-sriov");
        putIfSet(plugin, "pkey", c.pkey());
        putIfSet(plugin, "link_state", c.linkState() == null ? null : c.linkState().wire());
        putIfSet(plugin, "rdmaIsolation", c.rdmaIsolation());
        putIfSet(plugin, "ibKubernetesEnabled", c.enableIbKubernetes());
        ipam(plugin, withIpam, c.ippools(), false);
        return new MainPlugins(List.of(plugin), List.of(), Optional.of(resource));
    }

    private static MainPlugins ipoib(IpoibConfig c, boolean withIpam) {
        if (c.master() == null || c.master().isEmpty()) {
            throw new MultusRenderException("spec.ipoib.master", "is empty; name the host's InfiniBand interface, e.g. ibs5f1");
        }
        Map<String, Object> plugin = plugin("ipoib");
        plugin.put("master", c.master());
        ipam(plugin, withIpam, c.ippools(), false);
        return new MainPlugins(List.of(plugin), List.of(), Optional.empty());
    }

    /** A VF's deviceID means a hardware-offloaded port, whose VF Multus takes from the bridge's resource. */
    private static MainPlugins ovs(OvsConfig c, boolean withIpam) {
        if (c.bridge() == null || c.bridge().isEmpty()) {
            throw new MultusRenderException("spec.ovs.bridge", "is empty; name the Open vSwitch bridge, e.g. br1");
        }
        Map<String, Object> plugin = plugin("ovs");
        plugin.put("bridge", c.bridge());
        putIfSet(plugin, "vlan", c.vlan());
        if (c.trunk() != null && !c.trunk().isEmpty()) {
            List<Map<String, Object>> trunk = new ArrayList<>(c.trunk().size());
            for (OvsTrunk t : c.trunk()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                putIfSet(entry, "minID", t.minID());
                putIfSet(entry, "maxID", t.maxID());
                putIfSet(entry, "id", t.id());
                trunk.add(entry);
            }
            plugin.put("trunk", trunk);
        }
        boolean offloaded = c.deviceID() != null && !c.deviceID().isEmpty();
        if (offloaded) {
            plugin.put("deviceID", c.deviceID());
        }
        ipam(plugin, withIpam, c.ippools(), false);
        return new MainPlugins(List.of(plugin), List.of(),
                offloaded ? Optional.of(OVS_RESOURCE_PREFIX + c.bridge()) : Optional.empty());
    }

    /** The one master, or the bond ifacer builds over several. */
    private static String masterName(String field, List<String> masters, BondConfig bond) {
        if (masters == null || masters.isEmpty()) {
            throw new MultusRenderException(field + ".master", "is empty; name at least one host interface, e.g. [\"eth1\"]");
        }
        if (masters.size() == 1) {
            if (masters.get(0) == null || masters.get(0).isEmpty()) {
                throw new MultusRenderException(field + ".master[0]", "is empty; name a host interface, e.g. eth1");
            }
            return masters.get(0);
        }
        if (bond == null || bond.name() == null || bond.name().isEmpty()) {
            throw new MultusRenderException(field + ".bond.name", "is required with " + masters.size()
                    + " masters: they are bonded first, and the bond's name is the pod NIC's parent");
        }
        return bond.name();
    }

    private static Map<String, Object> ifacer(List<String> masters, int vlanId, BondConfig bond) {
        Map<String, Object> plugin = plugin("ifacer");
        plugin.put("interfaces", List.copyOf(masters));
        if (vlanId != 0) {
            plugin.put("vlanID", vlanId);
        }
        if (bond != null) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("name", bond.name());
            b.put("mode", bond.mode() == null ? 0 : bond.mode());
            putIfSet(b, "options", bond.options());
            plugin.put("bond", b);
        }
        return plugin;
    }

    /**
     * The spiderpool IPAM block. {@code match_master_subnet} is passed on for sriov only: upstream's
     * code for the other types leaves it out, and the webhook refuses it for macvlan, ipvlan and vlan.
     */
    private static void ipam(Map<String, Object> plugin, boolean withIpam, SpiderpoolPools pools, boolean matchMaster) {
        if (!withIpam) {
            return;
        }
        Map<String, Object> ipam = plugin("spiderpool");
        if (pools != null) {
            putIfSet(ipam, "default_ipv4_ippool", pools.ipv4());
            putIfSet(ipam, "default_ipv6_ippool", pools.ipv6());
            if (matchMaster && Boolean.TRUE.equals(pools.matchMasterSubnet())) {
                ipam.put("match_master_subnet", true);
            }
        }
        plugin.put("ipam", ipam);
    }

    private static String resourceName(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new MultusRenderException(field, "is empty; name the device-plugin resource the VF comes from, e.g."
                    + " spidernet.io/mellanoxrdma");
        }
        return value;
    }

    private static Map<String, Object> plugin(String type) {
        Map<String, Object> plugin = new LinkedHashMap<>();
        plugin.put("type", type);
        return plugin;
    }

    /**
     * Absent values, empty strings and empty lists are left out, as Go's {@code omitempty} does; the
     * plugins read an empty value as "not given" anyway.
     */
    static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value == null || value instanceof String s && s.isEmpty() || value instanceof List<?> l && l.isEmpty()) {
            return;
        }
        map.put(key, value instanceof List<?> l ? List.copyOf(l) : value);
    }

    private static <T> T required(T block, CniType type, String field) {
        if (block == null) {
            throw new MultusRenderException(field, "is missing; cniType " + type.wire() + " needs its settings there");
        }
        return block;
    }
}
