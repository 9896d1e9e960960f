package io.spidernet.spiderpool.core.model;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Min;

/**
 * {@code SpiderIPPool.status}. {@code allocatedIPs} is upstream's ledger: one JSON object in a
 * string, keyed by IP ({@code {"10.6.168.101":{"pod":"ns/name","podUid":"..."}}}); read and write it
 * only through {@code AllocatedIpsCodec}.
 */
@JsonClassDescription("The pool's allocation ledger and counts, written by Spiderpool; not for users to edit.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"allocatedIPs", "totalIPCount", "allocatedIPCount"})
public class IPPoolStatus {
    @JsonProperty("allocatedIPs")
    @JsonPropertyDescription("Who holds each allocated address: a JSON object in a string, keyed by IP without"
            + " prefix length, each value {\"pod\":\"namespace/name\",\"podUid\":\"...\"}. Absent while nothing is"
            + " allocated.")
    private String allocatedIPs;
    @Min(0)
    @JsonProperty("totalIPCount")
    @JsonPropertyDescription("How many addresses the pool can hand out: those in ips less those in excludeIPs."
            + " SpiderReservedIP addresses are still counted.")
    private Long totalIPCount;
    @Min(0)
    @JsonProperty("allocatedIPCount")
    @JsonPropertyDescription("How many addresses are allocated now, one per entry of allocatedIPs.")
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
