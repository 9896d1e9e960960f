package io.spidernet.spiderpool.core.model.multus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/**
 * The bond the ifacer plugin builds over several masters. {@code mode} is the Linux bonding mode
 * number (0 balance-rr … 6 balance-alb); {@code options} is passed through as written.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BondConfig(
        @Required @JsonProperty("name") String name,
        @Required @Min(0) @Max(6) @JsonProperty("mode") Integer mode,
        @JsonProperty("options") String options) {}
