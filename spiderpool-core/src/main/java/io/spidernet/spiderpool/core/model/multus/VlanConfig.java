package io.spidernet.spiderpool.core.model.multus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
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
        @Required @JsonProperty("master") List<String> master,
        @Default("0") @Min(0) @JsonProperty("mtu") Integer mtu,
        @Default("manual") @JsonProperty("vlanMode") VlanMode vlanMode,
        @Min(0) @Max(4094) @JsonProperty("vlanID") Integer vlanID,
        @JsonProperty("bond") BondConfig bond,
        @JsonProperty("rdmaResourceName") String rdmaResourceName,
        @JsonProperty("ippools") SpiderpoolPools ippools) {}
