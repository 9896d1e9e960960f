package io.spidernet.spiderpool.core.model.multus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.spidernet.spiderpool.core.model.NoIntegerFormat;

/** One entry of {@code spec.ovs.trunk}: a single VLAN {@code id}, or the range {@code minID..maxID}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OvsTrunk(
        @Min(0) @Max(4094) @NoIntegerFormat @JsonProperty("minID")
        @JsonPropertyDescription("First VLAN ID of a range, 0 to 4094; use with maxID.")
        Integer minID,
        @Min(0) @Max(4094) @NoIntegerFormat @JsonProperty("maxID")
        @JsonPropertyDescription("Last VLAN ID of a range, 0 to 4094; use with minID.")
        Integer maxID,
        @Min(0) @Max(4094) @NoIntegerFormat @JsonProperty("id")
        @JsonPropertyDescription("A single VLAN ID, 0 to 4094.")
        Integer id) {}
