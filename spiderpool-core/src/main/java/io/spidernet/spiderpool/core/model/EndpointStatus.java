package io.spidernet.spiderpool.core.model;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** {@code SpiderEndpoint.status}: a plain field upstream, not a status subresource. */
@JsonClassDescription("The pod's addresses and the workload it belongs to, written by the agent when it allocates.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointStatus(
        @Required @JsonProperty("current")
        @JsonPropertyDescription("The pod instance that holds the addresses now, its node, and its NICs.")
        PodIPAllocation current,
        @Required @JsonProperty("ownerControllerType")
        @JsonPropertyDescription("Kind of the pod's topmost owner, such as Deployment, StatefulSet or"
                + " VirtualMachineInstance; Pod when nothing owns it.")
        String ownerControllerType,
        @Required @JsonProperty("ownerControllerName")
        @JsonPropertyDescription("Name of that topmost owner; the pod's own name when nothing owns it.")
        String ownerControllerName) {}
