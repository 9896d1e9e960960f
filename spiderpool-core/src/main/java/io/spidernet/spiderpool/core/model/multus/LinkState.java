package io.spidernet.spiderpool.core.model.multus;

import com.fasterxml.jackson.annotation.JsonValue;

/** {@code spec.ibsriov.linkState}: the link state ib-sriov forces on the VF. */
public enum LinkState {
    AUTO("auto"),
    ENABLE("enable"),
    DISABLE("disable");

    private final String wire;

    LinkState(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
