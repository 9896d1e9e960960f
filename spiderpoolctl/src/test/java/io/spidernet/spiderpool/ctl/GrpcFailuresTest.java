package io.spidernet.spiderpool.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrpcFailuresTest {
    @Test
    void everyStatusAScriptCanActOnHasItsOwnExitCode() {
        Map<Status, ExitCode> expected = Map.of(
                Status.UNAVAILABLE.withDescription("io exception"), ExitCode.UNREACHABLE,
                Status.DEADLINE_EXCEEDED, ExitCode.UNREACHABLE,
                Status.UNAUTHENTICATED.withDescription("no bearer token"), ExitCode.DENIED,
                Status.PERMISSION_DENIED.withDescription("user u may not create /x"), ExitCode.DENIED,
                Status.NOT_FOUND.withDescription("no pod apps/x"), ExitCode.NOT_FOUND,
                Status.INVALID_ARGUMENT.withDescription("pod_name is required"), ExitCode.USAGE,
                Status.FAILED_PRECONDITION.withDescription("not the leader"), ExitCode.SERVER,
                Status.INTERNAL, ExitCode.SERVER);
        expected.forEach((status, exit) -> assertThat(GrpcFailures.of(status.asRuntimeException(), "the admin API at h:1", "hint").exit())
                .as(status.toString()).isEqualTo(exit));
    }

    @Test
    void theServersWordsAndTheHintAreKept() {
        CtlException denied = GrpcFailures.of(Status.PERMISSION_DENIED.withDescription("user bob may not create"
                + " /spiderpool.controller.v1.Admin/TriggerGc: grant verb create").asRuntimeException(), "the admin API at h:1", "hint");
        assertThat(denied.getMessage()).isEqualTo("the admin API at h:1 refused the call: user bob may not create"
                + " /spiderpool.controller.v1.Admin/TriggerGc: grant verb create");
        CtlException unreachable = GrpcFailures.of(Status.UNAVAILABLE.withDescription("io exception").asRuntimeException(),
                "the admin API at h:1", "port-forward it");
        assertThat(unreachable.getMessage()).isEqualTo("cannot reach the admin API at h:1: io exception; port-forward it");
    }
}
