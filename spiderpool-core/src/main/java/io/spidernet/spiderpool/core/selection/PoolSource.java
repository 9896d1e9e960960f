package io.spidernet.spiderpool.core.selection;

/** Where a NIC's candidate pools came from, in precedence order: the first level that names pools wins. */
public enum PoolSource {
    SUBNET_ANNOTATION("pod annotation ipam.spidernet.io/subnets or subnet"),
    IPPOOLS_ANNOTATION("pod annotation ipam.spidernet.io/ippools"),
    IPPOOL_ANNOTATION("pod annotation ipam.spidernet.io/ippool"),
    NAMESPACE_DEFAULT("namespace annotation ipam.spidernet.io/default-ipv4-ippool / default-ipv6-ippool"),
    CNI_CONFIG_DEFAULT("CNI config default_ipv4_ippool / default_ipv6_ippool"),
    CLUSTER_DEFAULT("cluster default pools (spec.default: true)");

    private final String description;

    PoolSource(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
