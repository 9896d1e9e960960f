package io.spidernet.spiderpool.core.model.multus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * {@code spec.ipoib}: IP over InfiniBand on one host interface. Unlike the other sub-configs
 * {@code master} is a single string, as upstream; the webhook requires it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IpoibConfig(
        @JsonProperty("master")
        @JsonPropertyDescription("Host InfiniBand interface the IPoIB interface is created on; the webhook requires it.")
        String master,
        @JsonProperty("ippools")
        @JsonPropertyDescription("Pools the network's NICs take addresses from, written into the generated IPAM configuration.")
        SpiderpoolPools ippools) {}
