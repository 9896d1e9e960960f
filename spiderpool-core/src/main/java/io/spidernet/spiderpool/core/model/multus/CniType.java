package io.spidernet.spiderpool.core.model.multus;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * {@code spec.cniType}: the main plugin of the generated NetworkAttachmentDefinition, and so which
 * single sub-config block may be set. {@code custom} takes the whole config from {@code customCNI}.
 */
public enum CniType {
    MACVLAN("macvlan"),
    IPVLAN("ipvlan"),
    VLAN("vlan"),
    SRIOV("sriov"),
    OVS("ovs"),
    IB_SRIOV("ib-sriov"),
    IPOIB("ipoib"),
    CUSTOM("custom");

    private final String wire;

    CniType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
