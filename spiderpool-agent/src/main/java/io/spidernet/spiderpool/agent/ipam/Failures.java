package io.spidernet.spiderpool.agent.ipam;

import io.spidernet.spiderpool.api.agent.v1.Failure;
import io.spidernet.spiderpool.core.error.IpamException;

/**
 * The one mapping from what a call can throw to the wire's {@link Failure}: each IPAM error kind
 * to its own failure kind, so the CNI plugin can map on to a CNI error code without reading
 * messages; the message is kept whole because it names every refused pool and the fix.
 */
public final class Failures {
    private Failures() {}

    public static Failure of(Throwable t) {
        Failure.Kind kind = switch (t) {
            case NodeFailure f -> f.kind();
            case IpamException e -> kindOf(e);
            default -> Failure.Kind.INTERNAL;
        };
        String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
        return Failure.newBuilder().setKind(kind).setMessage(message).build();
    }

    public static Failure.Kind kindOf(IpamException e) {
        return switch (e) {
            case IpamException.WrongInput w -> Failure.Kind.WRONG_INPUT;
            case IpamException.NoAvailablePool n -> Failure.Kind.NO_AVAILABLE_POOL;
            case IpamException.IpUsedOut u -> Failure.Kind.IP_USED_OUT;
            case IpamException.RetriesExhausted r -> Failure.Kind.RETRIES_EXHAUSTED;
            case IpamException.AutoPoolNotReady a -> Failure.Kind.NOT_READY;
        };
    }
}
