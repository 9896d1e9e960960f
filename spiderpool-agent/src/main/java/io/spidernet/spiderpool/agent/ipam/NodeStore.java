package io.spidernet.spiderpool.agent.ipam;

import io.spidernet.spiderpool.core.allocation.PoolStore;
import io.spidernet.spiderpool.core.ipam.PodAllocator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The local store as the node API uses it, beyond the engine's {@link PoolStore}: the snapshot
 * selection runs on, the endpoint records, and a unit of work. The node flow reaches the records
 * through {@link LocalRecords}; in a cluster, pools and records are SpiderIPPools and SpiderEndpoints
 * behind the agent's caches instead ({@code agent.cluster}), and nothing implements this interface.
 */
public interface NodeStore extends PoolStore {

    /** {@code local} or {@code kubernetes}, as the Healthy call reports it. */
    String kind();

    /** What the store holds, after its kind, for the start-up log (e.g. {@code ", pools from /etc/..."}). */
    default String describe() {
        return "";
    }

    /** Every pool and SpiderReservedIP, for selection. */
    PodAllocator.Snapshot snapshot();

    Optional<EndpointRecord> endpoint(String namespace, String name);

    /** Every endpoint record, for CNI GC. */
    List<EndpointRecord> endpoints();

    void putEndpoint(EndpointRecord endpoint);

    void removeEndpoint(String namespace, String name);

    /**
     * Runs one IPAM mutation (the pool writes and the endpoint write of one request) as a unit:
     * what it wrote is durable when this returns, and nothing of it is kept when it throws.
     */
    <T> T mutation(Supplier<T> work);
}
