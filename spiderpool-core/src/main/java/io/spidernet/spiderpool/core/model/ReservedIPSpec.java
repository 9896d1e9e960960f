package io.spidernet.spiderpool.core.model;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** {@code SpiderReservedIP.spec}: addresses no pool of the family may hand out. */
@JsonClassDescription("The addresses to keep back.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"ipVersion", "ips"})
public class ReservedIPSpec {
    @JsonPropertyDescription("IP family of the addresses: 4 or 6. Left out, the webhook sets it from the first"
            + " entry of ips.")
    private IpVersion ipVersion;
    @JsonPropertyDescription("Addresses that no pool of the family hands out, as single IPs or ranges like"
            + " 10.6.0.5-10.6.0.9. Addresses already allocated keep their owner; pools' totalIPCount still counts"
            + " them.")
    private List<String> ips;

    public IpVersion getIpVersion() {
        return ipVersion;
    }

    public void setIpVersion(IpVersion ipVersion) {
        this.ipVersion = ipVersion;
    }

    public List<String> getIps() {
        return ips;
    }

    public void setIps(List<String> ips) {
        this.ips = ips;
    }
}
