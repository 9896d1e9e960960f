package io.spidernet.spiderpool.agent.ipam;

import io.spidernet.spiderpool.api.agent.v1.Failure;

/** A node API call that is refused for a reason of the node API itself (not an IPAM outcome). */
public final class NodeFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Failure.Kind kind;

    public NodeFailure(Failure.Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Failure.Kind kind() {
        return kind;
    }
}
