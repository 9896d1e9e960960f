package io.spidernet.spiderpool.core.model.coordinator;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * {@code spec.mode}: how the coordinator plugin treats the pod's NICs. {@code auto} decides per
 * call from whether the pod has an overlay {@code eth0}.
 */
public enum CoordinatorMode {
    AUTO("auto"),
    UNDERLAY("underlay"),
    OVERLAY("overlay"),
    DISABLED("disabled");

    private final String wire;

    CoordinatorMode(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
