package io.spidernet.spiderpool.core.model.multus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * {@code spec.macvlan} and {@code spec.ipvlan}, which upstream declares as two identical types. More
 * than one master needs {@code bond}; a non-zero {@code vlanID} makes ifacer create the VLAN
 * sub-interface first. {@code mtu} 0 leaves the MTU to the kernel.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MasterLinkConfig(
        @Required @JsonProperty("master") List<String> master,
        @Default("0") @Min(0) @JsonProperty("mtu") Integer mtu,
        @Min(0) @Max(4094) @JsonProperty("vlanID") Integer vlanID,
        @JsonProperty("bond") BondConfig bond,
        @JsonProperty("rdmaResourceName") String rdmaResourceName,
        @JsonProperty("ippools") SpiderpoolPools ippools) {}
