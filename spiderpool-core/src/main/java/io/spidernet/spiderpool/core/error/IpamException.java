package io.spidernet.spiderpool.core.error;

import java.util.List;

/**
 * Every way an IPAM request can fail, as one sealed type: each kind maps to one upstream error
 * (and its metric) and to one CNI error code, so adapters switch on the kind instead of parsing
 * messages. Messages say what to change.
 */
public abstract sealed class IpamException extends RuntimeException
        permits IpamException.WrongInput, IpamException.NoAvailablePool, IpamException.IpUsedOut,
        IpamException.RetriesExhausted, IpamException.AutoPoolNotReady {
    private static final long serialVersionUID = 1L;

    private IpamException(String message) {
        super(message);
    }

    /** Upstream's error string for this kind, used as the metric/error taxonomy key. */
    public String upstreamKind() {
        return switch (this) {
            case WrongInput w -> "wrong input";
            case NoAvailablePool n -> "no IPPool available";
            case IpUsedOut u -> "all IP addresses used out";
            case RetriesExhausted r -> "exhaust all retries";
            case AutoPoolNotReady a -> "no IPPool available";
        };
    }

    /** The request itself is wrong (annotation, pool list); retrying the same request cannot help. */
    public static final class WrongInput extends IpamException {
        private static final long serialVersionUID = 1L;

        public WrongInput(String message) {
            super("wrong input: " + message);
        }
    }

    /** Every candidate pool of a NIC and family was refused; the message lists each one and why. */
    public static final class NoAvailablePool extends IpamException {
        private static final long serialVersionUID = 1L;
        private final transient List<String> reasons;

        public NoAvailablePool(String message, List<String> reasons) {
            super("no IPPool available: " + message + (reasons.isEmpty() ? "" : "; " + String.join("; ", reasons)));
            this.reasons = List.copyOf(reasons);
        }

        public List<String> reasons() {
            return reasons;
        }
    }

    /** Candidates existed but none had a free address (or they failed for other per-pool reasons). */
    public static final class IpUsedOut extends IpamException {
        private static final long serialVersionUID = 1L;
        private final transient List<String> reasons;

        public IpUsedOut(String message, List<String> reasons) {
            super("all IP addresses used out: " + message + (reasons.isEmpty() ? "" : "; " + String.join("; ", reasons)));
            this.reasons = List.copyOf(reasons);
        }

        public List<String> reasons() {
            return reasons;
        }
    }

    /** The pool kept changing under us; the caller may retry later. */
    public static final class RetriesExhausted extends IpamException {
        private static final long serialVersionUID = 1L;

        public RetriesExhausted(String message) {
            super("exhaust all retries: " + message);
        }
    }

    /** The application's pool from a SpiderSubnet does not exist (yet) or is being resized. */
    public static final class AutoPoolNotReady extends IpamException {
        private static final long serialVersionUID = 1L;

        public AutoPoolNotReady(String message) {
            super("no IPPool available: " + message);
        }
    }
}
