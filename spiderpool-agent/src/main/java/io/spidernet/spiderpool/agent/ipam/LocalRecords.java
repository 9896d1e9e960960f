package io.spidernet.spiderpool.agent.ipam;

import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.core.model.IPAllocationDetail;
import io.spidernet.spiderpool.core.model.PodIPAllocation;
import io.spidernet.spiderpool.core.workload.Validity;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Endpoint records in a {@link NodeStore} (the local state file); one store mutation is the unit of work. */
final class LocalRecords implements EndpointRecords<Workload, EndpointRecord> {
    private final NodeStore store;
    private final String nodeName;

    LocalRecords(NodeStore store, String nodeName) {
        this.store = store;
        this.nodeName = nodeName;
    }

    @Override
    public <T> T unit(NodeApi.Call call, String namespace, String recordName, Supplier<T> work) {
        return store.mutation(work);
    }

    @Override
    public Optional<EndpointRecord> read(String namespace, String recordName, boolean confirmed) {
        return store.endpoint(namespace, recordName); // the store is the source of truth: nothing to confirm
    }

    @Override
    public EndpointRecord view(EndpointRecord record) {
        return record;
    }

    @Override
    public Optional<Validity> fixedSlot(EndpointRecord record) {
        return Optional.empty();
    }

    /** A new sandbox of the same pod keeps its addresses; the record names the sandbox now asking. */
    @Override
    public EndpointRecord repeated(Subject<Workload> s, EndpointRecord held, AllocateRequest req, String nic) {
        EndpointRecord same = held.withNics(List.of(), s.sandbox()).withNetwork(nic, req.getNetwork());
        if (!same.equals(held)) {
            store.putEndpoint(same);
        }
        return same;
    }

    @Override
    public EndpointRecord write(Subject<Workload> s, Optional<EndpointRecord> held, List<IPAllocationDetail> nics,
                                AllocateRequest req, String nic) {
        EndpointRecord next = held.filter(e -> e.uid().equals(s.uid())).map(e -> e.withNics(nics, s.sandbox()))
                .orElseGet(() -> new EndpointRecord(s.namespace(), s.recordName(), s.sandbox(),
                        new PodIPAllocation(s.uid(), nodeName, nics)))
                .withNetwork(nic, req.getNetwork());
        store.putEndpoint(next);
        return next;
    }

    @Override
    public void released(EndpointRecord held, EndpointRecord rest) {
        if (rest.nics().isEmpty()) {
            store.removeEndpoint(held.namespace(), held.name());
        } else {
            store.putEndpoint(rest);
        }
    }
}
