package io.spidernet.spiderpool.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Required;

/** A route of a pool or subnet ({@code spec.routes[]}); both fields are required upstream. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Route(@Required @JsonProperty("dst") String dst, @Required @JsonProperty("gw") String gw) {}
