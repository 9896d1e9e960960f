package io.spidernet.spiderpool.core.coordinator;

import java.util.List;
import java.util.Optional;

/**
 * The changes of one coordinator ADD: first {@link #pod} in the pod's namespace (which creates the
 * veth pair, so its host end exists afterwards), then {@link #host} in the host's.
 */
public record CoordinatorPlan(List<NetOp> pod, List<NetOp> host) {
    public CoordinatorPlan {
        pod = List.copyOf(pod);
        host = List.copyOf(host);
    }

    /** The MAC address the plan gives {@code link} in the pod (podMACPrefix), if it changes it. */
    public Optional<String> macSetOn(String link) {
        return pod.stream().filter(op -> op instanceof NetOp.SetMac m && m.link().equals(link))
                .map(op -> ((NetOp.SetMac) op).mac()).reduce((first, last) -> last);
    }
}
