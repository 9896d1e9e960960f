package io.spidernet.spiderpool.controller.admin;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.spidernet.spiderpool.api.controller.v1.AdminGrpc;
import io.spidernet.spiderpool.api.controller.v1.ExplainAllocationRequest;
import io.spidernet.spiderpool.api.controller.v1.ExplainAllocationResponse;
import io.spidernet.spiderpool.api.controller.v1.GcPreviewRequest;
import io.spidernet.spiderpool.api.controller.v1.GcPreviewResponse;
import io.spidernet.spiderpool.api.controller.v1.PoolUsageRequest;
import io.spidernet.spiderpool.api.controller.v1.PoolUsageResponse;
import io.spidernet.spiderpool.api.controller.v1.TriggerGcRequest;
import io.spidernet.spiderpool.api.controller.v1.TriggerGcResponse;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The admin API as gRPC, served by {@link AdminServer} only (not a Quarkus {@code @GrpcService}, which
 * would put it on the unauthenticated health port too). Every answer reads the API server, so the work
 * runs on worker threads; a call that outlasts {@code callTimeout} is answered DEADLINE_EXCEEDED and
 * its result, if it still comes, is dropped.
 */
public final class AdminGrpcService extends AdminGrpc.AdminImplBase {
    private final AdminService admin;
    private final Vertx vertx;
    private final WorkerExecutor workers;
    private final Duration callTimeout;

    public AdminGrpcService(AdminService admin, Vertx vertx, WorkerExecutor workers, Duration callTimeout) {
        this.admin = admin;
        this.vertx = vertx;
        this.workers = workers;
        this.callTimeout = callTimeout;
    }

    @Override
    public void poolUsage(PoolUsageRequest request, StreamObserver<PoolUsageResponse> out) {
        call(out, () -> admin.usage(request));
    }

    @Override
    public void explainAllocation(ExplainAllocationRequest request, StreamObserver<ExplainAllocationResponse> out) {
        if (request.getPodNamespace().isEmpty() || request.getPodName().isEmpty()) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("pod_namespace and pod_name are required").asRuntimeException());
            return;
        }
        call(out, () -> admin.explain(request));
    }

    @Override
    public void gcPreview(GcPreviewRequest request, StreamObserver<GcPreviewResponse> out) {
        call(out, () -> admin.gcPreview(request));
    }

    @Override
    public void triggerGc(TriggerGcRequest request, StreamObserver<TriggerGcResponse> out) {
        call(out, () -> admin.triggerGc(callTimeout));
    }

    /** Runs {@code work} on a worker; answers on this call's event loop, once: the result or the deadline. */
    private <T> void call(StreamObserver<T> out, Supplier<T> work) {
        boolean[] answered = {false};
        long timer = vertx.setTimer(Math.max(1, callTimeout.toMillis()), id -> {
            if (!answered[0]) {
                answered[0] = true;
                out.onError(Status.DEADLINE_EXCEEDED.withDescription("the call did not finish within " + callTimeout
                        + " (spiderpool.controller.admin.call-timeout)").asRuntimeException());
            }
        });
        workers.executeBlocking(work::get, false).onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (answered[0]) {
                return;
            }
            answered[0] = true;
            if (ar.succeeded()) {
                out.onNext(ar.result());
                out.onCompleted();
            } else {
                out.onError(status(ar.cause()).asRuntimeException());
            }
        });
    }

    private static Status status(Throwable e) {
        return switch (e) {
            case AdminService.PodNotFound p -> Status.NOT_FOUND.withDescription(p.getMessage());
            case AdminService.NotLeader n -> Status.FAILED_PRECONDITION.withDescription(n.getMessage());
            case AdminService.ScanStillRunning s -> Status.DEADLINE_EXCEEDED.withDescription(s.getMessage());
            default -> Status.INTERNAL.withDescription(String.valueOf(e.getMessage()));
        };
    }
}
