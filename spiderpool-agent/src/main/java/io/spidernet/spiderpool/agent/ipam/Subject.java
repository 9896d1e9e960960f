package io.spidernet.spiderpool.agent.ipam;

import io.spidernet.spiderpool.core.allocation.PodRef;
import io.spidernet.spiderpool.core.workload.WorkloadIdentity;

/**
 * Who a node call is about, as its {@link PodSource} found it: the pod, what its addresses belong to,
 * and the name its record is filed under.
 *
 * @param handle   the source's own view of the pod (the API's Pod; the request's {@link Workload}), handed
 *                 back to the source and to the record store untouched; null where a record is judged
 *                 without its pod (a DEL of a pod the API no longer has, CNI GC), as only writes use it
 * @param sandbox  the container asking; only a sandbox-scoped source compares it with the record
 */
public record Subject<P>(P handle, PodRef pod, String sandbox, WorkloadIdentity identity) {

    public String namespace() {
        return pod.namespace();
    }

    /** The SpiderEndpoint name: the pod's, or its VM's. */
    public String recordName() {
        return identity.endpointName();
    }

    public String uid() {
        return pod.uid();
    }

    @Override
    public String toString() {
        return "pod " + pod.namespace() + "/" + pod.name() + " (uid " + pod.uid() + ")";
    }
}
