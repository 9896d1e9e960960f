package io.spidernet.spiderpool.core.model.multus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.spidernet.spiderpool.core.model.NoIntegerFormat;

/**
 * {@code spec.sriov}: a VF from the device plugin's {@code resourceName}. The webhook requires
 * {@code resourceName} (the schema does not, as upstream) and {@code minTxRateMbps <= maxTxRateMbps};
 * a rate of 0 means no limit. A non-zero {@code mtu} adds the tuning plugin to the chain.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SriovConfig(
        @JsonProperty("resourceName") String resourceName,
        @Min(0) @Max(4094) @JsonProperty("vlanID") Integer vlanID,
        @Default("0") @Min(0) @JsonProperty("mtu") Integer mtu,
        @Min(0) @NoIntegerFormat @JsonProperty("minTxRateMbps") Integer minTxRateMbps,
        @Min(0) @NoIntegerFormat @JsonProperty("maxTxRateMbps") Integer maxTxRateMbps,
        @Default("false") @JsonProperty("rdmaIsolation") Boolean rdmaIsolation,
        @JsonProperty("ippools") SpiderpoolPools ippools) {}
