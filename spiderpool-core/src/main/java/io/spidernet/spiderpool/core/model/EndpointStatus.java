package io.spidernet.spiderpool.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Required;

/** {@code SpiderEndpoint.status}: a plain field upstream, not a status subresource. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointStatus(
        @Required @JsonProperty("current") PodIPAllocation current,
        @Required @JsonProperty("ownerControllerType") String ownerControllerType,
        @Required @JsonProperty("ownerControllerName") String ownerControllerName) {}
