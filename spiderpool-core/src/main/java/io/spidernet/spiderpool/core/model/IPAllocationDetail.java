package io.spidernet.spiderpool.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** One NIC of a pod as recorded in its SpiderEndpoint; addresses in CIDR form. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IPAllocationDetail(
        @Required @JsonProperty("interface")
        @JsonPropertyDescription("Name of the NIC in the pod, such as eth0 or net1.")
        String nic,
        @JsonProperty("ipv4")
        @JsonPropertyDescription("The NIC's IPv4 address with the pool's prefix length, such as 10.6.0.10/16.")
        String ipv4,
        @JsonProperty("ipv6")
        @JsonPropertyDescription("The NIC's IPv6 address with the pool's prefix length, such as fd00::10/64.")
        String ipv6,
        @JsonProperty("ipv4Pool")
        @JsonPropertyDescription("Name of the SpiderIPPool the IPv4 address came from.")
        String ipv4Pool,
        @JsonProperty("ipv6Pool")
        @JsonPropertyDescription("Name of the SpiderIPPool the IPv6 address came from.")
        String ipv6Pool,
        @Default("0") @Min(0) @Max(4094) @JsonProperty("vlan")
        @JsonPropertyDescription("VLAN ID of the NIC, 0 to 4094; 0 means untagged. VLANs are set up by the main"
                + " CNI, so Spiderpool records 0.")
        Long vlan,
        @JsonProperty("ipv4Gateway")
        @JsonPropertyDescription("IPv4 gateway of the NIC's pool.")
        String ipv4Gateway,
        @JsonProperty("ipv6Gateway")
        @JsonPropertyDescription("IPv6 gateway of the NIC's pool.")
        String ipv6Gateway,
        @JsonProperty("cleanGateway")
        @JsonPropertyDescription("True when the NIC was asked to get no default route through its pool's gateway;"
                + " recorded only when the pool has a gateway.")
        Boolean cleanGateway,
        @JsonProperty("routes")
        @JsonPropertyDescription("Routes given to the NIC along with its addresses.")
        List<Route> routes,
        @JsonProperty("mac")
        @JsonPropertyDescription("MAC address of the NIC, where an integration records one; Spiderpool's own"
                + " allocation leaves it out.")
        String mac) {}
