package io.spidernet.spiderpool.agent.ipam;

import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.CheckRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseAllRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseRequest;
import java.util.Optional;

/**
 * Where the node flow's pod facts come from: the request alone (no cluster) or the API server. Each
 * method decides who a call is about and refuses, with a {@link NodeFailure}, what the source can tell
 * is wrong (a pod on another node, one that will not run again, a missing UID).
 */
public interface PodSource<P> {

    /**
     * What a DEL is about. {@link #POD}: the pod is going, so DEL frees every NIC of its record, from
     * whichever sandbox (upstream's semantics in a cluster); kept while a StatefulSet's or VM's slot is
     * valid, and never on a record another node holds. {@link #SANDBOX_NIC}: without a cluster one network
     * of several may be detached, so DEL frees the one NIC, and only for the sandbox that allocated it.
     */
    enum ReleaseScope { POD, SANDBOX_NIC }

    ReleaseScope releaseScope();

    /** The pod an ADD is for. */
    Subject<P> forAdd(AllocateRequest req);

    /** The pod a DEL is for; empty when the source already knows nothing may be freed (a live pod, say). */
    Optional<Subject<P>> forRelease(ReleaseRequest req);

    /** The pod whose addresses a ReleaseAll (after an IP conflict) frees; refused where that is not allowed. */
    Subject<P> forReleaseAll(ReleaseAllRequest req);

    /** The pod a CHECK is about. */
    Subject<P> forCheck(CheckRequest req);

    /** What selection needs beyond the request; asked anew for each look for an auto-pool. */
    PodContext context(Subject<P> subject);

    /** The answer to a CHECK of a NIC nothing is recorded for. */
    NodeFailure notRecorded(Subject<P> subject, String nic);
}
