package io.spidernet.spiderpool.core.model.multus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
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
        @Default("false") @JsonProperty("matchMasterSubnet") Boolean matchMasterSubnet,
        @JsonProperty("ipv4") List<String> ipv4,
        @JsonProperty("ipv6") List<String> ipv6) {}
