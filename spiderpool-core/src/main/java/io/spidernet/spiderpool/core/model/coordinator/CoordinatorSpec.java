package io.spidernet.spiderpool.core.model.coordinator;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.spidernet.spiderpool.core.model.NoIntegerFormat;
import io.spidernet.spiderpool.core.model.Route;
import java.util.List;

/**
 * {@code SpiderCoordinator.spec}, and also {@code SpiderMultusConfig.spec.coordinator}, where it
 * overrides the cluster-wide values for one network. Every field is optional: null means "not set",
 * which the merge with the cluster-wide object needs to tell apart from an explicit value
 * ({@code tunePodRoutes: false}, {@code podRPFilter: 0}). {@code podCIDRType} is optional in the
 * schema too, for the same reason; the webhook requires it on the SpiderCoordinator itself.
 */
@JsonClassDescription("How the coordinator plugin sets up a pod's routes and its path to the host. On the"
        + " SpiderCoordinator these are the cluster-wide values; a SpiderMultusConfig can override any of them for"
        + " its network.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"mode", "podCIDRType", "hijackCIDR", "policyRoutes", "podMACPrefix", "tunePodRoutes",
    "podDefaultRouteNIC", "hostRuleTable", "podRPFilter", "txQueueLen", "vethLinkAddress", "vethMTU"})
public class CoordinatorSpec {
    @Default("auto")
    @JsonPropertyDescription("How the plugin treats the NIC. underlay: the NIC is the pod's main one and a veth pair gives the pod a path to the"
            + " host and to services; overlay: eth0 comes from an overlay CNI and the NIC is an extra one; auto:"
            + " underlay for the first NIC or when the pod already has that veth pair, overlay otherwise;"
            + " disabled: the plugin changes nothing.")
    private CoordinatorMode mode;
    @JsonProperty("podCIDRType")
    @JsonPropertyDescription("Where the controller finds the cluster's pod CIDRs (status.overlayPodCIDR): cluster"
            + " (the Kubernetes cluster CIDR), calico (Calico's IP pools), cilium (Cilium's IPAM settings), auto"
            + " (one of those, after detecting the cluster's CNI) or none. The webhook requires it on the"
            + " SpiderCoordinator.")
    private PodCidrType podCIDRType;
    @JsonProperty("hijackCIDR")
    @JsonPropertyDescription("Further networks the pod reaches through the host instead of its underlay NIC, such"
            + " as 169.254.0.0/16 for a node-local DNS cache; a bare IP means that single host.")
    private List<String> hijackCIDR;
    @JsonPropertyDescription("Extra routes set in the pod for the NIC, each a destination and a gateway of the same"
            + " family; routes of the other family are skipped.")
    private List<Route> policyRoutes;
    @JsonProperty("podMACPrefix")
    @JsonPropertyDescription("Two bytes such as 0a:1b that start the MAC address given to the pod's NIC; the other"
            + " four bytes come from the NIC's IP. Must be a unicast prefix. Empty keeps the MAC the CNI chose.")
    private String podMACPrefix;
    @Default("true")
    @JsonPropertyDescription("With several NICs, keep one default route in the pod: the other NICs' routes move to"
            + " their own tables, used for traffic from their addresses, so replies leave by the NIC they came in on.")
    private Boolean tunePodRoutes;
    @JsonProperty("podDefaultRouteNIC")
    @JsonPropertyDescription("NIC that keeps the pod's default route when tunePodRoutes is on, such as net1; empty"
            + " keeps it where it is (normally eth0). The pod annotation ipam.spidernet.io/default-route-nic wins.")
    private String podDefaultRouteNIC;
    @Default("500")
    @NoIntegerFormat
    @JsonPropertyDescription("Number of the host routing table that holds the routes to the node's own pods.")
    private Integer hostRuleTable;
    /** Negative leaves the pod's rp_filter alone; 0, 1, 2 are written as they are. */
    @Default("0")
    @NoIntegerFormat
    @JsonProperty("podRPFilter")
    @JsonPropertyDescription("Reverse-path filtering in the pod (net.ipv4.conf.all.rp_filter): 0 off, 1 strict,"
            + " 2 loose; a negative value leaves the pod's setting alone.")
    private Integer podRPFilter;
    /** 0 leaves the pod's tx queue length alone. */
    @Default("0")
    @NoIntegerFormat
    @JsonPropertyDescription("Transmit queue length, in packets, set on the pod's NIC; 0 leaves it alone.")
    private Integer txQueueLen;
    @JsonPropertyDescription("IPv4 link-local address, such as 169.254.100.1, put on the pod's end of the veth pair"
            + " for service meshes that redirect traffic to it; empty adds none.")
    private String vethLinkAddress;
    @Min(1)
    @NoIntegerFormat
    @JsonProperty("vethMTU")
    @JsonPropertyDescription("MTU of the veth pair between pod and host, at least 1; left out, 1500.")
    private Integer vethMTU;

    public CoordinatorMode getMode() {
        return mode;
    }

    public void setMode(CoordinatorMode mode) {
        this.mode = mode;
    }

    @JsonProperty("podCIDRType")
    public PodCidrType getPodCIDRType() {
        return podCIDRType;
    }

    @JsonProperty("podCIDRType")
    public void setPodCIDRType(PodCidrType podCIDRType) {
        this.podCIDRType = podCIDRType;
    }

    @JsonProperty("hijackCIDR")
    public List<String> getHijackCIDR() {
        return hijackCIDR;
    }

    @JsonProperty("hijackCIDR")
    public void setHijackCIDR(List<String> hijackCIDR) {
        this.hijackCIDR = hijackCIDR;
    }

    public List<Route> getPolicyRoutes() {
        return policyRoutes;
    }

    public void setPolicyRoutes(List<Route> policyRoutes) {
        this.policyRoutes = policyRoutes;
    }

    @JsonProperty("podMACPrefix")
    public String getPodMACPrefix() {
        return podMACPrefix;
    }

    @JsonProperty("podMACPrefix")
    public void setPodMACPrefix(String podMACPrefix) {
        this.podMACPrefix = podMACPrefix;
    }

    public Boolean getTunePodRoutes() {
        return tunePodRoutes;
    }

    public void setTunePodRoutes(Boolean tunePodRoutes) {
        this.tunePodRoutes = tunePodRoutes;
    }

    @JsonProperty("podDefaultRouteNIC")
    public String getPodDefaultRouteNIC() {
        return podDefaultRouteNIC;
    }

    @JsonProperty("podDefaultRouteNIC")
    public void setPodDefaultRouteNIC(String podDefaultRouteNIC) {
        this.podDefaultRouteNIC = podDefaultRouteNIC;
    }

    public Integer getHostRuleTable() {
        return hostRuleTable;
    }

    public void setHostRuleTable(Integer hostRuleTable) {
        this.hostRuleTable = hostRuleTable;
    }

    @JsonProperty("podRPFilter")
    public Integer getPodRPFilter() {
        return podRPFilter;
    }

    @JsonProperty("podRPFilter")
    public void setPodRPFilter(Integer podRPFilter) {
        this.podRPFilter = podRPFilter;
    }

    public Integer getTxQueueLen() {
        return txQueueLen;
    }

    public void setTxQueueLen(Integer txQueueLen) {
        this.txQueueLen = txQueueLen;
    }

    public String getVethLinkAddress() {
        return vethLinkAddress;
    }

    public void setVethLinkAddress(String vethLinkAddress) {
        this.vethLinkAddress = vethLinkAddress;
    }

    @JsonProperty("vethMTU")
    public Integer getVethMTU() {
        return vethMTU;
    }

    @JsonProperty("vethMTU")
    public void setVethMTU(Integer vethMTU) {
        this.vethMTU = vethMTU;
    }
}
