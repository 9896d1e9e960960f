package io.spidernet.spiderpool.ctl;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** A failed gRPC call as the user is told it: the exit code by status, the server's description kept. */
final class GrpcFailures {
    private GrpcFailures() {
    }

    /** {@code target} says what was called and how to point elsewhere, e.g. "the controller's admin API at h:p". */
    static CtlException of(StatusRuntimeException e, String target, String redirectHint) {
        Status s = e.getStatus();
        String said = s.getDescription() == null ? s.getCode().name() : s.getDescription();
        return switch (s.getCode()) {
            case UNAVAILABLE -> new CtlException(ExitCode.UNREACHABLE, "cannot reach " + target + ": " + said
                    + (s.getCause() == null ? "" : " (" + s.getCause().getMessage() + ")") + "; " + redirectHint);
            case DEADLINE_EXCEEDED -> new CtlException(ExitCode.UNREACHABLE, target + " did not answer in time: " + said
                    + "; raise --timeout or retry");
            case UNAUTHENTICATED -> new CtlException(ExitCode.DENIED, target + " does not accept your credentials: " + said);
            case PERMISSION_DENIED -> new CtlException(ExitCode.DENIED, target + " refused the call: " + said);
            case NOT_FOUND -> new CtlException(ExitCode.NOT_FOUND, said);
            case INVALID_ARGUMENT -> new CtlException(ExitCode.USAGE, said);
            default -> new CtlException(ExitCode.SERVER, target + " answered " + s.getCode() + ": " + said);
        };
    }
}
