package io.spidernet.spiderpool.core.model.multus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.List;

/**
 * {@code ippools} of a sub-config: the default pools written into the generated IPAM config
 * ({@code default_ipv4_ippool}, {@code default_ipv6_ippool}). Names may carry wildcards.
 * {@code matchMasterSubnet} asks IPAM to keep only pools in the master NIC's subnet; only the
 * sriov rendering passes it on.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SpiderpoolPools(
        @Default("false") @JsonProperty("matchMasterSubnet")
        @JsonPropertyDescription("Use only those of the pools whose subnet holds an address of the VF's physical"
                + " interface on the node; only sriov networks pass it on.")
        Boolean matchMasterSubnet,
        @JsonProperty("ipv4")
        @JsonPropertyDescription("IPv4 pools, tried in order; a name may contain wildcards, such as rail1-*.")
        List<String> ipv4,
        @JsonProperty("ipv6")
        @JsonPropertyDescription("IPv6 pools, tried in order; a name may contain wildcards.")
        List<String> ipv6) {}
