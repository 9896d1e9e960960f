package io.spidernet.spiderpool.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** {@code SpiderSubnet.spec}: the address space application pools are carved from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"ipVersion", "subnet", "ips", "excludeIPs", "gateway", "routes"})
public class SubnetSpec implements AddressRangeSpec {
    private IpVersion ipVersion;
    @Required
    private String subnet;
    private List<String> ips;
    @JsonProperty("excludeIPs")
    private List<String> excludeIPs;
    private String gateway;
    private List<Route> routes;

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
}
