package io.spidernet.spiderpool.core.cni;

/**
 * Spiderpool's plugin-specific CNI error codes (the spec leaves 100 and up to plugins). Upstream
 * Spiderpool prints all of these as a generic error; distinct codes let a runtime or an operator's
 * alert tell "pool exhausted" from "address conflict" without parsing text.
 *
 * <p>The numbers are part of the wire contract: never renumber, only append. Failures that clear
 * up on their own (agent not ready, socket refused) are not here: they use the spec's code 11.
 */
public enum SpiderpoolErrorKind {
    /** Every candidate pool was filtered out (affinity, family, NIC, subnet); details list why. */
    NO_IPPOOL_AVAILABLE(100, "no IPPool available",
            "name an existing pool in the pod's ipam.spidernet.io annotations or in default_ipv4_ippool/"
                    + "default_ipv6_ippool, and make its nodeAffinity, namespaceAffinity and podAffinity match this pod"),
    /** The chosen pools have no free address left. */
    IP_USED_OUT(101, "all IP addresses used out",
            "add addresses to the pool's spec.ips, remove some from spec.excludeIPs, or use another pool"),
    /** Another host answered ARP/NDP for the address just allocated; it was released again. */
    IP_CONFLICT(102, "IP conflict",
            "another host on the underlay uses this address: stop it or add the address to the pool's spec.excludeIPs;"
                    + " the runtime will retry with another address"),
    /** The pool's gateway did not answer ARP/NDP from the pod's interface. */
    GATEWAY_UNREACHABLE(103, "gateway unreachable",
            "check the pool's spec.gateway and the underlay (VLAN, master interface), or turn off gateway detection"),
    /** Optimistic writes kept colliding with other allocations on the same pool. */
    RETRIES_EXHAUSTED(104, "allocation retries exhausted",
            "the pool is contended; the runtime's next attempt usually succeeds, otherwise see the spiderpool-agent log"),
    /** The agent answered, but with no address for CNI_IFNAME. */
    NO_IP_FOR_INTERFACE(105, "no IP allocated for this interface",
            "make the pod's NIC annotations (ipam.spidernet.io/ippools) name this interface"),
    /** The agent refused the request as inconsistent (e.g. IPv6 enabled but no IPv6 pool for the NIC). */
    WRONG_INPUT(106, "IP allocation request rejected",
            "fix the pod annotation or network config field named in the details"),
    /** The agent failed in a way the plugin cannot classify; its log has the cause. */
    AGENT_FAILURE(107, "spiderpool-agent failed the request",
            "see the spiderpool-agent log on this node for the cause"),
    /** The agent has no allocation for this container and interface (CHECK after a release or GC). */
    NOT_RECORDED(108, "no allocation recorded for this container and interface",
            "the allocation was released or garbage-collected; delete and re-create the pod (CNI DEL, then ADD)"
                    + " so that it gets addresses again"),
    /** CHECK found the container's addresses differ from what the agent recorded. */
    CHECK_MISMATCH(109, "the container's addresses differ from the recorded allocation",
            "something changed the interface or the result after ADD; delete and re-create the pod (CNI DEL,"
                    + " then ADD) to restore a consistent state"),
    /** Releasing a conflicting address was refused: the agent runs with conflict release off (upstream's 521). */
    CONFLICT_RELEASE_DISABLED(110, "releasing the conflicting IP is disabled",
            "the address stays allocated to the pod; free the address on the underlay, or set"
                    + " SPIDERPOOL_ENABLED_RELEASE_CONFLICT_IPS=true on spiderpool-agent"),
    /** Releasing a conflicting address was refused: it is a StatefulSet's or a VM's fixed address (upstream's 522). */
    CONFLICT_RELEASE_STATEFUL(111, "a fixed IP of a StatefulSet pod or KubeVirt VM is not released on conflict",
            "free the address on the underlay; the pod keeps its fixed address and the runtime retries"),
    /**
     * ifacer: the host's links contradict the configuration (another VLAN link has the VLAN ID, a
     * non-bond link has the bond's name, an interface is missing or enslaved elsewhere). Numbered
     * from 120 to leave 112–119 to the IPAM side.
     */
    HOST_LINK_MISMATCH(120, "the host's links do not fit the ifacer configuration",
            "change interfaces, vlanID or bond.name in the network configuration (the SpiderMultusConfig), or the"
                    + " host link named in the details"),
    /** ifacer: the kernel refused to create or change a host link; details name link, operation and errno. */
    HOST_LINK_FAILED(121, "changing a host link failed",
            "the details name the link, the operation and the kernel's answer; fix the host as they say and the"
                    + " runtime's next attempt creates the link"),
    /**
     * The program was invoked by a name that is none of its plugins (spiderpool, coordinator,
     * ifacer): it is one program installed under several names, and the name picks the plugin.
     */
    UNKNOWN_PLUGIN_NAME(112, "the CNI program was invoked by a name it does not answer to",
            "install it under one of the names listed (a symlink to bin/spiderpool) and set the network's \"type\""
                    + " to that name"),
    /** A bug in the plugin itself (libcni's catch-all number, kept for familiarity). */
    INTERNAL(999, "internal error in the spiderpool plugin",
            "please report it with this whole message, which names the exception and where it was thrown");

    private final int code;
    private final String summary;
    private final String remedy;

    SpiderpoolErrorKind(int code, String summary, String remedy) {
        this.code = code;
        this.summary = summary;
        this.remedy = remedy;
    }

    public int code() {
        return code;
    }

    /** The CNI error's {@code msg}. */
    public String summary() {
        return summary;
    }

    /** What the user should change; appended to the CNI error's {@code details}. */
    public String remedy() {
        return remedy;
    }
}
