package io.spidernet.spiderpool.core.model.multus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/**
 * {@code spec.ibsriov}: an InfiniBand VF. {@code pkey} is handed to ib-kubernetes for the subnet
 * manager; RDMA isolation is on by default here, unlike plain sriov. The webhook requires
 * {@code resourceName}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IbSriovConfig(
        @JsonProperty("resourceName")
        @JsonPropertyDescription("Device-plugin resource the pod's InfiniBand VF is taken from; the webhook requires it.")
        String resourceName,
        @JsonProperty("pkey")
        @JsonPropertyDescription("InfiniBand partition key of the VF, such as 0x7fff, passed on to ib-kubernetes.")
        String pkey,
        @Default("enable") @JsonProperty("linkState")
        @JsonPropertyDescription("Link state forced on the VF: auto follows the physical port, enable keeps it up, disable"
                + " keeps it down.")
        LinkState linkState,
        @Default("true") @JsonProperty("rdmaIsolation")
        @JsonPropertyDescription("Give the pod the VF's RDMA device in its own network namespace only.")
        Boolean rdmaIsolation,
        @Default("false") @JsonProperty("enableIbKubernetes")
        @JsonPropertyDescription("Let ib-kubernetes set the VF's GUID and partition key through the subnet"
                + " manager.")
        Boolean enableIbKubernetes,
        @JsonProperty("ippools")
        @JsonPropertyDescription("Pools the network's NICs take addresses from, written into the generated IPAM configuration.")
        SpiderpoolPools ippools) {}
