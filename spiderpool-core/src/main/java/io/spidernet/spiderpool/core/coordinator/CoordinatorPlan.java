package io.spidernet.spiderpool.core.coordinator;

import java.util.List;

/**
 * The changes of one coordinator ADD: first {@link #pod} in the pod's namespace (which creates the
 * veth pair, so its host end exists afterwards), then {@link #host} in the host's.
 */
public record CoordinatorPlan(List<NetOp> pod, List<NetOp> host) {
    public CoordinatorPlan {
        pod = List.copyOf(pod);
        host = List.copyOf(host);
    }
}
