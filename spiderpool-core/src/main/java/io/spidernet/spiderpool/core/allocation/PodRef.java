package io.spidernet.spiderpool.core.allocation;

import java.util.Objects;

/**
 * Who an address is for, as written into the ledger. The UID is the identity; the name is kept
 * for people and for garbage collection. For StatefulSet and KubeVirt the caller passes the
 * current pod's UID and the engine keeps the address bound to the name (see the workload identity).
 */
public record PodRef(String namespace, String name, String uid) {
    public PodRef {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uid, "uid");
    }

    @Override
    public String toString() {
        return namespace + "/" + name + " (uid " + uid + ")";
    }
}
