package io.spidernet.spiderpool.core.model.multus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code spec.ipoib}: IP over InfiniBand on one host interface. Unlike the other sub-configs
 * {@code master} is a single string, as upstream; the webhook requires it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IpoibConfig(
        @JsonProperty("master") String master,
        @JsonProperty("ippools") SpiderpoolPools ippools) {}
