package io.spidernet.spiderpool.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** The pod (by UID) that owns an endpoint's addresses now, and on which node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PodIPAllocation(
        @Required @JsonProperty("uid") String uid,
        @Required @JsonProperty("node") String node,
        @Required @JsonProperty("ips") List<IPAllocationDetail> ips) {}
