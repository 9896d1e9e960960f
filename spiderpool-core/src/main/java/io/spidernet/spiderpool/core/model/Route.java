package io.spidernet.spiderpool.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A route of a pool or subnet ({@code spec.routes[]}); both fields are required upstream. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Route(
        @Required @JsonProperty("dst")
        @JsonPropertyDescription("Destination of the route, as a CIDR such as 10.20.0.0/16.") String dst,
        @Required @JsonProperty("gw")
        @JsonPropertyDescription("Next hop towards dst: an IP of the same family, reachable from the NIC.") String gw) {}
