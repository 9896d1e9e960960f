package io.spidernet.spiderpool.core.model.multus;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * {@code spec.vlan.vlanMode}: {@code manual} takes the VLAN ID from {@code vlanID}; {@code auto}
 * leaves it to an outside system (an IaaS provider), so {@code vlanID} must then be absent.
 */
public enum VlanMode {
    MANUAL("manual"),
    AUTO("auto");

    private final String wire;

    VlanMode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
