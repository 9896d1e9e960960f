package io.spidernet.spiderpool.agent.ipam;

import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.CheckRequest;
import io.spidernet.spiderpool.api.agent.v1.CheckResponse;
import io.spidernet.spiderpool.api.agent.v1.CoordinatorConfig;
import io.spidernet.spiderpool.api.agent.v1.GarbageCollectRequest;
import io.spidernet.spiderpool.api.agent.v1.GarbageCollectResponse;
import io.spidernet.spiderpool.api.agent.v1.GetCoordinatorConfigRequest;
import io.spidernet.spiderpool.api.agent.v1.GetWorkloadEndpointRequest;
import io.spidernet.spiderpool.api.agent.v1.HealthyRequest;
import io.spidernet.spiderpool.api.agent.v1.HealthyResponse;
import io.spidernet.spiderpool.api.agent.v1.ReleaseAllRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseResponse;
import io.spidernet.spiderpool.api.agent.v1.WorkloadEndpoint;

/**
 * The node API as both transports (CNI socket, gRPC) serve it. Two implementations, because what a
 * call means differs with where state lives: {@link NodeService} on the node's own files, where a
 * container is a workload; {@code ClusterNodeService} against the API server, where a pod is, with
 * upstream's rules for live pods, StatefulSets and VMs. Every call answers or throws; the transports
 * turn a throw into a {@code Failure} with {@link Failures}.
 */
public interface NodeApi extends AutoCloseable {

    AllocateResponse allocate(AllocateRequest req);

    ReleaseResponse release(ReleaseRequest req);

    ReleaseResponse releaseAll(ReleaseAllRequest req);

    CheckResponse check(CheckRequest req);

    HealthyResponse healthy(HealthyRequest req);

    WorkloadEndpoint workloadEndpoint(GetWorkloadEndpointRequest req);

    CoordinatorConfig coordinatorConfig(GetCoordinatorConfigRequest req);

    /**
     * CNI GC: releases this node's attachments to {@code req.network} that are not among its valid
     * attachments. Records without a network name (written before ADD sent one) are never released here.
     */
    GarbageCollectResponse garbageCollect(GarbageCollectRequest req);

    /** Pool status writes sent so far (a store without compare-and-set races reports 0). */
    default long poolWrites() {
        return 0;
    }

    /** Of those, the ones refused because another writer changed the pool first. */
    default long poolWriteConflicts() {
        return 0;
    }

    /** Allocations that had to wait for their application's auto-pool to appear (0 where there are none). */
    default long autoPoolWaits() {
        return 0;
    }

    /** The calls whose waiting is measured. */
    enum Call { ALLOCATION, RELEASE }

    /**
     * Told how long a call waited behind another call of this agent on the same pod before its own work
     * began (upstream's "limit duration"); implementations that never make a call wait never call it.
     */
    @FunctionalInterface
    interface QueueWaits {
        QueueWaits NONE = (call, nanos) -> { };

        void waited(Call call, long nanos);
    }

    /** One line for the start-up log: the store and what it holds. */
    String describe();

    @Override
    void close();
}
