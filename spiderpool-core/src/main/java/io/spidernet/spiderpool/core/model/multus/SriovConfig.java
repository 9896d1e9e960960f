package io.spidernet.spiderpool.core.model.multus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.spidernet.spiderpool.core.model.NoIntegerFormat;

/**
 * {@code spec.sriov}: a VF from the device plugin's {@code resourceName}. The webhook requires
 * {@code resourceName} (the schema does not, as upstream) and {@code minTxRateMbps <= maxTxRateMbps};
 * a rate of 0 means no limit. A non-zero {@code mtu} adds the tuning plugin to the chain.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SriovConfig(
        @JsonProperty("resourceName")
        @JsonPropertyDescription("Device-plugin resource the pod's VF is taken from; the webhook requires it.")
        String resourceName,
        @Min(0) @Max(4094) @JsonProperty("vlanID")
        @JsonPropertyDescription("VLAN ID set on the VF, 0 to 4094; 0 means untagged.")
        Integer vlanID,
        @Default("0") @Min(0) @JsonProperty("mtu")
        @JsonPropertyDescription("MTU of the VF in the pod; other than 0, the tuning plugin is chained to set it.")
        Integer mtu,
        @Min(0) @NoIntegerFormat @JsonProperty("minTxRateMbps")
        @JsonPropertyDescription("Transmit rate guaranteed to the VF, in Mbit/s; 0 means none. At most maxTxRateMbps.")
        Integer minTxRateMbps,
        @Min(0) @NoIntegerFormat @JsonProperty("maxTxRateMbps")
        @JsonPropertyDescription("Transmit rate limit of the VF, in Mbit/s; 0 means no limit.")
        Integer maxTxRateMbps,
        @Default("false") @JsonProperty("rdmaIsolation")
        @JsonPropertyDescription("Give the pod the VF's RDMA device in its own network namespace only (RDMA exclusive mode).")
        Boolean rdmaIsolation,
        @JsonProperty("ippools")
        @JsonPropertyDescription("Pools the network's NICs take addresses from, written into the generated IPAM configuration.")
        SpiderpoolPools ippools) {}
