package io.spidernet.spiderpool.core.model.multus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * {@code spec.ovs}: a port on an Open vSwitch bridge, tagged with {@code vlan} or trunking
 * {@code trunk}. With {@code deviceID} (a VF's PCI address) the port is hardware-offloaded and the
 * generated NetworkAttachmentDefinition asks for the bridge's device-plugin resource.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OvsConfig(
        @Required @JsonProperty("bridge")
        @JsonPropertyDescription("Open vSwitch bridge the pod's port is added to.")
        String bridge,
        @JsonProperty("vlan")
        @JsonPropertyDescription("VLAN tag of the port, making it an access port of that VLAN; left out, the port is untagged.")
        Integer vlan,
        @JsonProperty("trunk")
        @JsonPropertyDescription("VLANs the port carries tagged, making it a trunk port.")
        List<OvsTrunk> trunk,
        @JsonProperty("deviceID")
        @JsonPropertyDescription("PCI address of a VF, such as 0000:af:06.0, for a hardware-offloaded port.")
        String deviceID,
        @JsonProperty("ippools")
        @JsonPropertyDescription("Pools the network's NICs take addresses from, written into the generated IPAM configuration.")
        SpiderpoolPools ippools) {}
