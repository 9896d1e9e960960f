package io.spidernet.spiderpool.controller.admin;

import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.spidernet.spiderpool.api.controller.v1.Admin;
import io.spidernet.spiderpool.api.controller.v1.ExplainAllocationRequest;
import io.spidernet.spiderpool.api.controller.v1.ExplainAllocationResponse;
import io.spidernet.spiderpool.api.controller.v1.GcPreviewRequest;
import io.spidernet.spiderpool.api.controller.v1.GcPreviewResponse;
import io.spidernet.spiderpool.api.controller.v1.PoolUsageRequest;
import io.spidernet.spiderpool.api.controller.v1.PoolUsageResponse;
import io.spidernet.spiderpool.api.controller.v1.TriggerGcRequest;
import io.spidernet.spiderpool.api.controller.v1.TriggerGcResponse;
import java.util.function.Supplier;

/** The admin API as gRPC (reflection on), blocking because every answer reads the API server. */
@GrpcService
@Blocking
public class AdminGrpcService implements Admin {
    private final AdminService admin;

    AdminGrpcService(AdminService admin) {
        this.admin = admin;
    }

    @Override
    public Uni<PoolUsageResponse> poolUsage(PoolUsageRequest request) {
        return call(() -> admin.usage(request));
    }

    @Override
    public Uni<ExplainAllocationResponse> explainAllocation(ExplainAllocationRequest request) {
        if (request.getPodNamespace().isEmpty() || request.getPodName().isEmpty()) {
            return Uni.createFrom().failure(Status.INVALID_ARGUMENT
                    .withDescription("pod_namespace and pod_name are required").asRuntimeException());
        }
        return call(() -> admin.explain(request));
    }

    @Override
    public Uni<GcPreviewResponse> gcPreview(GcPreviewRequest request) {
        return call(() -> admin.gcPreview(request));
    }

    @Override
    public Uni<TriggerGcResponse> triggerGc(TriggerGcRequest request) {
        return call(admin::triggerGc);
    }

    private static <T> Uni<T> call(Supplier<T> work) {
        try {
            return Uni.createFrom().item(work.get());
        } catch (AdminService.PodNotFound e) {
            return Uni.createFrom().failure(Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException());
        } catch (AdminService.NotLeader e) {
            return Uni.createFrom().failure(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(Status.INTERNAL.withDescription(String.valueOf(e.getMessage())).asRuntimeException());
        }
    }
}
