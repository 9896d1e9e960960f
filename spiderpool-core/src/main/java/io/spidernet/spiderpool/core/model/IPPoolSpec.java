package io.spidernet.spiderpool.core.model;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/** {@code SpiderIPPool.spec}. A null list means "not set" (routes are then inherited from the subnet). */
@JsonClassDescription("Which addresses the pool holds, the gateway and routes that come with them, and which pods,"
        + " namespaces, nodes and networks may use them.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"ipVersion", "subnet", "ips", "excludeIPs", "gateway", "routes", "podAffinity",
    "namespaceAffinity", "namespaceName", "nodeAffinity", "nodeName", "multusName", "default", "disable"})
public class IPPoolSpec implements AddressRangeSpec {
    @JsonPropertyDescription("IP family of the pool: 4 or 6. Left out, the webhook sets it from subnet.")
    private IpVersion ipVersion;
    @Required
    @JsonPropertyDescription("The network the pool's addresses belong to, as a canonical CIDR such as 10.6.0.0/16"
            + " (not 10.6.0.1/16); allocated addresses get its prefix length. Cannot be changed after creation.")
    private String subnet;
    @JsonPropertyDescription("Addresses the pool hands out, as single IPs or ranges like 10.6.0.10-10.6.0.20, all"
            + " inside subnet. The webhook merges and sorts them. Empty or left out: the pool has nothing to give.")
    private List<String> ips;
    @JsonProperty("excludeIPs")
    @JsonPropertyDescription("Addresses that are never handed out, as single IPs or ranges like 10.6.0.5-10.6.0.9,"
            + " inside subnet but not necessarily in ips; status.totalIPCount leaves them out.")
    private List<String> excludeIPs;
    @JsonPropertyDescription("Default gateway for a NIC that takes an address here: it becomes the NIC's route to"
            + " 0.0.0.0/0 or ::/0. Inside subnet, and listed in excludeIPs if it lies within ips. Left out, the pool"
            + " takes the gateway of the SpiderSubnet of the same CIDR when that subnet adopts it.")
    private String gateway;
    @JsonPropertyDescription("Further routes set on a NIC that takes an address here. Left out (not an empty list),"
            + " the pool takes the routes of the SpiderSubnet of the same CIDR when that subnet adopts it.")
    private List<Route> routes;
    @JsonPropertyDescription("Only pods whose labels match may use the pool. On a pool Spiderpool created for an"
            + " application it names that application through the ipam.spidernet.io/app-* labels instead.")
    private LabelSelector podAffinity;
    @JsonPropertyDescription("Only pods in namespaces whose labels match may use the pool. Ignored while"
            + " namespaceName lists any namespace.")
    private LabelSelector namespaceAffinity;
    @JsonPropertyDescription("Namespaces whose pods may use the pool; when not empty, namespaceAffinity is ignored.")
    private List<String> namespaceName;
    @JsonPropertyDescription("Only pods on nodes whose labels match may use the pool. Ignored while nodeName lists"
            + " any node.")
    private LabelSelector nodeAffinity;
    @JsonPropertyDescription("Nodes whose pods may use the pool; when not empty, nodeAffinity is ignored.")
    private List<String> nodeName;
    @JsonPropertyDescription("Multus networks the pool serves, as namespace/name of a NetworkAttachmentDefinition,"
            + " or a bare name for one in Spiderpool's namespace. A NIC attached through any other network cannot"
            + " use the pool. Left out: every network may.")
    private List<String> multusName;
    @Default("false")
    @JsonProperty("default")
    @JsonPropertyDescription("Makes this a cluster default pool: it serves a NIC for which no pod annotation,"
            + " namespace annotation or CNI configuration names a pool.")
    private Boolean defaultPool;
    @Default("false")
    @JsonPropertyDescription("Stops new allocations from the pool; addresses already handed out stay valid and"
            + " are still released.")
    private Boolean disable;

    public IpVersion getIpVersion() {
        return ipVersion;
    }

    public void setIpVersion(IpVersion ipVersion) {
        this.ipVersion = ipVersion;
    }

    public String getSubnet() {
        return subnet;
    }

    public void setSubnet(String subnet) {
        this.subnet = subnet;
    }

    public List<String> getIps() {
        return ips;
    }

    public void setIps(List<String> ips) {
        this.ips = ips;
    }

    @JsonProperty("excludeIPs")
    public List<String> getExcludeIPs() {
        return excludeIPs;
    }

    @JsonProperty("excludeIPs")
    public void setExcludeIPs(List<String> excludeIPs) {
        this.excludeIPs = excludeIPs;
    }

    public String getGateway() {
        return gateway;
    }

    public void setGateway(String gateway) {
        this.gateway = gateway;
    }

    public List<Route> getRoutes() {
        return routes;
    }

    public void setRoutes(List<Route> routes) {
        this.routes = routes;
    }

    public LabelSelector getPodAffinity() {
        return podAffinity;
    }

    public void setPodAffinity(LabelSelector podAffinity) {
        this.podAffinity = podAffinity;
    }

    public LabelSelector getNamespaceAffinity() {
        return namespaceAffinity;
    }

    public void setNamespaceAffinity(LabelSelector namespaceAffinity) {
        this.namespaceAffinity = namespaceAffinity;
    }

    public List<String> getNamespaceName() {
        return namespaceName;
    }

    public void setNamespaceName(List<String> namespaceName) {
        this.namespaceName = namespaceName;
    }

    public LabelSelector getNodeAffinity() {
        return nodeAffinity;
    }

    public void setNodeAffinity(LabelSelector nodeAffinity) {
        this.nodeAffinity = nodeAffinity;
    }

    public List<String> getNodeName() {
        return nodeName;
    }

    public void setNodeName(List<String> nodeName) {
        this.nodeName = nodeName;
    }

    public List<String> getMultusName() {
        return multusName;
    }

    public void setMultusName(List<String> multusName) {
        this.multusName = multusName;
    }

    @JsonProperty("default")
    public Boolean getDefault() {
        return defaultPool;
    }

    @JsonProperty("default")
    public void setDefault(Boolean defaultPool) {
        this.defaultPool = defaultPool;
    }

    public Boolean getDisable() {
        return disable;
    }

    public void setDisable(Boolean disable) {
        this.disable = disable;
    }
}
