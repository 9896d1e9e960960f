package io.spidernet.spiderpool.core.model;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Min;

/**
 * {@code SpiderSubnet.status}. {@code controlledIPPools} is a JSON object in a string, keyed by pool
 * name: {@code {"pool":{"ips":["a-b"],"application":"apps_v1_Deployment_ns_name"}}}.
 * {@code allocatedIPCount} counts addresses handed to pools, not to pods.
 */
@JsonClassDescription("What the subnet has handed out to pools, written by the controller.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"controlledIPPools", "totalIPCount", "allocatedIPCount"})
public class SubnetStatus {
    @JsonProperty("controlledIPPools")
    @JsonPropertyDescription("The addresses each pool holds from this subnet: a JSON object in a string, keyed by"
            + " pool name, each value {\"ips\":[ranges],\"application\":\"...\"}; application names the workload"
            + " of a pool Spiderpool created for one.")
    private String controlledIPPools;
    @Min(0)
    @JsonProperty("totalIPCount")
    @JsonPropertyDescription("How many addresses the subnet holds: those in ips less those in excludeIPs.")
    private Long totalIPCount;
    @Min(0)
    @JsonProperty("allocatedIPCount")
    @JsonPropertyDescription("How many of its addresses pools hold now; addresses pods use are not counted here.")
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
