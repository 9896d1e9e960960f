package io.spidernet.spiderpool.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/** {@code SpiderIPPool.spec}. A null list means "not set" (routes are then inherited from the subnet). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"ipVersion", "subnet", "ips", "excludeIPs", "gateway", "routes", "podAffinity",
    "namespaceAffinity", "namespaceName", "nodeAffinity", "nodeName", "multusName", "default", "disable"})
public class IPPoolSpec implements AddressRangeSpec {
    private IpVersion ipVersion;
    @Required
    private String subnet;
    private List<String> ips;
    @JsonProperty("excludeIPs")
    private List<String> excludeIPs;
    private String gateway;
    private List<Route> routes;
    private LabelSelector podAffinity;
    private LabelSelector namespaceAffinity;
    private List<String> namespaceName;
    private LabelSelector nodeAffinity;
    private List<String> nodeName;
    private List<String> multusName;
    @Default("false")
    @JsonProperty("default")
    private Boolean defaultPool;
    @Default("false")
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
