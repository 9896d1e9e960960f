package io.spidernet.spiderpool.core.cni;

import io.spidernet.spiderpool.core.error.IpamException;

/** The one mapping from an IPAM failure to the CNI error the runtime sees. */
public final class IpamErrors {
    private IpamErrors() {}

    public static CniError toCni(IpamException e) {
        return switch (e) {
            case IpamException.WrongInput w -> new CniError.Spiderpool(SpiderpoolErrorKind.WRONG_INPUT, e.getMessage());
            case IpamException.NoAvailablePool n ->
                    new CniError.Spiderpool(SpiderpoolErrorKind.NO_IPPOOL_AVAILABLE, e.getMessage());
            case IpamException.IpUsedOut u -> new CniError.Spiderpool(SpiderpoolErrorKind.IP_USED_OUT, e.getMessage());
            case IpamException.RetriesExhausted r ->
                    new CniError.Spiderpool(SpiderpoolErrorKind.RETRIES_EXHAUSTED, e.getMessage());
            // the controller is still making the application's pool: the runtime's retry will find it
            case IpamException.AutoPoolNotReady a -> new CniError.TryAgainLater("IPPool for the application is not ready",
                    e.getMessage());
        };
    }
}
