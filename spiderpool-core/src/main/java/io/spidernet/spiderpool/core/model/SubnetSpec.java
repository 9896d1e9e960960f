package io.spidernet.spiderpool.core.model;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** {@code SpiderSubnet.spec}: the address space application pools are carved from. */
@JsonClassDescription("The address range pools take their addresses from, and the gateway and routes they inherit.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"ipVersion", "subnet", "ips", "excludeIPs", "gateway", "routes"})
public class SubnetSpec implements AddressRangeSpec {
    @JsonPropertyDescription("IP family of the subnet: 4 or 6. Left out, the webhook sets it from subnet.")
    private IpVersion ipVersion;
    @Required
    @JsonPropertyDescription("The network of the range, as a canonical CIDR such as 10.6.0.0/16; SpiderIPPools of"
            + " the same CIDR belong to this subnet. Cannot be changed after creation.")
    private String subnet;
    @JsonPropertyDescription("Addresses pools may take from the subnet, as single IPs or ranges like"
            + " 10.6.0.10-10.6.0.20, all inside subnet. The webhook merges and sorts them.")
    private List<String> ips;
    @JsonProperty("excludeIPs")
    @JsonPropertyDescription("Addresses no pool may take from the subnet, as single IPs or ranges inside subnet;"
            + " status.totalIPCount leaves them out.")
    private List<String> excludeIPs;
    @JsonPropertyDescription("Default gateway of the network, inside subnet; a pool of this subnet that names no"
            + " gateway of its own takes this one.")
    private String gateway;
    @JsonPropertyDescription("Routes of the network; a pool of this subnet that leaves its routes out takes these.")
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
