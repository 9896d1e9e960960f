package io.spidernet.spiderpool.core.model.multus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/**
 * The bond the ifacer plugin builds over several masters. {@code mode} is the Linux bonding mode
 * number (0 balance-rr … 6 balance-alb); {@code options} is passed through as written.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BondConfig(
        @Required @JsonProperty("name")
        @JsonPropertyDescription("Name of the bond interface on the host.")
        String name,
        @Required @Min(0) @Max(6) @JsonProperty("mode")
        @JsonPropertyDescription("Linux bonding mode: 0 balance-rr, 1 active-backup, 2 balance-xor, 3 broadcast, 4 802.3ad,"
                + " 5 balance-tlb, 6 balance-alb.")
        Integer mode,
        @JsonProperty("options")
        @JsonPropertyDescription("Further bonding parameters, passed on as written, as key=value pairs separated by"
                + " semicolons, such as miimon=100;primary=eth1.")
        String options) {}
