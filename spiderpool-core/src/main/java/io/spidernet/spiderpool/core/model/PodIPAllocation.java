package io.spidernet.spiderpool.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** The pod (by UID) that owns an endpoint's addresses now, and on which node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PodIPAllocation(
        @Required @JsonProperty("uid")
        @JsonPropertyDescription("UID of the pod the addresses belong to; a new pod of a StatefulSet or VM takes"
                + " them over under its own UID.")
        String uid,
        @Required @JsonProperty("node")
        @JsonPropertyDescription("Name of the node the pod runs on.")
        String node,
        @Required @JsonProperty("ips")
        @JsonPropertyDescription("One entry per NIC of the pod that got addresses from Spiderpool.")
        List<IPAllocationDetail> ips) {}
