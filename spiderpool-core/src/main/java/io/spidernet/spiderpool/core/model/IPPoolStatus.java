package io.spidernet.spiderpool.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Min;

/**
 * {@code SpiderIPPool.status}. {@code allocatedIPs} is upstream's ledger: one JSON object in a
 * string, keyed by IP ({@code {"10.6.168.101":{"pod":"ns/name","podUid":"..."}}}); read and write it
 * only through {@code AllocatedIpsCodec}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"allocatedIPs", "totalIPCount", "allocatedIPCount"})
public class IPPoolStatus {
    @JsonProperty("allocatedIPs")
    private String allocatedIPs;
    @Min(0)
    @JsonProperty("totalIPCount")
    private Long totalIPCount;
    @Min(0)
    @JsonProperty("allocatedIPCount")
    private Long allocatedIPCount;

    public IPPoolStatus() {}

    public IPPoolStatus(String allocatedIPs, Long totalIPCount, Long allocatedIPCount) {
        this.allocatedIPs = allocatedIPs;
        this.totalIPCount = totalIPCount;
        this.allocatedIPCount = allocatedIPCount;
    }

    @JsonProperty("allocatedIPs")
    public String getAllocatedIPs() {
        return allocatedIPs;
    }

    @JsonProperty("allocatedIPs")
    public void setAllocatedIPs(String allocatedIPs) {
        this.allocatedIPs = allocatedIPs;
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
