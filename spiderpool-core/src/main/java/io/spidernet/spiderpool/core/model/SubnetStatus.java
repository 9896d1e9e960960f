package io.spidernet.spiderpool.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Min;

/**
 * {@code SpiderSubnet.status}. {@code controlledIPPools} is a JSON object in a string, keyed by pool
 * name: {@code {"pool":{"ips":["a-b"],"application":"apps_v1_Deployment_ns_name"}}}.
 * {@code allocatedIPCount} counts addresses handed to pools, not to pods.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"controlledIPPools", "totalIPCount", "allocatedIPCount"})
public class SubnetStatus {
    @JsonProperty("controlledIPPools")
    private String controlledIPPools;
    @Min(0)
    @JsonProperty("totalIPCount")
    private Long totalIPCount;
    @Min(0)
    @JsonProperty("allocatedIPCount")
    private Long allocatedIPCount;

    @JsonProperty("controlledIPPools")
    public String getControlledIPPools() {
        return controlledIPPools;
    }

    @JsonProperty("controlledIPPools")
    public void setControlledIPPools(String controlledIPPools) {
        this.controlledIPPools = controlledIPPools;
    }

    @JsonProperty("totalIPCount")
    public Long getTotalIPCount() {
        return totalIPCount;
    }

    @JsonProperty("totalIPCount")
    public void setTotalIPCount(Long totalIPCount) {
        this.totalIPCount = totalIPCount;
    }

    @JsonProperty("allocatedIPCount")
    public Long getAllocatedIPCount() {
        return allocatedIPCount;
    }

    @JsonProperty("allocatedIPCount")
    public void setAllocatedIPCount(Long allocatedIPCount) {
        this.allocatedIPCount = allocatedIPCount;
    }
}
