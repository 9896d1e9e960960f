package io.spidernet.spiderpool.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** One NIC of a pod as recorded in its SpiderEndpoint; addresses in CIDR form. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IPAllocationDetail(
        @Required @JsonProperty("interface") String nic,
        @JsonProperty("ipv4") String ipv4,
        @JsonProperty("ipv6") String ipv6,
        @JsonProperty("ipv4Pool") String ipv4Pool,
        @JsonProperty("ipv6Pool") String ipv6Pool,
        @Default("0") @Min(0) @Max(4094) @JsonProperty("vlan") Long vlan,
        @JsonProperty("ipv4Gateway") String ipv4Gateway,
        @JsonProperty("ipv6Gateway") String ipv6Gateway,
        @JsonProperty("cleanGateway") Boolean cleanGateway,
        @JsonProperty("routes") List<Route> routes,
        @JsonProperty("mac") String mac) {}
