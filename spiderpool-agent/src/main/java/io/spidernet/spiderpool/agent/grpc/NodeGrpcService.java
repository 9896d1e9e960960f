package io.spidernet.spiderpool.agent.grpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.spidernet.spiderpool.agent.ipam.Failures;
import io.spidernet.spiderpool.agent.ipam.NodeApi;
import io.spidernet.spiderpool.api.agent.v1.AllocateRequest;
import io.spidernet.spiderpool.api.agent.v1.AllocateResponse;
import io.spidernet.spiderpool.api.agent.v1.CheckRequest;
import io.spidernet.spiderpool.api.agent.v1.CheckResponse;
import io.spidernet.spiderpool.api.agent.v1.Coordinator;
import io.spidernet.spiderpool.api.agent.v1.CoordinatorConfig;
import io.spidernet.spiderpool.api.agent.v1.GarbageCollectRequest;
import io.spidernet.spiderpool.api.agent.v1.GarbageCollectResponse;
import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.api.agent.v1.GetCoordinatorConfigRequest;
import io.spidernet.spiderpool.api.agent.v1.GetWorkloadEndpointRequest;
import io.spidernet.spiderpool.api.agent.v1.HealthyRequest;
import io.spidernet.spiderpool.api.agent.v1.HealthyResponse;
import io.spidernet.spiderpool.api.agent.v1.Ipam;
import io.spidernet.spiderpool.api.agent.v1.ReleaseAllRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseRequest;
import io.spidernet.spiderpool.api.agent.v1.ReleaseResponse;
import io.spidernet.spiderpool.api.agent.v1.WorkloadEndpoint;
import io.spidernet.spiderpool.api.agent.v1.WorkloadEndpoints;
import java.util.function.Supplier;

/**
 * The node API as gRPC, for tooling: the same {@link NodeApi} the CNI socket serves, so both
 * answer alike. Blocking, because a mutation waits for the store's lock and an fsync. A failure
 * becomes the closest gRPC status, with the wire's {@link Failure} in the trailer
 * {@value #FAILURE_TRAILER} for clients that want the exact kind.
 */
@GrpcService
@Blocking
public class NodeGrpcService implements Ipam, Coordinator, WorkloadEndpoints {
    public static final String FAILURE_TRAILER = "spiderpool-failure-bin";
    public static final Metadata.Key<byte[]> FAILURE_KEY = Metadata.Key.of(FAILURE_TRAILER, Metadata.BINARY_BYTE_MARSHALLER);

    private final NodeApi node;

    NodeGrpcService(NodeApi node) {
        this.node = node;
    }

    @Override
    public Uni<AllocateResponse> allocate(AllocateRequest request) {
        return call(() -> node.allocate(request));
    }

    @Override
    public Uni<ReleaseResponse> release(ReleaseRequest request) {
        return call(() -> node.release(request));
    }

    @Override
    public Uni<ReleaseResponse> releaseAll(ReleaseAllRequest request) {
        return call(() -> node.releaseAll(request));
    }

    @Override
    public Uni<CheckResponse> check(CheckRequest request) {
        return call(() -> node.check(request));
    }

    @Override
    public Uni<HealthyResponse> healthy(HealthyRequest request) {
        return call(() -> node.healthy(request));
    }

    @Override
    public Uni<GarbageCollectResponse> garbageCollect(GarbageCollectRequest request) {
        return call(() -> node.garbageCollect(request));
    }

    @Override
    public Uni<CoordinatorConfig> getCoordinatorConfig(GetCoordinatorConfigRequest request) {
        return call(() -> node.coordinatorConfig(request));
    }

    @Override
    public Uni<WorkloadEndpoint> getWorkloadEndpoint(GetWorkloadEndpointRequest request) {
        return call(() -> node.workloadEndpoint(request));
    }

    private static <T> Uni<T> call(Supplier<T> work) {
        try {
            return Uni.createFrom().item(work.get());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(toStatus(Failures.of(e)));
        }
    }

    static StatusRuntimeException toStatus(Failure f) {
        Status status = switch (f.getKind()) {
            case WRONG_INPUT -> Status.INVALID_ARGUMENT;
            // the trailer's Failure tells the refusals apart (upstream's 521 and 522)
            case NO_AVAILABLE_POOL, CONFLICT_RELEASE_DISABLED, CONFLICT_RELEASE_STATEFUL -> Status.FAILED_PRECONDITION;
            case IP_USED_OUT -> Status.RESOURCE_EXHAUSTED;
            case RETRIES_EXHAUSTED -> Status.ABORTED;
            case NOT_READY -> Status.UNAVAILABLE;
            case NOT_FOUND -> Status.NOT_FOUND;
            case UNKNOWN_METHOD -> Status.UNIMPLEMENTED;
            case INTERNAL, UNRECOGNIZED -> Status.INTERNAL;
        };
        Metadata trailers = new Metadata();
        trailers.put(FAILURE_KEY, f.toByteArray());
        return status.withDescription(f.getMessage()).asRuntimeException(trailers);
    }
}
