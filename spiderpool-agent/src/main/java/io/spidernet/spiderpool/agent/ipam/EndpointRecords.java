package io.spidernet.spiderpool.agent.ipam;

import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.core.model.IPAllocationDetail;
import io.spidernet.spiderpool.core.workload.Validity;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the node flow's endpoint records live: the local state file or SpiderEndpoints. {@code R} is
 * the store's own record, handed back on every write so that the store can write at the version it
 * read; the flow looks at it only through {@link #view}.
 */
public interface EndpointRecords<P, R> {

    /** Runs the work of one call on one record as a unit: alone on that record, and durable when it returns. */
    <T> T unit(NodeApi.Call call, String namespace, String recordName, Supplier<T> work);

    /** @param confirmed a miss must be confirmed with the source of truth (another agent may have just written it) */
    Optional<R> read(String namespace, String recordName, boolean confirmed);

    EndpointRecord view(R record);

    /** Whether a StatefulSet's or VM's slot the record was written for is still valid; empty for any other record. */
    Optional<Validity> fixedSlot(R record);

    /** The same pod asks again for a NIC it holds (a new sandbox): the record as it now stands. */
    R repeated(Subject<P> subject, R held, AllocateRequest req, String nic);

    /**
     * Records that the pod holds {@code nics} (merged into {@code held} when it is the pod's own or its
     * slot's; replacing it when it was an older pod's), with {@code nic}'s CNI network; returns it as written.
     */
    R write(Subject<P> subject, Optional<R> held, List<IPAllocationDetail> nics, AllocateRequest req, String nic);

    /** After a release of some of its NICs: {@code rest} is what the record keeps; none left, the record goes. */
    void released(R held, EndpointRecord rest);
}
