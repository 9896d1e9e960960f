package io.spidernet.spiderpool.core.model.multus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * {@code spec.ovs}: a port on an Open vSwitch bridge, tagged with {@code vlan} or trunking
 * {@code trunk}. With {@code deviceID} (a VF's PCI address) the port is hardware-offloaded and the
 * generated NetworkAttachmentDefinition asks for the bridge's device-plugin resource.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OvsConfig(
        @Required @JsonProperty("bridge") String bridge,
        @JsonProperty("vlan") Integer vlan,
        @JsonProperty("trunk") List<OvsTrunk> trunk,
        @JsonProperty("deviceID") String deviceID,
        @JsonProperty("ippools") SpiderpoolPools ippools) {}
