package io.spidernet.spiderpool.core.model.multus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * {@code spec.vlan}: the vlan plugin over one master (or a bond of several). {@code vlanID} is
 * required when {@code vlanMode} is manual and forbidden when it is auto; the webhook checks that.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VlanConfig(
        @Required @JsonProperty("master")
        @JsonPropertyDescription("Host interfaces the pod's NIC is built on; with more than one, bond must be set and they are"
                + " bonded first.")
        List<String> master,
        @Default("0") @Min(0) @JsonProperty("mtu")
        @JsonPropertyDescription("MTU of the pod's NIC; 0 leaves it to the kernel.")
        Integer mtu,
        @Default("manual") @JsonProperty("vlanMode")
        @JsonPropertyDescription("manual: the VLAN ID comes from vlanID; auto: an outside system such as an IaaS provider"
                + " supplies it, and vlanID must be left out.")
        VlanMode vlanMode,
        @Min(0) @Max(4094) @JsonProperty("vlanID")
        @JsonPropertyDescription("VLAN ID, 0 to 4094; required when vlanMode is manual.")
        Integer vlanID,
        @JsonProperty("bond")
        @JsonPropertyDescription("The bond built over the master interfaces when there are several.")
        BondConfig bond,
        @JsonProperty("rdmaResourceName")
        @JsonPropertyDescription("Device-plugin resource of the RDMA device shared from the master interface, for pods that"
                + " use RDMA over this network.")
        String rdmaResourceName,
        @JsonProperty("ippools")
        @JsonPropertyDescription("Pools the network's NICs take addresses from, written into the generated IPAM configuration.")
        SpiderpoolPools ippools) {}
