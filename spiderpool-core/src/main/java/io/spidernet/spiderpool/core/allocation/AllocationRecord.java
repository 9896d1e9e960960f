package io.spidernet.spiderpool.core.allocation;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One entry of a pool's {@code status.allocatedIPs}: who holds the address. {@code pod} is
 * {@code <namespace>/<name>} (for a KubeVirt VM pod, the VMI name); {@code podUid} is the identity.
 */
@JsonPropertyOrder({"pod", "podUid"})
public record AllocationRecord(@JsonProperty("pod") String pod, @JsonProperty("podUid") String podUid) {

    public static AllocationRecord of(PodRef ref) {
        return new AllocationRecord(ref.namespace() + "/" + ref.name(), ref.uid());
    }
}
