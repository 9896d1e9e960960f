package io.spidernet.spiderpool.core.model.multus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Default;

/**
 * {@code spec.ibsriov}: an InfiniBand VF. {@code pkey} is handed to ib-kubernetes for the subnet
 * manager; RDMA isolation is on by default here, unlike plain sriov. The webhook requires
 * {@code resourceName}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IbSriovConfig(
        @JsonProperty("resourceName") String resourceName,
        @JsonProperty("pkey") String pkey,
        @Default("enable") @JsonProperty("linkState") LinkState linkState,
        @Default("true") @JsonProperty("rdmaIsolation") Boolean rdmaIsolation,
        @Default("false") @JsonProperty("enableIbKubernetes") Boolean enableIbKubernetes,
        @JsonProperty("ippools") SpiderpoolPools ippools) {}
