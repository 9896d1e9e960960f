package io.spidernet.spiderpool.core.model.coordinator;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * {@code spec.podCIDRType}: where the controller reads the cluster's pod CIDRs from; {@code auto}
 * detects the cluster CNI first, {@code none} reports no pod CIDR.
 */
public enum PodCidrType {
    AUTO("auto"),
    CLUSTER("cluster"),
    CALICO("calico"),
    CILIUM("cilium"),
    NONE("none");

    private final String wire;

    PodCidrType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
