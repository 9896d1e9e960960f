package io.spidernet.spiderpool.core.cni;

import java.util.List;

/**
 * The CNI verbs and, per the spec, which CNI_* variables each one requires (CNI_COMMAND itself
 * is always required). GC and STATUS are spec 1.1.0 verbs about a network, not an attachment:
 * no container, namespace or interface; GC needs CNI_PATH (to reach delegated plugins).
 */
public enum CniCommand {
    ADD(List.of(CniRequest.CONTAINER_ID, CniRequest.NETNS, CniRequest.IFNAME)),
    DEL(List.of(CniRequest.CONTAINER_ID, CniRequest.IFNAME)),
    CHECK(List.of(CniRequest.CONTAINER_ID, CniRequest.NETNS, CniRequest.IFNAME)),
    VERSION(List.of()),
    GC(List.of(CniRequest.PATH)),
    STATUS(List.of());

    private final List<String> requiredVariables;

    CniCommand(List<String> requiredVariables) {
        this.requiredVariables = requiredVariables;
    }

    /** The variables besides CNI_COMMAND that must be set and non-empty. */
    public List<String> requiredVariables() {
        return requiredVariables;
    }

    /** Whether the verb concerns one attachment, so CNI_ARGS (pod name, namespace) applies. */
    public boolean takesArgs() {
        return this == ADD || this == DEL || this == CHECK;
    }

    /** The command for this exact (case-sensitive, as in libcni) name, or null. */
    public static CniCommand find(String name) {
        for (CniCommand c : values()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
