package io.spidernet.spiderpool.core.coordinator;

import io.spidernet.spiderpool.core.cni.CniError;
import io.spidernet.spiderpool.core.cni.CniNames;
import io.spidernet.spiderpool.core.coordinator.CoordinatorNetConf.PolicyRoute;
import io.spidernet.spiderpool.core.ip.Cidr;
import io.spidernet.spiderpool.core.ip.IpAddress;
import io.spidernet.spiderpool.core.ip.IpFamily;
import io.spidernet.spiderpool.core.ip.IpFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The coordinator's settings for one invocation, merged and checked: the network configuration
 * wins, then the agent's SpiderCoordinator config, then the built-in defaults (§4.2).
 *
 * @param podDefaultRouteNic "" when no NIC is asked for
 * @param podMacPrefix       lower-case {@code xx:xx}, "" when the MAC is left alone
 * @param policyRoutes       destinations canonical ({@code 10.20.0.5/16} becomes {@code 10.20.0.0/16})
 * @param podRpFilter        -1 when the pod's rp_filter is left alone
 * @param txQueueLen         0 when the NIC's queue length is left alone
 * @param vethLinkAddress    null when {@code veth0} gets no address
 */
public record CoordinatorSettings(CoordinatorMode mode, boolean tunePodRoutes, String podDefaultRouteNic,
        String podDefaultCniNic, String podMacPrefix, List<Cidr> overlayPodCidr, List<Cidr> serviceCidr,
        List<Cidr> hijackCidr, List<PolicyRouteSpec> policyRoutes, int hostRuleTable, int podRpFilter,
        int txQueueLen, IpAddress vethLinkAddress, int vethMtu) {

    /** More is a configuration accident: each CIDR becomes a route in every pod. */
    public static final int MAX_CIDRS_PER_LIST = 256;
    public static final int MAX_POLICY_ROUTES = 64;
    /** The kernel's bounds for an Ethernet (veth) MTU. */
    public static final int MIN_VETH_MTU = 68;
    public static final int MAX_VETH_MTU = 65535;

    private static final Pattern MAC_PREFIX = Pattern.compile("[0-9a-fA-F]{2}:[0-9a-fA-F]{2}");

    public CoordinatorSettings {
        overlayPodCidr = List.copyOf(overlayPodCidr);
        serviceCidr = List.copyOf(serviceCidr);
        hijackCidr = List.copyOf(hijackCidr);
        policyRoutes = List.copyOf(policyRoutes);
    }

    /** A checked {@code policyRoutes} entry: dst and gw of one family. */
    public record PolicyRouteSpec(Cidr dst, IpAddress gw) {}

    /** Every range routed to the host from the pod, in upstream's order: pod, service, then hijack CIDRs. */
    public List<Cidr> hijackRoutes() {
        List<Cidr> all = new ArrayList<>(overlayPodCidr);
        all.addAll(serviceCidr);
        all.addAll(hijackCidr);
        return all;
    }

    /** Where a value came from, so an error can say where to fix it. */
    enum Source {
        NETCONF, AGENT, BUILT_IN
    }

    /**
     * Merges field by field. Errors are code 7 and name the field as the place it came from spells
     * it ({@code podMACPrefix} in the network configuration, {@code spec.podMACPrefix} of the
     * SpiderCoordinator), the value, and what to write instead.
     */
    public static CoordinatorSettings merge(CoordinatorNetConf nad, CoordinatorDefaults agent) {
        return new CoordinatorSettings(mode(nad, agent),
                nad.tunePodRoutes() != null ? nad.tunePodRoutes() : agent.tunePodRoutes(),
                podDefaultRouteNic(nad, agent), interfaceName(Field.POD_DEFAULT_CNI_NIC, nad.podDefaultCniNic(),
                        Source.NETCONF),
                macPrefix(nad, agent),
                cidrs(Field.OVERLAY_POD_CIDR, nad.overlayPodCidr(), agent.overlayPodCidr()),
                cidrs(Field.SERVICE_CIDR, nad.serviceCidr(), agent.serviceCidr()),
                cidrs(Field.HIJACK_CIDR, nad.hijackCidr(), agent.hijackCidr()),
                PolicyRoutes.check(nad.policyRoutes(), agent.policyRoutes()),
                hostRuleTable(nad, agent), podRpFilter(nad, agent), txQueueLen(nad, agent), vethLinkAddress(nad, agent),
                vethMtu(nad, agent));
    }

    private static CoordinatorMode mode(CoordinatorNetConf nad, CoordinatorDefaults agent) {
        Source source = nad.mode() != null ? Source.NETCONF : agent.mode().isEmpty() ? Source.BUILT_IN : Source.AGENT;
        String text = switch (source) {
            case NETCONF -> nad.mode();
            case AGENT -> agent.mode();
            case BUILT_IN -> CoordinatorMode.AUTO.text();
        };
        CoordinatorMode mode = CoordinatorMode.find(text);
        if (mode == null) {
            throw Field.MODE.invalid(source, "\"" + text + "\"", "is not a coordinator mode",
                    "write one of auto, underlay, overlay or disabled");
        }
        return mode;
    }

    private static String podDefaultRouteNic(CoordinatorNetConf nad, CoordinatorDefaults agent) {
        if (nad.podDefaultRouteNic() != null) {
            return interfaceName(Field.POD_DEFAULT_ROUTE_NIC, nad.podDefaultRouteNic(), Source.NETCONF);
        }
        return agent.podDefaultRouteNic().isEmpty() ? ""
                : interfaceName(Field.POD_DEFAULT_ROUTE_NIC, agent.podDefaultRouteNic(), Source.AGENT);
    }

    private static String interfaceName(Field field, String name, Source source) {
        String problem = CniNames.interfaceNameProblem(name);
        if (problem != null) {
            throw field.invalid(source, "\"" + name + "\"", "is not an interface name: " + problem,
                    "write the pod's interface name, e.g. \"eth0\" or \"net1\"");
        }
        return name;
    }

    private static String macPrefix(CoordinatorNetConf nad, CoordinatorDefaults agent) {
        Source source = nad.podMacPrefix() != null ? Source.NETCONF : Source.AGENT;
        String prefix = source == Source.NETCONF ? nad.podMacPrefix() : agent.podMacPrefix();
        if (prefix.isEmpty()) {
            return "";
        }
        String howTo = "write two hex bytes whose first byte is even (a unicast MAC), e.g. \"0a:1b\"";
        if (!MAC_PREFIX.matcher(prefix).matches()) {
            throw Field.POD_MAC_PREFIX.invalid(source, "\"" + prefix + "\"", "is not a two-byte MAC prefix", howTo);
        }
        if ((Integer.parseInt(prefix.substring(0, 2), 16) & 1) != 0) {
            throw Field.POD_MAC_PREFIX.invalid(source, "\"" + prefix + "\"",
                    "makes multicast MACs (the lowest bit of the first byte is set)", howTo);
        }
        return prefix.toLowerCase(Locale.ROOT);
    }

    /** Upstream takes the agent's list when the configuration's is absent or empty. */
    private static List<Cidr> cidrs(Field field, List<String> fromNad, List<String> fromAgent) {
        Source source = fromNad != null ? Source.NETCONF : Source.AGENT;
        List<String> texts = fromNad != null ? fromNad : fromAgent;
        if (texts.size() > MAX_CIDRS_PER_LIST) {
            throw field.invalid(source, texts.size() + " entries", "is more than " + MAX_CIDRS_PER_LIST,
                    "merge adjacent ranges into wider CIDRs");
        }
        List<Cidr> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            try {
                // upstream routes the network of "10.0.0.5/8" (Go's ParseCIDR), so we do too
                out.add(Cidr.parse(text.strip()).canonical());
            } catch (IpFormatException e) {
                throw field.invalid(source, "\"" + text + "\"", "is not a CIDR (" + e.getMessage() + ")",
                        "write a CIDR such as \"10.233.64.0/18\" or \"fd00:10:233::/64\"");
            }
        }
        return out;
    }

    private static int hostRuleTable(CoordinatorNetConf nad, CoordinatorDefaults agent) {
        // 0 is no table for the kernel: taken as "not set", as upstream does for the agent's value
        if (nad.hostRuleTable() != null && nad.hostRuleTable() != 0) {
            return inRange(Field.HOST_RULE_TABLE, Source.NETCONF, nad.hostRuleTable(), 1, Integer.MAX_VALUE,
                    "write a routing table number such as 500");
        }
        if (agent.hostRuleTable() > 0) {
            return inRange(Field.HOST_RULE_TABLE, Source.AGENT, agent.hostRuleTable(), 1, Integer.MAX_VALUE,
                    "write a routing table number such as 500");
        }
        return CoordinatorDefaults.DEFAULT_HOST_RULE_TABLE;
    }

    /** 0, 1 or 2 is written to the pod; any negative value means "leave it alone" and becomes -1. */
    private static int podRpFilter(CoordinatorNetConf nad, CoordinatorDefaults agent) {
        Source source = nad.podRpFilter() != null ? Source.NETCONF : Source.AGENT;
        long value = source == Source.NETCONF ? nad.podRpFilter() : agent.podRpFilter();
        if (value < 0) {
            return -1;
        }
        return inRange(Field.POD_RP_FILTER, source, value, 0, 2,
                "write 0 (off), 1 (strict), 2 (loose) or -1 to leave the pod's setting alone");
    }

    private static int txQueueLen(CoordinatorNetConf nad, CoordinatorDefaults agent) {
        Source source = nad.txQueueLen() != null ? Source.NETCONF : Source.AGENT;
        long value = source == Source.NETCONF ? nad.txQueueLen() : agent.txQueueLen();
        return inRange(Field.TX_QUEUE_LEN, source, value, 0, Integer.MAX_VALUE,
                "write a queue length such as 1000, or 0 to leave it alone");
    }

    private static IpAddress vethLinkAddress(CoordinatorNetConf nad, CoordinatorDefaults agent) {
        Source source = nad.vethLinkAddress() != null ? Source.NETCONF : Source.AGENT;
        String text = source == Source.NETCONF ? nad.vethLinkAddress() : agent.vethLinkAddress();
        if (text.isEmpty()) {
            return null;
        }
        String howTo = "write an IPv4 address, usually link-local, e.g. \"169.254.100.1\"";
        IpAddress ip;
        try {
            ip = IpAddress.parse(text.strip());
        } catch (IpFormatException e) {
            throw Field.VETH_LINK_ADDRESS.invalid(source, "\"" + text + "\"", "is not an IP address", howTo);
        }
        if (ip.family() != IpFamily.V4) {
            throw Field.VETH_LINK_ADDRESS.invalid(source, "\"" + text + "\"",
                    "is an IPv6 address, but veth0 gets it as an IPv4 /32", howTo);
        }
        return ip;
    }

    private static int vethMtu(CoordinatorNetConf nad, CoordinatorDefaults agent) {
        String howTo = "write an MTU from " + MIN_VETH_MTU + " to " + MAX_VETH_MTU + ", e.g. 1500";
        // 0 means "not set" from either source (a proto3 zero from the agent cannot be told apart)
        if (nad.vethMtu() != null && nad.vethMtu() != 0) {
            return inRange(Field.VETH_MTU, Source.NETCONF, nad.vethMtu(), MIN_VETH_MTU, MAX_VETH_MTU, howTo);
        }
        if (agent.vethMtu() > 0) {
            return inRange(Field.VETH_MTU, Source.AGENT, agent.vethMtu(), MIN_VETH_MTU, MAX_VETH_MTU, howTo);
        }
        return CoordinatorDefaults.DEFAULT_VETH_MTU;
    }

    static int inRange(Field field, Source source, long value, long min, long max, String howTo) {
        if (value < min || value > max) {
            throw field.invalid(source, Long.toString(value), "is outside " + min + ".." + max, howTo);
        }
        return (int) value;
    }

    /** Each setting by the name it has in the network configuration and in the SpiderCoordinator. */
    enum Field {
        MODE("mode", "spec.mode"),
        POD_DEFAULT_ROUTE_NIC("podDefaultRouteNic",
                "spec.podDefaultRouteNIC (or the pod annotation ipam.spidernet.io/default-route-nic)"),
        POD_DEFAULT_CNI_NIC("podDefaultCniNic", "-"),
        POD_MAC_PREFIX("podMACPrefix", "spec.podMACPrefix"),
        OVERLAY_POD_CIDR("overlayPodCIDR", "status.overlayPodCIDR (discovered from the cluster)"),
        SERVICE_CIDR("serviceCIDR", "status.serviceCIDR (discovered from the cluster)"),
        HIJACK_CIDR("hijackCIDR", "spec.hijackCIDR"),
        POLICY_ROUTES("policyRoutes", "spec.policyRoutes"),
        HOST_RULE_TABLE("hostRuleTable", "spec.hostRuleTable"),
        POD_RP_FILTER("podRPFilter", "spec.podRPFilter"),
        TX_QUEUE_LEN("txQueueLen", "spec.txQueueLen"),
        VETH_LINK_ADDRESS("vethLinkAddress", "spec.vethLinkAddress"),
        VETH_MTU("vethMTU", "spec.vethMTU");

        private final String netconfKey;
        private final String coordinatorField;

        Field(String netconfKey, String coordinatorField) {
            this.netconfKey = netconfKey;
            this.coordinatorField = coordinatorField;
        }

        CniError.InvalidNetworkConfig invalid(Source source, String value, String problem, String howTo) {
            String where = switch (source) {
                case NETCONF -> "\"" + netconfKey + "\" in the network configuration";
                case AGENT -> coordinatorField + " of the SpiderCoordinator (served by the agent)";
                case BUILT_IN -> "the built-in default of \"" + netconfKey + "\"";
            };
            String fix = source == Source.AGENT
                    ? "; fix it in the SpiderCoordinator, or set \"" + netconfKey + "\" in the network configuration"
                    : "; fix the network configuration (the NetworkAttachmentDefinition or conflist)";
            return new CniError.InvalidNetworkConfig(where + " is " + value + ", which " + problem, howTo + fix);
        }
    }
}
